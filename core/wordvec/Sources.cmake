# Sources of core/wordvec (zsi_core: no torch, no Qt).
target_sources(zsi_core PRIVATE
  wordvec/BuiltinClassSets.cpp
  wordvec/ClassColour.cpp
  wordvec/ClassList.cpp
  wordvec/ClassMatrix.cpp
  wordvec/ClassSet.cpp
  wordvec/ClassSetJson.cpp
  wordvec/ClassVectorPack.cpp
  wordvec/MappedFile.cpp
  wordvec/NameEmbedder.cpp
  wordvec/NearestScan.cpp
  wordvec/SpellingSuggester.cpp
  wordvec/TextNumbers.cpp
  wordvec/VectorFile.cpp
  wordvec/VectorFileIndexer.cpp
  wordvec/VectorFileWriter.cpp
  wordvec/VectorFormat.cpp
  wordvec/VectorIndex.cpp
  wordvec/VectorIndexBuilder.cpp
  wordvec/VectorIndexCache.cpp
  wordvec/WordVectors.cpp
)

# The official class vectors ship in models/coco and are compiled in (see models/coco/README.md).
set(ZSI_BUILTIN_CLASS_VECTORS
  "${CMAKE_SOURCE_DIR}/models/coco/zsi_w2v_48_17.zsivec"
  "${CMAKE_SOURCE_DIR}/models/coco/zsi_w2v_65_15.zsivec")
set(_zsi_class_vectors_cpp "${CMAKE_BINARY_DIR}/generated/zsi/BuiltinClassVectorData.cpp")
set(_zsi_class_vectors_deps "${CMAKE_CURRENT_LIST_DIR}/EmbedClassVectors.cmake")
foreach(_pack IN LISTS ZSI_BUILTIN_CLASS_VECTORS)
  if(EXISTS "${_pack}")
    list(APPEND _zsi_class_vectors_deps "${_pack}")
  endif()
endforeach()
add_custom_command(
  OUTPUT "${_zsi_class_vectors_cpp}"
  COMMAND "${CMAKE_COMMAND}" "-DOUT=${_zsi_class_vectors_cpp}"
          "-DPACK_48_17=${CMAKE_SOURCE_DIR}/models/coco/zsi_w2v_48_17.zsivec"
          "-DPACK_65_15=${CMAKE_SOURCE_DIR}/models/coco/zsi_w2v_65_15.zsivec"
          -P "${CMAKE_CURRENT_LIST_DIR}/EmbedClassVectors.cmake"
  DEPENDS ${_zsi_class_vectors_deps}
  COMMENT "Compiling in the built-in class vectors (models/coco)"
  VERBATIM)
target_sources(zsi_core PRIVATE "${_zsi_class_vectors_cpp}")
# A pack added later must reach the build: re-configure when models/coco changes.
if(IS_DIRECTORY "${CMAKE_SOURCE_DIR}/models/coco")
  set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/models/coco")
endif()
