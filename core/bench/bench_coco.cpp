// COCO loading and mask benchmark. Builds a COCO-train-shaped file (82,783 images, 604,907
// annotations, ~24-vertex polygons) outside the repository, then measures in the same run:
//   * our loader (each run in a fresh child process, so peak RSS is the loader's own),
//   * Python's json.load on the same file (/usr/bin/python3, peak RSS from resource),
//   * RLE throughput: polygon rasterisation, encode, decode, string codec, merge, IoU.
// Prints a Markdown report with the machine and the commit (docs/BENCHMARKS.md, section coco).
//
//   bench_coco [--file PATH] [--regen] [--runs N] [--threads N] [--skip-python] [--json]
//
// --json: only our loader (no Python, no mask throughput), as one JSON object on stdout, for
// core/bench/reference_bench.py coco, which runs json.load and pycocotools' COCO() between runs.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/bench/BenchUtil.h"
#include "core/bench/CocoBenchFile.h"
#include "core/coco/CocoReader.h"
#include "core/coco/Rle.h"
#include "core/util/Version.h"

using namespace zsi;
using zsi::bench::median;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string run(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  return out;
}

std::string machine() {
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model;
  int cores = 0;
  while (std::getline(cpu, line)) {
    if (line.rfind("model name", 0) == 0) {
      ++cores;
      if (model.empty()) model = line.substr(line.find(':') + 2);
    }
  }
  std::ifstream mem("/proc/meminfo");
  std::string memTotal;
  std::getline(mem, memTotal);
  return model + ", " + std::to_string(cores) + " cores, " + memTotal.substr(memTotal.find(':') + 1);
}

