// bench_eval: COCO evaluation speed and memory on synthetic data (5,000 images x 100 detections
// with RLE masks by default), bbox and segm. Each IoU type is measured in a fresh child process
// so that its peak memory (VmHWM) is its own. No reference here: core/bench/reference_bench.py
// eval runs this with --json and pycocotools on the same files, in the same run, and prints the
// ratio and how far the stats differ.
//
//   bench_eval [--dir /tmp/zsi-bench-eval] [--images 5000] [--dets 100] [--threads 0]
//              [--repeat 3] [--regenerate] [--json]
//
// --json: one JSON object per IoU type on stdout (times in seconds, the 12 stats in full
// precision), everything else on stderr.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/bench/EvalBenchData.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoResults.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/CocoSummary.h"
#include "core/eval/Evaluate.h"
#include "core/util/Version.h"

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds of all threads: on a shared machine wall time includes waiting for the cores.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Peak resident memory of this process image (resets at exec, unlike ru_maxrss).
double peakMiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

struct Args {
  std::string dir = "/tmp/zsi-bench-eval";
  zsi::bench::EvalBenchSpec spec;
  unsigned threads = 0;
  int repeat = 3;
  bool regenerate = false;
  bool json = false;
  std::string measure;  // "bbox" / "segm": child mode
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--dir")
      a.dir = next();
    else if (k == "--images")
      a.spec.images = std::stoi(next());
    else if (k == "--dets")
      a.spec.detectionsPerImage = std::stoi(next());
    else if (k == "--threads")
      a.threads = static_cast<unsigned>(std::stoi(next()));
    else if (k == "--repeat")
      a.repeat = std::max(1, std::stoi(next()));
    else if (k == "--regenerate")
      a.regenerate = true;
    else if (k == "--measure")
      a.measure = next();
    else if (k == "--json")
      a.json = true;
  }
  return a;
}

int measure(const Args& a) {
  const zsi::IouType type = a.measure == "segm" ? zsi::IouType::Segm : zsi::IouType::Bbox;
  auto t = Clock::now();
  auto gt = zsi::loadCocoDataset(a.dir + "/gt.json");
  if (!gt.ok()) return fmt::print(stderr, "{}\n", gt.error().toString()), 1;
  const double tGt = since(t);
  t = Clock::now();
  auto res = zsi::loadCocoResults(a.dir + "/results.json");
  if (!res.ok()) return fmt::print(stderr, "{}\n", res.error().toString()), 1;
  const double tRes = since(t);
  const std::size_t numDets = res->detections.size();
  t = Clock::now();
  double c = cpuSeconds();
  auto in = zsi::makeEvalInput(*gt, std::move(res).value(), type, nullptr, a.threads);
  if (!in.ok()) return fmt::print(stderr, "{}\n", in.error().toString()), 1;
  const double tInput = since(t), cInput = cpuSeconds() - c;

  zsi::EvalOptions opt;
  opt.threads = a.threads;
  std::vector<double> evalTimes, evalCpu, sumTimes;
  std::vector<double> stats;
  for (int r = 0; r < a.repeat; ++r) {
    t = Clock::now();
    c = cpuSeconds();
    auto result = zsi::evaluate(*in, zsi::EvalParams::coco(type), opt);
    if (!result.ok()) return fmt::print(stderr, "{}\n", result.error().toString()), 1;
    evalTimes.push_back(since(t));
    evalCpu.push_back(cpuSeconds() - c);
    t = Clock::now();
    stats = zsi::summarizeCoco(*result).stats();
    sumTimes.push_back(since(t));
  }
  std::sort(evalTimes.begin(), evalTimes.end());
  std::sort(sumTimes.begin(), sumTimes.end());
  std::sort(evalCpu.begin(), evalCpu.end());
  const double evalBest = evalTimes.front(), sumBest = sumTimes.front();
  // pycocotools' evaluate() also rasterises the GT and reads the detection masks (_prepare), so
  // the comparable time includes building the input.
  const double comparable = tInput + evalBest + sumBest;
  const double peak = peakMiB();
  if (a.json) {
    // fmt's "{}" prints the shortest text that reads back to the same double: stats compare exactly.
    fmt::print(
        "{{\"iou_type\": \"{}\", \"threads\": {}, \"images\": {}, \"detections\": {}, "
        "\"load_gt_s\": {}, \"load_results_s\": {}, \"build_input_s\": {}, "
        "\"build_input_cpu_s\": {}, \"evaluate_s\": {}, \"evaluate_cpu_s\": {}, "
        "\"summarize_s\": {}, \"repeat\": {}, \"peak_mib\": {}, \"stats\": [{}]}}\n",
        a.measure, a.threads, in->imageIds.size(), numDets, tGt, tRes, tInput, cInput, evalBest,
        evalCpu.front(), sumBest, a.repeat, peak, fmt::join(stats, ", "));
    return 0;
  }
  fmt::print("{}: {} images, {} detections, {} GT\n", a.measure, in->imageIds.size(), numDets,
             in->groundTruth.size());
  fmt::print("  load gt {:.3f} s | load results {:.3f} s | build input {:.3f} s\n", tGt, tRes,
             tInput);
  fmt::print(
      "  evaluate+accumulate {:.3f} s (best of {}, worst {:.3f}; CPU {:.3f} s) | "
      "summarize {:.4f} s\n",
      evalBest, a.repeat, evalTimes.back(), evalCpu.front(), sumBest);
  fmt::print("  CPU seconds, input + evaluate: {:.3f} (all threads together)\n",
             cInput + evalCpu.front());
  fmt::print("  comparable to pycocotools' evaluate + accumulate + summarize: {:.3f} s\n",
             comparable);
  fmt::print("  end to end with file loading: {:.3f} s | peak memory {:.0f} MiB\n",
             tGt + tRes + comparable, peak);
  fmt::print("  AP {:.4f} AP50 {:.4f} AR100 {:.4f}\n", stats[0], stats[1], stats[8]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (!a.measure.empty()) return measure(a);

  // With --json, stdout carries only the children's JSON lines.
  std::FILE* log = a.json ? stderr : stdout;
  fmt::print(log, "bench_eval, commit {}, {} hardware threads, threads option {}\n", zsi::gitCommit(),
             std::thread::hardware_concurrency(), a.threads);
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(a.dir, ec);
  if (a.regenerate || !fs::exists(a.dir + "/gt.json") || !fs::exists(a.dir + "/results.json")) {
    const auto t = Clock::now();
    zsi::Status s = zsi::bench::writeEvalBenchData(a.spec, a.dir);
    if (!s.ok()) return fmt::print(stderr, "{}\n", s.error().toString()), 1;
    fmt::print(log, "generated {} in {:.1f} s: gt.json {:.1f} MiB, results.json {:.1f} MiB\n", a.dir,
               since(t), fs::file_size(a.dir + "/gt.json") / 1048576.0,
               fs::file_size(a.dir + "/results.json") / 1048576.0);
  }
  int rc = 0;
  for (const char* type : {"bbox", "segm"}) {
    std::vector<std::string> args = {argv[0],
                                     "--dir",
                                     a.dir,
                                     "--threads",
                                     std::to_string(a.threads),
                                     "--repeat",
                                     std::to_string(a.repeat),
                                     "--measure",
                                     type};
    if (a.json) args.push_back("--json");
    std::vector<char*> cargs;
    for (std::string& s : args) cargs.push_back(s.data());
    cargs.push_back(nullptr);
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
      execv("/proc/self/exe", cargs.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
  }
  return rc;
}
