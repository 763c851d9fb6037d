# Sources of core/eval (zsi_core: no torch, no Qt).
