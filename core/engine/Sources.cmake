target_sources(zsi_engine PRIVATE
  engine/EngineInfo.cpp
)
