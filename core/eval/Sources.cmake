# Sources of core/eval (zsi_core: no torch, no Qt).
target_sources(zsi_core PRIVATE
  eval/CategoryAccumulator.cpp
  eval/CellMatcher.cpp
  eval/CocoEvalInput.cpp
  eval/CocoSummary.cpp
  eval/EvalJson.cpp
  eval/EvalParams.cpp
  eval/EvalReport.cpp
  eval/EvalResult.cpp
  eval/Evaluate.cpp
  eval/NumpySum.cpp
  eval/ParallelFor.cpp
  eval/ProgressMeter.cpp
  eval/ZsiReport.cpp
)
