#include "core/train/StopSignals.h"

#include <signal.h>
#include <unistd.h>

namespace zsi {
namespace {

std::atomic<bool> gStop{false};
volatile sig_atomic_t gSignal = 0;
struct sigaction gOldInt, gOldTerm;

extern "C" void onStopSignal(int sig) {
  if (gStop.load()) _exit(130);
  gSignal = sig;
  gStop.store(true);
}

}  // namespace

StopSignals::StopSignals() {
  gStop.store(false);
  gSignal = 0;
  struct sigaction sa {};
  sa.sa_handler = onStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &gOldInt);
  sigaction(SIGTERM, &sa, &gOldTerm);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &gOldInt, nullptr);
  sigaction(SIGTERM, &gOldTerm, nullptr);
}

const std::atomic<bool>* StopSignals::flag() const { return &gStop; }
bool StopSignals::requested() const { return gStop.load(); }
int StopSignals::signal() const { return static_cast<int>(gSignal); }

}  // namespace zsi
