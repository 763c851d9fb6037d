#include "core/demo/DemoClassSet.h"

#include "core/demo/DemoCatalog.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"

namespace zsi {

Result<ClassSet> makeDemoClassSet(const VectorFile& vocabulary, double norm) {
  const NameEmbedder embedder(vocabulary, norm, MultiWordRule::MeanOfWords);
  ClassSet set;
  set.multiWord = MultiWordRule::MeanOfWords;
  const auto& classes = DemoCatalog::classes();
  set.name = "Demo " + std::to_string(DemoCatalog::seenCount()) + "/" + std::to_string(DemoCatalog::unseenCount());
  set.norm = norm;
  const std::string& path = vocabulary.path();
  set.sourceVectors = path.substr(path.find_last_of('/') + 1);
  for (const auto& c : classes) {
    auto e = embedder.embed(c.name);
    if (!e.ok()) {
      Error err = e.error();
      if (err.file.empty()) err.inFile(path);
      err.forField("class '" + c.name + "'");
      return err;
    }
    if (!e->missingWords.empty()) {
      std::string missing;
      for (const auto& w : e->missingWords) missing += (missing.empty() ? "'" : ", '") + w + "'";
      return Error(missing + " not in the vocabulary; every demo class needs all its words")
          .inFile(path)
          .forField("class '" + c.name + "'");
    }
    set.add(*e, c.unseen);
    set.classes.back().cocoId = c.categoryId;
  }
  set.setBackgroundToClassMean();
  ZSI_TRY(set.validate());
  return set;
}

}  // namespace zsi
