target_sources(zsi_engine PRIVATE
  engine/EngineInfo.cpp
  engine/BuiltinEngineLookup.cpp
  # Plain C++ (public headers: ClassVectors, Instances, ModelConfig, Safetensors, ZsiModel)
  engine/ClassVectors.cpp
  engine/ClassSetConversion.cpp
  engine/Instances.cpp
  engine/ModelConfig.cpp
  engine/ModelConfigJson.cpp
  engine/Safetensors.cpp
  # Tensor operations
  engine/AnchorGenerator.cpp
  engine/BoxCoder.cpp
  engine/BoxOps.cpp
  engine/Losses.cpp
  engine/MaxIouAssigner.cpp
  engine/Nms.cpp
  engine/RandomSampler.cpp
  engine/RoiAlign.cpp
  engine/RoiExtractor.cpp
  # Network
  engine/BaRpnHead.cpp
  engine/Fpn.cpp
  engine/HeadLosses.cpp
  engine/ResNet.cpp
  engine/SemanticBoxHead.cpp
  engine/SemanticMaskHead.cpp
  engine/ZsiDetector.cpp
  # Inference, checkpoints, facade
  engine/Checkpoint.cpp
  engine/InferenceSession.cpp
  engine/KeyMap.cpp
  engine/MaskPaste.cpp
  engine/Preprocess.cpp
  engine/StateDictReader.cpp
  engine/TorchSupport.cpp
  engine/ZeroShotScoring.cpp
  engine/WeightImport.cpp
  engine/ZsiModel.cpp
)

# The shipped model configs and key maps are compiled in (the JSON files stay the source).
file(GLOB ZSI_ENGINE_DATA_FILES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/models/configs/*.json
  ${CMAKE_SOURCE_DIR}/models/import/*.json)
set(ZSI_ENGINE_DATA_CPP ${CMAKE_BINARY_DIR}/generated/zsi/EngineBuiltinData.cpp)
add_custom_command(
  OUTPUT ${ZSI_ENGINE_DATA_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${ZSI_ENGINE_DATA_CPP} "-DFILES=${ZSI_ENGINE_DATA_FILES}"
          -P ${CMAKE_SOURCE_DIR}/core/engine/EmbedEngineData.cmake
  DEPENDS ${ZSI_ENGINE_DATA_FILES} ${CMAKE_SOURCE_DIR}/core/engine/EmbedEngineData.cmake
  COMMENT "Compiling in the shipped model configs and key maps (models/configs, models/import)"
  VERBATIM)
target_sources(zsi_engine PRIVATE ${ZSI_ENGINE_DATA_CPP})
# Plain C++ without torch: loading the torch PCH would only cost time.
set_source_files_properties(
  ${ZSI_ENGINE_DATA_CPP}
  engine/BuiltinEngineLookup.cpp
  engine/ClassVectors.cpp
  engine/ClassSetConversion.cpp
  engine/Instances.cpp
  engine/KeyMap.cpp
  engine/ModelConfig.cpp
  engine/ModelConfigJson.cpp
  engine/Safetensors.cpp
  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)

# Contrastive heads (issue 8, contrastive-heads.md): config, heads, losses, inspection helpers.
target_sources(zsi_engine PRIVATE
  engine/contrastive/ContrastiveConfig.cpp
  engine/contrastive/ContrastiveLosses.cpp
  engine/contrastive/ContrastivePatchHead.cpp
  engine/contrastive/ContrastiveTraining.cpp
  engine/contrastive/InfoMaxHead.cpp
  engine/contrastive/PatchAnalysis.cpp
  engine/contrastive/PatchAssignment.cpp
  engine/contrastive/PatchEmbeddingExtraction.cpp
  engine/contrastive/PatchGrid.cpp
  engine/contrastive/Tsne.cpp
)
set_source_files_properties(
  engine/contrastive/ContrastiveConfig.cpp
  engine/contrastive/PatchAnalysis.cpp
  engine/contrastive/Tsne.cpp
  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
