# Sources of core/image (zsi_core: no torch, no Qt).
target_sources(zsi_core PRIVATE
  image/ImageHeader.cpp
  image/ImageIO.cpp
  image/ImagePath.cpp
  image/PngEncoder.cpp
)
if(ZLIB_FOUND)
  target_sources(zsi_core PRIVATE image/PngDecoder.cpp)
endif()