// The child: load once, print "seconds peakKiB datasetBytes images annotations".
int childLoad(const std::string& path, int threads) {
  CocoLoadOptions options;
  options.threads = threads;
  const auto t0 = Clock::now();
  auto ds = loadCocoDataset(path, {}, options);
  const auto t1 = Clock::now();
  if (!ds.ok()) {
    std::fprintf(stderr, "%s\n", ds.error().toString().c_str());
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  std::printf("%.4f %ld %.4f %zu %zu\n", seconds(t0, t1), ru.ru_maxrss, cpu, ds->images().size(),
              ds->annotations().size());
  return 0;
}

struct Throughput {
  std::string what;
  double perSecond;
  std::string unit;
};

std::vector<Throughput> rleThroughput() {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const std::uint32_t h = 480, w = 640;
  std::vector<std::vector<double>> polys(2000);
  for (auto& p : polys) {
    const double cx = u(rng) * w, cy = u(rng) * h, r = 10 + u(rng) * 120;
    const int n = 12 + static_cast<int>(u(rng) * 24);
    for (int k = 0; k < n; ++k) {
      const double t = 2 * M_PI * k / n, rr = r * (0.6 + 0.4 * u(rng));
      p.push_back(std::round((cx + rr * std::cos(t)) * 100) / 100);
      p.push_back(std::round((cy + rr * std::sin(t)) * 100) / 100);
    }
  }
  std::vector<Throughput> out;
  std::vector<Rle> rles;
  auto t0 = Clock::now();
  for (int rep = 0; rep < 5; ++rep) {
    rles.clear();
    for (const auto& p : polys) rles.push_back(rleFromPolygon(p.data(), p.size() / 2, h, w));
  }
  auto t1 = Clock::now();
  out.push_back({"polygon -> RLE (rleFrPoly), 640x480, 12-36 vertices", 5 * polys.size() / seconds(t0, t1), "polygons/s"});
  std::vector<std::string> strings;
  t0 = Clock::now();
  for (int rep = 0; rep < 20; ++rep) {
    strings.clear();
    for (const auto& r : rles) strings.push_back(rleToString(r));
  }
  t1 = Clock::now();
  out.push_back({"RLE -> counts string", 20 * rles.size() / seconds(t0, t1), "masks/s"});
  t0 = Clock::now();
  std::size_t sink = 0;
  for (int rep = 0; rep < 20; ++rep)
    for (std::size_t i = 0; i < strings.size(); ++i) sink += rleFromString(strings[i], h, w)->counts.size();
  t1 = Clock::now();
  out.push_back({"counts string -> RLE", 20 * strings.size() / seconds(t0, t1), "masks/s"});
  std::vector<std::vector<std::uint8_t>> masks;
  t0 = Clock::now();
  for (std::size_t i = 0; i < 500; ++i) masks.push_back(*rleDecode(rles[i]));
  t1 = Clock::now();
  out.push_back({"decode to a 640x480 mask", 500 / seconds(t0, t1), "masks/s"});
  t0 = Clock::now();
  for (const auto& m : masks) sink += rleEncode(m.data(), h, w).counts.size();
  t1 = Clock::now();
  out.push_back({"encode a 640x480 mask", masks.size() / seconds(t0, t1), "masks/s"});
  t0 = Clock::now();
  for (std::size_t i = 0; i + 1 < rles.size(); i += 2) sink += rleMerge({rles[i], rles[i + 1]}, false).counts.size();
  t1 = Clock::now();
  out.push_back({"merge (union) of two masks", (rles.size() / 2) / seconds(t0, t1), "merges/s"});
  std::vector<Rle> dt(rles.begin(), rles.begin() + 100), gt(rles.begin() + 100, rles.begin() + 200);
  std::vector<double> iou(dt.size() * gt.size());
  t0 = Clock::now();
  for (int rep = 0; rep < 20; ++rep) rleIou(dt, gt, std::vector<std::uint8_t>(gt.size(), 0), iou.data());
  t1 = Clock::now();
  out.push_back({"mask IoU (100 x 100 matrix, pairs)", 20.0 * dt.size() * gt.size() / seconds(t0, t1), "pairs/s"});
  if (sink == 42) std::printf(" ");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file = (std::filesystem::temp_directory_path() / "zsi-bench-coco-train.json").string();
  bool regen = false, skipPython = false, json = false;
  int runs = 3, threads = 0;
  bench::CocoBenchShape shape;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--child-load") {
      const std::string path = next();
      return childLoad(path, std::atoi(next().c_str()));
    }
    if (a == "--file") file = next();
    else if (a == "--regen") regen = true;
    else if (a == "--runs") runs = std::max(1, std::atoi(next().c_str()));
    else if (a == "--threads") threads = std::atoi(next().c_str());
    else if (a == "--skip-python") skipPython = true;
    else if (a == "--json") json = skipPython = true;
    else if (a == "--annotations") shape.annotations = static_cast<std::uint32_t>(std::atol(next().c_str()));
    else if (a == "--images") shape.images = static_cast<std::uint32_t>(std::atol(next().c_str()));
    else {
      std::fprintf(stderr, "usage: bench_coco [--file PATH] [--regen] [--runs N] [--threads N] [--skip-python] [--json]\n");
      return 2;
    }
  }
  if (regen || !std::filesystem::exists(file)) {
    std::fprintf(stderr, "writing %s ...\n", file.c_str());
    auto bytes = bench::writeCocoBenchFile(file, shape);
    if (!bytes.ok()) {
      std::fprintf(stderr, "%s\n", bytes.error().toString().c_str());
      return 1;
    }
  }
  const double fileBytes = static_cast<double>(std::filesystem::file_size(file));
  const std::string self = std::filesystem::canonical("/proc/self/exe").string();

  // Warm the page cache, then time each loader in fresh processes.
  run("cat '" + file + "' > /dev/null");
  // Runs alternate between the two loaders so that a change in the machine's load hits both.
  std::vector<double> ours, oursRss, oursCpu, pts, prss, pcpu;
  const std::string py =
      "/usr/bin/python3 -c \"import json,resource,time,sys; t=time.perf_counter(); "
      "json.load(open(sys.argv[1])); r=resource.getrusage(resource.RUSAGE_SELF); "
      "print(time.perf_counter()-t, r.ru_maxrss, r.ru_utime+r.ru_stime)\" '" + file + "'";
  for (int r = 0; r < runs; ++r) {
    const std::string line = run("'" + self + "' --child-load '" + file + "' " + std::to_string(threads));
    double t = 0, rss = 0, cpu = 0;
    if (std::sscanf(line.c_str(), "%lf %lf %lf", &t, &rss, &cpu) != 3) {
      std::fprintf(stderr, "loader failed: %s\n", line.c_str());
      return 1;
    }
    ours.push_back(t);
    oursRss.push_back(rss * 1024);
    oursCpu.push_back(cpu);
    if (!skipPython) {
      const std::string pl = run(py);
      if (std::sscanf(pl.c_str(), "%lf %lf %lf", &t, &rss, &cpu) == 3) {
        pts.push_back(t);
        prss.push_back(rss * 1024);
        pcpu.push_back(cpu);
      }
    }
  }
  const double pyT = median(pts), pyRss = median(prss), pyCpu = median(pcpu);
  std::string load;
  {
    std::ifstream in("/proc/loadavg");
    std::getline(in, load);
  }
  if (json) {
    std::printf("{\"file\": \"%s\", \"bytes\": %.0f, \"threads\": %d, \"runs\": [", file.c_str(), fileBytes, threads);
    for (std::size_t r = 0; r < ours.size(); ++r)
      std::printf("%s{\"wall_s\": %.6f, \"cpu_s\": %.6f, \"peak_rss_bytes\": %.0f}", r ? ", " : "", ours[r],
                  oursCpu[r], oursRss[r]);
    std::printf("]}\n");
    return 0;
  }
  const auto throughput = rleThroughput();

  const double gib = 1024.0 * 1024 * 1024, mib = 1024.0 * 1024;
  std::printf("Machine: %s. Commit %s. %d loader thread(s) requested (0 = one per core).\n\n",
              machine().c_str(), gitCommit().c_str(), threads);
  std::printf("File: COCO-train-shaped, %.0f MB (%s), %u images, %u annotations, %u-vertex polygons on average.\n\n",
              fileBytes / 1e6, file.c_str(), shape.images, shape.annotations, shape.vertices);
  std::printf("Load average at the end (other work on the machine): %s\n\n", load.c_str());
  std::printf("| loader | wall time (median of %d) | CPU time (user+sys) | peak RSS | peak RSS / file size |\n"
              "| --- | --- | --- | --- | --- |\n", runs);
  std::printf("| zsi loadCocoDataset | %.3f s | %.3f s | %.0f MiB | %.2f |\n", median(ours), median(oursCpu),
              median(oursRss) / mib, median(oursRss) / fileBytes);
  if (!skipPython) {
    std::printf("| python3 json.load | %.3f s | %.3f s | %.2f GiB | %.2f |\n", pyT, pyCpu, pyRss / gib, pyRss / fileBytes);
    std::printf("\nSpeed-up over json.load: %.1fx in wall time, %.1fx in CPU time; peak memory %.1fx less.\n",
                pyT / median(ours), pyCpu / median(oursCpu), pyRss / median(oursRss));
  }
  std::printf("\n| mask operation | throughput |\n| --- | --- |\n");
  for (const auto& t : throughput) std::printf("| %s | %.0f %s |\n", t.what.c_str(), t.perSecond, t.unit.c_str());
  return 0;
}
