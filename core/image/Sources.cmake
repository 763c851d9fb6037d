# Sources of core/image (zsi_core: no torch, no Qt).
