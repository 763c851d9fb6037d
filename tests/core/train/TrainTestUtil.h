#pragma once
// Helpers of the training tests: a synthetic COCO dataset rendered into a temporary folder (PNG
// images, instances JSON with RLE masks, a class set), a tiny training config, and running the
// `zsi` executable as a child process. Header-only.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/Rle.h"
#include "core/image/ImageIO.h"
#include "core/util/AtomicFile.h"
#include "core/wordvec/ClassSet.h"
#include "tests/core/engine/SyntheticScenes.h"
#include "tests/harness/ZsiTest.h"

namespace zsi::test {

inline const char* const kShapeNames[3] = {"rectangle", "disc", "diamond"};

struct SyntheticSet {
  std::string dir, images, json, classes;
  int numImages = 0;
  int numObjects = 0;
};

// The class set of the synthetic scenes: rectangle, disc, diamond (seen) + two unseen classes,
// random `dim`-d vectors at the official norm.
inline ClassSet syntheticClassSet(int dim, unsigned seed = 77) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd;
  ClassSet set;
  set.name = "synthetic shapes";
  set.norm = 0.76663;
  const char* names[5] = {"rectangle", "disc", "diamond", "triangle", "star"};
  for (int i = 0; i < 5; ++i) {
    ClassSetEntry e;
    e.name = names[i];
    e.unseen = i >= 3;
    e.colour = ClassColour::palette(static_cast<std::size_t>(i));
    e.cocoId = i + 1;
    double n = 0;
    for (int d = 0; d < dim; ++d) {
      e.vector.push_back(nd(rng));
      n += static_cast<double>(e.vector.back()) * e.vector.back();
    }
    for (auto& x : e.vector) x = static_cast<float>(x / std::sqrt(n) * set.norm);
    set.classes.push_back(std::move(e));
  }
  set.setBackgroundToClassMean();
  return set;
}

// `n` scenes of size × size with `objects` shapes each, as PNGs + COCO JSON (compressed RLE masks,
// tight boxes) + classes.json, under `dir`.
inline SyntheticSet writeSyntheticSet(const std::string& dir, int n, int size, int objects, unsigned seed,
                                      int dim = 32, const std::string& jsonName = "train.json") {
  SyntheticSet s;
  s.dir = dir;
  s.images = dir + "/images";
  s.json = dir + "/" + jsonName;
  s.classes = dir + "/classes.json";
  std::filesystem::create_directories(s.images);
  std::mt19937 rng(seed);
  CocoDataset ds;
  for (int c = 0; c < 3; ++c) ds.addCategory(c + 1, kShapeNames[c], "shape");
  std::int64_t annId = 1;
  for (int i = 0; i < n; ++i) {
    Scene scene = drawScene(size, size, rng, objects);
    char name[32];
    std::snprintf(name, sizeof name, "%06d.png", i + 1);
    ZSI_REQUIRE_OK(writePng(s.images + "/" + name, scene.image));
    ds.addImage(i + 1, name, size, size);
    for (const auto& o : scene.objects) {
      const double w = o.box[2] - o.box[0] + 1, h = o.box[3] - o.box[1] + 1;
      Rle rle = rleEncodeRowMajor(o.mask.data(), static_cast<std::uint32_t>(size), static_cast<std::uint32_t>(size));
      const std::size_t a = ds.addAnnotation(annId++, i + 1, o.label, {o.box[0], o.box[1], w, h},
                                             static_cast<double>(rleArea(rle)));
      ds.setCompressedRle(a, rle);
      ++s.numObjects;
    }
  }
  ZSI_REQUIRE_OK(writeCocoDataset(ds, s.json));
  ZSI_REQUIRE_OK(syntheticClassSet(dim).save(s.classes));
  s.numImages = n;
  return s;
}

// A tiny training config (small_cpu.json with 96-128 px inputs and small samplers); `extra` is
// merged over it (JSON merge patch).
inline std::string writeTinyConfig(const std::string& path, const std::string& classes,
                                   const nlohmann::ordered_json& extra = nlohmann::ordered_json::object(),
                                   int imageSize = 128) {
  nlohmann::ordered_json j = {
      {"format", "zsi-train-config"},
      {"version", 1},
      {"model",
       {{"base", std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json"},
        {"input", {{"max_size", {imageSize, imageSize}}}},
        {"rpn", {{"train", {{"sampler", {{"num", 64}}}}}}},
        {"box_head", {{"train", {{"sampler", {{"num", 32}}}}}}}}},
      {"classes", classes},
      {"data", {{"images_per_step", 2}, {"workers", 2}, {"prefetch", 4}}},
      {"schedule",
       {{"lr", 0.02}, {"warmup_iters", 20}, {"epochs", 100}, {"lr_steps", nlohmann::ordered_json::array()},
        {"max_iters", 20}}},
      {"checkpoint", {{"every_epoch", false}, {"keep_last", 3}}},
      {"log", {{"interval_iters", 1}}},
      {"eval", {{"interval_epochs", 100000}}},  // only at the end of the run
      {"seed", 7},
      // One intra-op thread: on a shared 2-core machine OpenMP's second thread makes a step 5x slower.
      {"threads", 1}};
  if (extra.is_object()) j.merge_patch(extra);  // `{}` arrives as null, which would replace everything
  ZSI_REQUIRE_OK(writeFileAtomic(path, j.dump(2)));
  return path;
}

struct ProcessResult {
  int exitCode = -1;  // -signal when killed
  std::string out, err;
};

inline std::string zsiExecutable() { return std::string(ZSI_BINARY_DIR) + "/bin/zsi"; }

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Starts `zsi args...` with extra environment variables; stdout/stderr go to files in `logDir`.
inline pid_t spawnZsi(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      const std::string& logPrefix) {
  std::vector<std::string> all{zsiExecutable()};
  all.insert(all.end(), args.begin(), args.end());
  const std::string outPath = logPrefix + ".out", errPath = logPrefix + ".err";
  const pid_t pid = fork();
  ZSI_REQUIRE(pid >= 0);
  if (pid == 0) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    const int o = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

inline int waitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1000;
}

inline ProcessResult runZsi(const std::vector<std::string>& args, const std::string& logPrefix,
                            const std::map<std::string, std::string>& env = {}) {
  ProcessResult r;
  r.exitCode = waitExit(spawnZsi(args, env, logPrefix));
  r.out = slurp(logPrefix + ".out");
  r.err = slurp(logPrefix + ".err");
  return r;
}

// `zsi train`/`zsi infer` arguments on the test device: "--device" ZSI_TEST_DEVICE appended
// when it is not the CPU (the GPU server's run of the model tests).
inline std::vector<std::string> onTestDevice(std::vector<std::string> args) {
  if (testDevice() != "cpu") {
    args.push_back("--device");
    args.push_back(testDevice());
  }
  return args;
}

// The records of a metrics.jsonl file.
inline std::vector<nlohmann::json> readMetrics(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

// Total loss per iteration from the "step" records (the last record of an iteration wins, as a
// resumed run repeats iterations after its checkpoint).
inline std::map<std::int64_t, double> lossByIteration(const std::vector<nlohmann::json>& records) {
  std::map<std::int64_t, double> out;
  for (const auto& r : records)
    if (r.value("event", "") == "step") out[r["iteration"].get<std::int64_t>()] = r["losses"]["loss"].get<double>();
  return out;
}

// A loopback port the kernel just handed out and released (good enough for a test).
inline int freeTcpPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ZSI_REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ZSI_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ZSI_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace zsi::test
