target_sources(zsi_cli PRIVATE
  cli/VersionReport.cpp
)
