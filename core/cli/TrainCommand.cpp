#include "core/cli/TrainCommand.h"

#include <fmt/format.h>

#include "core/cli/TrainConsole.h"
#include "core/train/StopSignals.h"
#include "core/train/Trainer.h"

namespace zsi::cli {
namespace {

std::string lossLine(const TrainStepInfo& s) {
  std::string parts;
  for (const auto& [name, v] : s.losses) {
    if (name == "loss") continue;
    parts += fmt::format("{}{} {:.4f}", parts.empty() ? "" : ", ", name, v);
  }
  return parts;
}

}  // namespace

int runTrainCommand(const TrainCommandOptions& o, std::ostream& out, std::ostream& err) {
  if (o.out.empty()) {
    err << "zsi train: --out is required\n";
    return 2;
  }
  if (!o.resume && (o.config.empty() || o.data.empty() || o.images.empty())) {
    err << "zsi train: --config, --data and --images are required (unless --resume continues a run)\n";
    return 2;
  }
  const bool live = o.progress >= 0 ? o.progress == 1 : TrainConsole::stdoutIsTerminal();
  TrainConsole console(out, live);
  StopSignals signals;

  TrainOptions t;
  t.config = o.config;
  t.classes = o.classes;
  t.data = o.data;
  t.images = o.images;
  t.val = o.val;
  t.valImages = o.valImages;
  t.out = o.out;
  t.resume = o.resume;
  t.device = o.device;
  t.workers = o.workers;
  t.maxIters = o.maxIters;
  t.stop = signals.flag();

  bool stopNoticed = false;
  TrainObserver obs;
  obs.onMessage = [&](const std::string& m) { console.line(m); };
  obs.onStep = [&](const TrainStepInfo& s) {
    if (signals.requested() && !stopNoticed) {
      stopNoticed = true;
      console.line("stop requested: saving a checkpoint after this step (press Ctrl-C again to quit at once)");
    }
    const double frac = s.maxIterations > 0 ? static_cast<double>(s.iteration) / s.maxIterations : 0;
    if (live) {
      console.progress(fmt::format("epoch {}/{} it {}/{} {} {:3.0f}% loss {:.4f} lr {:.3g} {:.2f} it/s {:.1f} img/s "
                                   "ETA {}",
                                   s.epoch, s.epochs, s.iteration, s.maxIterations, TrainConsole::bar(frac, 20),
                                   frac * 100, s.loss, s.lr,
                                   s.secondsPerIteration > 0 ? 1.0 / s.secondsPerIteration : 0.0, s.imagesPerSecond,
                                   TrainConsole::duration(s.etaSeconds)),
                       s.iteration == s.maxIterations);
    } else if (s.logged) {
      console.line(fmt::format("iteration {}/{} (epoch {}/{}): loss {:.4f} ({}) lr {:.4g}, {:.3f} s/it, ETA {}",
                               s.iteration, s.maxIterations, s.epoch, s.epochs, s.loss, lossLine(s), s.lr,
                               s.secondsPerIteration, TrainConsole::duration(s.etaSeconds)));
    }
  };

  auto result = runTraining(t, obs);
  console.finish();
  if (!result.ok()) {
    err << "zsi train: " << result.error().toString() << "\n";
    return 1;
  }
  const TrainSummary& s = result.value();
  if (s.rank != 0) return 0;
  if (s.interrupted) {
    out << fmt::format("stopped by signal at iteration {}; checkpoint {}\ncontinue with: zsi train --out {} --resume\n",
                       s.iterations, s.lastCheckpoint, s.runDirectory);
  } else {
    out << fmt::format("done: {} iterations ({} in this session, {}); model {}\n", s.iterations,
                       s.iterationsThisSession, TrainConsole::duration(s.seconds), s.lastCheckpoint);
  }
  return 0;
}

}  // namespace zsi::cli
