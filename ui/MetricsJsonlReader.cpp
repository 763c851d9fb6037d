#include "ui/MetricsJsonlReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <thread>
#include <cstring>
#include <vector>

namespace zsi::ui {

namespace {

constexpr std::size_t kChunk = 16u << 20;  // bytes read per step: bounded memory, progress and cancel
constexpr std::size_t kMaxWarnings = 5;

// Step-record fields that become series, by their top-level key.
SeriesGroup groupOfTopLevel(std::string_view key, bool* isSeries) {
  *isSeries = true;
  if (key == "lr") return SeriesGroup::LearningRate;
  if (key == "images_per_s" || key == "iteration_s" || key == "data_s") return SeriesGroup::Speed;
  if (key == "acc" || key == "grad_norm") return SeriesGroup::Other;
  *isSeries = false;
  return SeriesGroup::Other;
}

std::string fmtIou(double iou) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", iou);
  return buf;
}

}  // namespace

struct MetricsJsonlReader::Context {
  simdjson::ondemand::parser parser;
  // The column of the k-th field of the previous step record: step lines repeat their key order,
  // so a string compare against one cached key usually replaces a search over all columns.
  struct Slot {
    std::string key;
    int column = -1;
    bool series = false;
  };
  std::vector<Slot> topSlots, lossSlots, memorySlots;
  std::int64_t lineNo = 0;
  void forgetColumns() {
    topSlots.clear();
    lossSlots.clear();
    memorySlots.clear();
  }
};

struct MetricsJsonlReader::Impl {
  Context main, helper;
  std::string buffer;
};

MetricsJsonlReader::MetricsJsonlReader(std::string path) : path_(std::move(path)), impl_(std::make_unique<Impl>()) {}
MetricsJsonlReader::~MetricsJsonlReader() = default;
MetricsJsonlReader::MetricsJsonlReader(MetricsJsonlReader&&) noexcept = default;
MetricsJsonlReader& MetricsJsonlReader::operator=(MetricsJsonlReader&&) noexcept = default;

std::uint64_t MetricsJsonlReader::pendingBytes() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return 0;
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (static_cast<std::uint64_t>(st.st_ino) != inode_ && inode_ != 0) return size;
  return size > offset_ ? size - offset_ : 0;
}

Result<MetricsJsonlReader::Update> MetricsJsonlReader::poll(RunMetrics& metrics, const Progress* progress) {
  Update update;
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      update.missing = true;
      return update;
    }
    return Error(std::string("cannot open: ") + std::strerror(errno)).inFile(path_);
  }
  struct stat st {};
  ::fstat(fd, &st);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  const auto inode = static_cast<std::uint64_t>(st.st_ino);
  if ((inode_ != 0 && inode != inode_) || size < offset_) {
    update.restarted = true;
    offset_ = 0;
    impl_->main.lineNo = 0;
    metrics = RunMetrics();
    impl_->main.forgetColumns();  // they name columns of the old metrics
  }
  inode_ = inode;
  const std::uint64_t start = offset_;
  std::string& buf = impl_->buffer;
  while (offset_ < size) {
    if (progress && progress->cancelled()) {
      ::close(fd);
      return Error("cancelled").inFile(path_);
    }
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size - offset_));
    buf.resize(want + simdjson::SIMDJSON_PADDING);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(fd, buf.data() + got, want - got, static_cast<off_t>(offset_ + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got == 0) break;
    const char* begin = buf.data();
    const char* lastNewline = static_cast<const char*>(memrchr(begin, '\n', got));
    if (!lastNewline) {
      if (got < kChunk) break;  // a line still being written: wait for its newline
      // A "line" longer than a chunk is not a metrics record; skip it to keep following.
      ++impl_->main.lineNo;
      badLine(impl_->main, metrics, "line longer than 16 MiB");
      offset_ += got;
      continue;
    }
    const std::size_t used = static_cast<std::size_t>(lastNewline - begin) + 1;
    const std::int64_t before = impl_->main.lineNo;
    parseRegion(begin, begin + used, buf.size(), metrics);
    update.lines += static_cast<std::size_t>(impl_->main.lineNo - before);
    offset_ += used;
    if (progress) progress->report(static_cast<double>(offset_ - start) / static_cast<double>(size - start), "Reading metrics.jsonl");
  }
  ::close(fd);
  if (buf.capacity() > 2 * kChunk) std::string().swap(buf);
  return update;
}

void MetricsJsonlReader::badLine(Context& ctx, RunMetrics& metrics, const std::string& message) {
  ++metrics.badLines;
  if (metrics.warnings.size() < kMaxWarnings)
    metrics.warnings.push_back(path_ + ":" + std::to_string(ctx.lineNo) + ": " + message);
}

