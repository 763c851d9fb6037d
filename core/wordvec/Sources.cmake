# Sources of core/wordvec (zsi_core: no torch, no Qt).
