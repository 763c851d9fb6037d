# The git commit is read at build time (not configure time) so `--version` never lies after a
# commit; the header is rewritten only when the text changes, so nothing rebuilds needlessly.
set(ZSI_VERSION_HEADER "${CMAKE_BINARY_DIR}/generated/zsi/BuildInfo.h")
add_custom_target(zsi_build_info
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUT=${ZSI_VERSION_HEADER}
          -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/packaging/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${ZSI_VERSION_HEADER}
  COMMENT "Reading git commit"
  VERBATIM)