// Whole lines [begin, end): on this thread, or, for a large region, the second half on another
// thread into its own RunMetrics that is then appended (RunMetrics::append keeps the resume
// semantics across the cut).
void MetricsJsonlReader::parseRegion(const char* begin, const char* end, std::size_t capacity, RunMetrics& metrics) {
  constexpr std::size_t kParallelBytes = 4u << 20;
  const std::size_t size = static_cast<std::size_t>(end - begin);
  const char* cut = nullptr;
  if (size >= kParallelBytes && std::thread::hardware_concurrency() >= 2) {
    const char* nl = static_cast<const char*>(std::memchr(begin + size / 2, '\n', size - size / 2));
    if (nl && nl + 1 < end) cut = nl + 1;
  }
  if (!cut) {
    parseLines(impl_->main, begin, end, capacity, metrics);
    return;
  }
  Context& helper = impl_->helper;
  helper.forgetColumns();  // its RunMetrics is new each time
  helper.lineNo = impl_->main.lineNo + std::count(begin, cut, '\n');
  RunMetrics later;
  std::thread second([&] { parseLines(helper, cut, end, capacity - static_cast<std::size_t>(cut - begin), later); });
  parseLines(impl_->main, begin, cut, capacity, metrics);
  second.join();
  metrics.append(std::move(later));
  impl_->main.lineNo = helper.lineNo;
}

void MetricsJsonlReader::parseLines(Context& ctx, const char* begin, const char* end, std::size_t capacity,
                                    RunMetrics& metrics) {
  using namespace simdjson;
  const char* bufferStart = begin;
  auto& slotsTop = ctx.topSlots;
  auto& slotsLoss = ctx.lossSlots;
  auto& slotsMem = ctx.memorySlots;
  while (begin < end) {
    const char* nl = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
    const char* lineEnd = nl ? nl : end;
    ++ctx.lineNo;
    std::size_t len = static_cast<std::size_t>(lineEnd - begin);
    if (len > 0 && begin[len - 1] == '\r') --len;
    const char* line = begin;
    begin = lineEnd + 1;
    if (len == 0) continue;
    // The rest of the buffer (and its padding) follows the line, which is all simdjson needs.
    const std::size_t room = capacity - static_cast<std::size_t>(line - bufferStart);
    ondemand::document doc;
    ondemand::object obj;
    std::string_view event;
    if (ctx.parser.iterate(line, len, room).get(doc) || doc.get_object().get(obj) ||
        obj.find_field_unordered("event").get_string().get(event)) {
      // Not a step in the expected shape; the general path gives a precise message.
      parseOther(ctx, std::string_view(line, len), metrics);
      continue;
    }
    if (event != "step") {
      parseOther(ctx, std::string_view(line, len), metrics);
      continue;
    }
    if (obj.reset().error()) {  // rewinds to the first field; its value says only "not empty"
      parseOther(ctx, std::string_view(line, len), metrics);
      continue;
    }
    // Values are collected first: the iteration may come after the losses in a line.
    struct Pending {
      int column;
      double value;
    };
    Pending pending[64];
    int numPending = 0;
    double iteration = std::nan(""), time = 0;
    bool bad = false;
    auto useSlot = [&](std::vector<Context::Slot>& slotList, std::size_t k, std::string_view key, SeriesGroup group,
                       bool series, const std::string& prefix) -> const Context::Slot& {
      if (k >= slotList.size()) slotList.resize(k + 1);
      Context::Slot& s = slotList[k];
      if (s.key != key) {
        s.key = std::string(key);
        s.series = series;
        s.column = series ? metrics.column(prefix + s.key, group) : -1;
      }
      return s;
    };
    std::size_t k = 0;
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) {
        bad = true;
        break;
      }
      ondemand::value v;
      if (field.value().get(v)) {
        bad = true;
        break;
      }
      if (key == "losses" || key == "memory_mb") {
        const bool losses = key == "losses";
        ondemand::object inner;
        if (v.get_object().get(inner)) {
          bad = true;
          break;
        }
        std::size_t j = 0;
        for (auto f : inner) {
          std::string_view name;
          double x = 0;
          if (f.unescaped_key().get(name) || f.value().get_double().get(x)) {
            bad = true;
            break;
          }
          const auto& s = losses ? useSlot(slotsLoss, j, name, SeriesGroup::Loss, true, "")
                                 : useSlot(slotsMem, j, name, SeriesGroup::Other, true, "memory_mb.");
          if (numPending < 64) pending[numPending++] = {s.column, x};
          ++j;
        }
        if (bad) break;
        ++k;
        continue;
      }
      if (key == "iteration") {
        if (v.get_double().get(iteration)) bad = true;
      } else if (key == "time") {
        if (v.get_double().get(time)) bad = true;
      } else {
        bool series = false;
        const SeriesGroup g = groupOfTopLevel(key, &series);
        if (series) {
          double x = 0;
          if (v.get_double().get(x)) {
            bad = true;
            break;
          }
          const auto& s = useSlot(slotsTop, k, key, g, true, "");
          if (numPending < 64) pending[numPending++] = {s.column, x};
        }
      }
      if (bad) break;
      ++k;
    }
    if (bad || std::isnan(iteration)) {
      parseOther(ctx, std::string_view(line, len), metrics);
      continue;
    }
    metrics.beginStep(iteration);
    for (int i = 0; i < numPending; ++i) metrics.setStep(pending[i].column, pending[i].value);
    if (time > 0) metrics.lastTime = time;
    ++metrics.records;
  }
}

