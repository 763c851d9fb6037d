#include "core/cli/EmbedCommand.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/wordvec/BuiltinClassSets.h"
#include "core/wordvec/ClassSet.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"

namespace zsi::cli {
namespace {

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

}  // namespace

int runEmbed(const EmbedOptions& o, std::ostream& out, std::ostream& err) {
  std::optional<ClassSet> set;
  if (!o.classes.empty()) {
    auto loaded = loadClassSet(o.classes);
    if (!loaded) {
      err << "error: " << loaded.error().toString() << "\n";
      return 1;
    }
    set = std::move(*loaded);
  }
  // The norm is a model setting: given, or the class set's, or the built-in (official) set's.
  double norm = 0;
  std::string normFrom;
  if (o.norm) {
    norm = *o.norm;
    normFrom = "--norm";
  } else if (set) {
    norm = set->norm;
    normFrom = "class set " + (set->name.empty() ? o.classes : set->name);
  } else {
    auto official = builtinClassSet(BuiltinSplit::Coco65_15);
    if (!official) {
      err << "error: " << official.error().toString() << " (pass --norm)\n";
      return 1;
    }
    norm = official->norm;
    normFrom = "the official ZSI COCO vectors";
  }
  if (!(norm > 0) || !std::isfinite(norm)) {
    err << "error: --norm must be a positive number\n";
    return 1;
  }

  VectorFileOptions vo;
  vo.classList = o.classList;
  vo.cacheDir = o.cacheDir;
  vo.useCache = !o.noCache;
  vo.threads = o.threads;
  const auto t0 = std::chrono::steady_clock::now();
  auto vectors = VectorFile::open(o.vectors, vo);
  if (!vectors) {
    err << "error: " << vectors.error().toString() << "\n";
    return 1;
  }
  const double openS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (set && set->dim() != vectors->dim()) {
    err << "error: the class set has dimension " << set->dim() << " but " << o.vectors << " has "
        << vectors->dim() << "\n";
    return 1;
  }
  out << fmt::format("vectors: {} ({}, {} words, dimension {}; {} in {:.2f} s)\n", o.vectors,
                     vectorFormatName(vectors->format()), vectors->size(), vectors->dim(),
                     vectors->indexFromCache() ? "index read from " + vectors->cachePath()
                                               : std::string("indexed"),
                     openS);
  out << fmt::format("norm: {} (from {})\n", norm, normFrom);

  MultiWordRule multiWord = set ? set->multiWord : MultiWordRule::HeadWordFirst;
  if (!o.multiWord.empty()) {
    auto parsed = parseMultiWordRule(o.multiWord);
    if (!parsed) {
      err << "error: --multi-word: " << parsed.error().message << "\n";
      return 1;
    }
    multiWord = *parsed;
  }
  out << "multi-word names: " << multiWordRuleName(multiWord) << "\n";
  NameEmbedder embedder(*vectors, norm, multiWord);
  int exitCode = 0;
  for (const auto& name : o.names) {
    auto e = embedder.embed(name);
    if (!e) {
      err << "error: " << e.error().toString() << "\n";
      exitCode = 1;
      continue;
    }
    out << "\n" << e->name << "\n";
    out << "  rule:    " << e->describe() << "\n";
    out << fmt::format("  norm:    {} (vector before scaling: {:.5g})\n", norm, e->sourceNorm);
    auto near = vectors->nearest(e->vector.data(), o.nearest, e->tokenIndices);
    if (!near) {
      err << "error: " << near.error().toString() << "\n";
      exitCode = 1;
      continue;
    }
    out << "  nearest:";
    for (std::size_t i = 0; i < near->size(); ++i)
      out << fmt::format("{} {} {:.3f}", i ? "," : "", (*near)[i].word, (*near)[i].cosine);
    out << "\n";
    if (set) {
      std::vector<std::pair<double, std::size_t>> scores;
      for (std::size_t c = 0; c < set->size(); ++c) scores.emplace_back(cosine(e->vector, set->classes[c].vector), c);
      std::stable_sort(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      out << "  cosine to the classes of " << (set->name.empty() ? o.classes : set->name) << ":\n";
      for (const auto& [score, c] : scores)
        out << fmt::format("    {:+.4f}  {} ({})\n", score, set->classes[c].name,
                           set->classes[c].unseen ? "unseen" : "seen");
    }
  }
  return exitCode;
}

}  // namespace zsi::cli
