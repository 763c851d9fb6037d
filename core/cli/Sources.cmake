target_sources(zsi_cli PRIVATE
  cli/CocoFilterCommand.cpp
  cli/CocoInfo.cpp
  cli/CocoSplitCommand.cpp
  cli/CocoToRle.cpp
  cli/CocoValidate.cpp
  cli/EvalCommand.cpp
  cli/DemoCommand.cpp
  cli/EmbedClassSet.cpp
  cli/EmbedCommand.cpp
  cli/WordvecConvert.cpp
  cli/VersionReport.cpp
  cli/TrainConsole.cpp
  cli/TrainCommand.cpp
  cli/InferCommand.cpp
  cli/ImportCommand.cpp
)
