target_sources(zsi_core PRIVATE
  util/AtomicFile.cpp
  util/Error.cpp
  util/JsonFields.cpp
  util/Log.cpp
  util/Version.cpp
)
