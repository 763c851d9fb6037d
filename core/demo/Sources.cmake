# Sources of core/demo (zsi_core: no torch, no Qt).
target_sources(zsi_core PRIVATE
  demo/DemoBackground.cpp
  demo/DemoCatalog.cpp
  demo/DemoClassSet.cpp
  demo/DemoDataset.cpp
  demo/DemoRandom.cpp
  demo/DemoScene.cpp
  demo/DemoShapeGeometry.cpp
  demo/DemoSplitFiles.cpp
  demo/DemoVocabulary.cpp
)
