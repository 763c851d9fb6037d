#include "core/cli/EmbedClassSet.h"

#include <fmt/format.h>

#include <cmath>

#include "core/cli/CliFail.h"
#include "core/util/AtomicFile.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "core/wordvec/ClassSet.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"

namespace zsi::cli {
namespace {

double length(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

void summarise(const ClassSet& set, std::ostream& out) {
  out << fmt::format("{}: {} classes ({} seen, {} unseen), dimension {}, norm {}\n",
                     set.name.empty() ? "class set" : set.name, set.size(), set.seenCount(),
                     set.unseenCount(), set.dim(), set.norm);
  if (!set.sourceVectors.empty()) out << "vectors from: " << set.sourceVectors << "\n";
}

}  // namespace

int runClassSetImport(const ClassSetImportOptions& o, std::ostream& out, std::ostream& err) {
  auto set = ClassSet::fromZsiMatrix(o.matrix, o.classList, o.norm);
  if (!set) return fail(err, set.error());
  if (o.seenCount) {
    if (*o.seenCount > set->size())
      return fail(err, Error(fmt::format("--seen-count {} exceeds the {} classes", *o.seenCount, set->size())));
    for (std::size_t i = 0; i < set->size(); ++i) set->classes[i].unseen = i >= *o.seenCount;
  }
  set->name = o.name;
  Status saved = set->save(o.output);
  if (!saved) return fail(err, saved.error());
  summarise(*set, out);
  out << "written: " << o.output << "\n";
  return 0;
}

int runClassSetPack(const ClassSetPackOptions& o, std::ostream& out, std::ostream& err) {
  BuiltinSplit which;
  if (o.split == "48_17") {
    which = BuiltinSplit::Coco48_17;
  } else if (o.split == "65_15") {
    which = BuiltinSplit::Coco65_15;
  } else {
    return fail(err, Error("--split must be 48_17 or 65_15"));
  }
  if (!(o.norm > 0) || !std::isfinite(o.norm)) return fail(err, Error("--norm must be a positive number"));
  auto set = ClassSet::fromZsiMatrix(o.matrix, o.classList, o.norm);
  if (!set) return fail(err, set.error());
  auto pack = packBuiltinClassSet(*set, which);
  if (!pack) return fail(err, pack.error());
  Status saved = writeFileAtomic(o.output, pack->serialize());
  if (!saved) return fail(err, saved.error());
  out << fmt::format("packed {} class vectors + background of split {} (dimension {}, norm {}) into {}\n",
                     set->size(), o.split, set->dim(), o.norm, o.output);
  return 0;
}

int runClassSetCreate(const ClassSetCreateOptions& o, std::ostream& out, std::ostream& err) {
  double norm = 0;
  if (o.norm) {
    norm = *o.norm;
  } else {
    auto official = builtinClassSet(BuiltinSplit::Coco65_15);
    if (!official) return fail(err, official.error());
    norm = official->norm;
  }
  if (o.seen.empty() && o.unseen.empty()) return fail(err, Error("give class names with --seen and/or --unseen"));
  VectorFileOptions vo;
  vo.classList = o.classList;
  vo.cacheDir = o.cacheDir;
  vo.useCache = !o.noCache;
  auto vectors = VectorFile::open(o.vectors, vo);
  if (!vectors) return fail(err, vectors.error());
  MultiWordRule multiWord = MultiWordRule::HeadWordFirst;
  if (!o.multiWord.empty()) {
    auto parsed = parseMultiWordRule(o.multiWord);
    if (!parsed) return fail(err, Error(parsed.error().message).forField("--multi-word"));
    multiWord = *parsed;
  }
  NameEmbedder embedder(*vectors, norm, multiWord);
  ClassSet set;
  set.multiWord = multiWord;
  set.name = o.name;
  set.norm = norm;
  set.sourceVectors = o.vectors;
  int unknown = 0;
  for (int group = 0; group < 2; ++group) {
    for (const auto& name : group == 0 ? o.seen : o.unseen) {
      auto e = embedder.embed(name);
      if (!e) {
        err << "error: " << e.error().toString() << "\n";
        ++unknown;
        continue;
      }
      set.add(*e, group == 1);
      out << fmt::format("{:<24} {:<7} {}\n", e->name, group == 1 ? "unseen" : "seen", e->describe());
    }
  }
  if (unknown > 0) return fail(err, Error(fmt::format("{} name(s) not found; nothing written", unknown)));
  set.setBackgroundToClassMean();
  Status saved = set.save(o.output);
  if (!saved) return fail(err, saved.error());
  summarise(set, out);
  out << "written: " << o.output << "\n";
  return 0;
}

int runClassSetShow(const ClassSetShowOptions& o, std::ostream& out, std::ostream& err) {
  auto set = loadClassSet(o.set);
  if (!set) return fail(err, set.error());
  summarise(*set, out);
  out << fmt::format("{:>4}  {:<18} {:<7} {:>7}  {:<8} {:>8}  {}\n", "#", "name", "group", "coco_id", "colour",
                     "norm", "rule");
  for (std::size_t i = 0; i < set->size(); ++i) {
    const auto& c = set->classes[i];
    std::string rule = c.rule;
    for (std::size_t t = 0; t < c.tokens.size(); ++t) rule += (t ? ", " : " ") + c.tokens[t];
    out << fmt::format("{:>4}  {:<18} {:<7} {:>7}  {:<8} {:>8.5f}  {}\n", i + 1, c.name, c.unseen ? "unseen" : "seen",
                       c.cocoId > 0 ? std::to_string(c.cocoId) : "-", c.colour.hex(), length(c.vector), rule);
  }
  out << fmt::format("background norm {:.5f}\n", length(set->background));
  if (!o.output.empty()) {
    Status saved = set->save(o.output);
    if (!saved) return fail(err, saved.error());
    out << "written: " << o.output << "\n";
  }
  return 0;
}

}  // namespace zsi::cli
