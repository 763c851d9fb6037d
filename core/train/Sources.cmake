# Sources of core/train (zsi_engine: LibTorch).