// Everything but well-formed step records: start, resume, checkpoint, epoch, eval, end, and any
// line the fast path refused (which then gets its precise error here).
void MetricsJsonlReader::parseOther(Context& ctx, std::string_view line, RunMetrics& metrics) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    badLine(ctx, metrics, std::string("not JSON: ") + e.what());
    return;
  }
  if (!j.is_object() || !j.contains("event") || !j["event"].is_string()) {
    badLine(ctx, metrics, "a record needs a string member \"event\"");
    return;
  }
  auto number = [&](const nlohmann::json& o, const char* key, double fallback) {
    auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
  };
  const std::string event = j["event"].get<std::string>();
  const double iteration = number(j, "iteration", -1);
  if (auto t = number(j, "time", 0); t > 0) metrics.lastTime = t;
  ++metrics.records;
  if (event == "step") {
    if (iteration < 0) {
      --metrics.records;
      badLine(ctx, metrics, "step record without a numeric \"iteration\"");
      return;
    }
    // A step whose members have unexpected types: keep the numeric ones.
    metrics.beginStep(iteration);
    for (const auto& [key, value] : j.items()) {
      bool series = false;
      const SeriesGroup g = groupOfTopLevel(key, &series);
      if (series && value.is_number()) metrics.setStep(metrics.column(key, g), value.get<double>());
    }
    if (auto it = j.find("losses"); it != j.end() && it->is_object())
      for (const auto& [key, value] : it->items())
        if (value.is_number()) metrics.setStep(metrics.column(key, SeriesGroup::Loss), value.get<double>());
    return;
  }
  if (event == "start" || event == "resume") {
    if (auto v = j.find("version"); v != j.end() && v->is_number() && v->get<int>() != 1)
      badLine(ctx, metrics, "metrics schema version " + v->dump() + " is newer than this studio reads (1)");
    metrics.maxIterations = number(j, "max_iterations", metrics.maxIterations);
    metrics.iterationsPerEpoch = number(j, "iterations_per_epoch", metrics.iterationsPerEpoch);
    if (auto d = j.find("device"); d != j.end() && d->is_string()) metrics.device = d->get<std::string>();
    if (event == "resume") metrics.resumeFrom(std::max(0.0, iteration));
    metrics.status = "running";
    metrics.statusSeen = true;
    return;
  }
  if (event == "checkpoint") {
    if (auto p = j.find("path"); p != j.end() && p->is_string()) metrics.lastCheckpoint = p->get<std::string>();
    return;
  }
  if (event == "end") {
    if (auto s = j.find("status"); s != j.end() && s->is_string()) {
      metrics.status = s->get<std::string>();
      metrics.statusSeen = true;
    }
    if (auto c = j.find("checkpoint"); c != j.end() && c->is_string() && !c->get<std::string>().empty())
      metrics.lastCheckpoint = c->get<std::string>();
    return;
  }
  if (event == "eval") {
    const double epoch = number(j, "epoch", 0);
    for (const char* type : {"bbox", "segm"}) {
      auto t = j.find(type);
      if (t == j.end() || !t->is_object()) continue;
      std::vector<double> ious;
      if (auto i = t->find("iou"); i != t->end() && i->is_array())
        for (const auto& x : *i)
          if (x.is_number()) ious.push_back(x.get<double>());
      for (const char* group : {"all", "seen", "unseen"}) {
        auto g = t->find(group);
        if (g == t->end() || !g->is_object()) continue;
        for (const char* what : {"ap", "recall"}) {
          auto a = g->find(what);
          if (a == g->end() || !a->is_array()) continue;
          for (std::size_t i = 0; i < a->size() && i < ious.size(); ++i)
            if ((*a)[i].is_number())
              metrics.addEval(std::string(type) + " " + group + " " + (what[0] == 'a' ? "AP" : "recall") + "@" +
                                  fmtIou(ious[i]),
                              epoch, iteration, (*a)[i].get<double>());
        }
      }
      if (auto z = t->find("gzsi"); z != t->end() && z->is_object()) {
        const std::string at = "@" + fmtIou(number(*z, "iou", 0.5));
        for (const char* key : {"hm_ap", "seen_ap", "unseen_ap", "hm_recall"}) {
          const double v = number(*z, key, -1);
          if (v >= 0) metrics.addEval(std::string(type) + " GZSI " + key + at, epoch, iteration, v);
        }
      }
    }
    return;
  }
  // epoch, eval_error and events of newer writers: nothing to plot.
}

}  // namespace zsi::ui
