#include "core/train/Trainer.h"

#include "core/engine/TorchSupport.h"
#include "core/train/TrainingRun.h"

namespace zsi {

Result<TrainSummary> runTraining(const TrainOptions& options, const TrainObserver& observer) {
  return guardTorch("training failed", [&]() -> Result<TrainSummary> {
    TrainingRun run(options, observer);
    ZSI_TRY(run.setUp());
    return run.train();
  });
}

}  // namespace zsi
