# Sources of core/coco (zsi_core: no torch, no Qt).
target_sources(zsi_core PRIVATE
  coco/CocoChunkParser.cpp
  coco/CocoDataset.cpp
  coco/CocoFilter.cpp
  coco/CocoReader.cpp
  coco/CocoResults.cpp
  coco/CocoSegmentationParse.cpp
  coco/CocoValidator.cpp
  coco/CocoWriter.cpp
  coco/CocoZsiSplit.cpp
  coco/JsonChunkText.cpp
  coco/JsonNumberList.cpp
  coco/JsonScan.cpp
  coco/JsonSource.cpp
  coco/JsonText.cpp
  coco/MaskPolygons.cpp
  coco/PolygonRaster.cpp
  coco/Rle.cpp
  coco/RleString.cpp
  coco/ZsiSplit.cpp
)
