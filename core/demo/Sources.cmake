# Sources of core/demo (zsi_core: no torch, no Qt).
