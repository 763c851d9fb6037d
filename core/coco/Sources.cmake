# Sources of core/coco (zsi_core: no torch, no Qt).
