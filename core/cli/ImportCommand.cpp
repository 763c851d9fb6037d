#include "core/cli/ImportCommand.h"

#include "core/cli/CliFail.h"
#include "core/engine/BuiltinEngineData.h"
#include "core/engine/ClassSetConversion.h"
#include "core/engine/WeightImport.h"
#include "core/engine/ZsiModel.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "core/wordvec/ClassMatrix.h"

namespace zsi::cli {
namespace {

Result<ClassVectors> trainingClasses(const ImportCommandOptions& o, const ModelConfig& cfg) {
  if (!o.wordVectors.empty()) {
    auto matrix = ClassMatrix::read(o.wordVectors);
    if (!matrix.ok()) return matrix.error();
    return toClassVectors(matrix.value(), cfg.classes.numSeen, o.wordVectors);
  }
  if (o.classes.empty())
    return Error("give the class vectors the weights were trained with: --classes 48_17|65_15|FILE or --word-vectors FILE");
  auto set = loadClassSet(o.classes);
  if (!set.ok()) return set.error();
  return toClassVectors(set.value());
}

Result<ModelConfig> config(const ImportCommandOptions& o) {
  auto cfg = findModelConfig(o.config);
  if (!cfg.ok()) return cfg.error();
  if (o.quirks == "official") cfg->quirks = officialQuirks();
  else if (o.quirks == "sound") cfg->quirks = soundQuirks();
  else if (!o.quirks.empty()) return Error("--quirks must be sound or official");
  return cfg;
}

}  // namespace

int runImportCommand(const ImportCommandOptions& o, std::ostream& out, std::ostream& err) {
  if (o.what == "vocabulary") {
    auto model = ZsiModel::load(o.model);
    if (!model.ok()) return fail(err, model.error());
    auto matrix = ClassMatrix::read(o.vocabulary);
    if (!matrix.ok()) return fail(err, matrix.error());
    auto st = model->setVocabulary(matrix.value());
    if (!st.ok()) return fail(err, Error(st.error()).inFile(o.vocabulary));
    auto saved = model->save(o.out);
    if (!saved.ok()) return fail(err, saved.error());
    out << "vocabulary " << matrix->dim << " × " << matrix->columns.size() << " added; wrote " << o.out << "\n";
    return 0;
  }
  if (o.what != "official" && o.what != "backbone")
    return fail(err, Error("unknown import '" + o.what + "': expected official, backbone or vocabulary"));
  auto cfg = config(o);
  if (!cfg.ok()) return fail(err, cfg.error());
  auto classes = trainingClasses(o, cfg.value());
  if (!classes.ok()) return fail(err, classes.error());
  auto model = ZsiModel::create(cfg.value(), classes.value());
  if (!model.ok()) return fail(err, model.error());
  const std::string keyMapName =
      !o.keyMap.empty() ? o.keyMap : (o.what == "official" ? "mmdet_v1_zsi" : "torchvision_resnet");
  auto map = findKeyMap(keyMapName);
  if (!map.ok()) return fail(err, map.error());
  auto report = importWeights(model.value(), o.weights, map.value());
  if (!report.ok()) return fail(err, report.error());
  out << report->toString() << "\n";
  if (!o.vocabulary.empty()) {
    auto matrix = ClassMatrix::read(o.vocabulary);
    if (!matrix.ok()) return fail(err, matrix.error());
    auto st = model->setVocabulary(matrix.value());
    if (!st.ok()) return fail(err, Error(st.error()).inFile(o.vocabulary));
    out << "vocabulary " << matrix->dim << " × " << matrix->columns.size() << " added\n";
  } else if (model->needsVocabulary()) {
    out << "note: the config needs the vocabulary matrix (" << cfg->classes.vocabularySize
        << " words); add it with `zsi import vocabulary` before running the model\n";
  }
  auto saved = model->save(o.out);
  if (!saved.ok()) return fail(err, saved.error());
  out << "wrote " << o.out << " (" << model->parameterCount() << " parameters, config " << cfg->name << ")\n";
  return 0;
}

}  // namespace zsi::cli
