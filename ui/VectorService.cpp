#include "ui/VectorService.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <cmath>
#include <sstream>

#include "core/wordvec/BuiltinClassSets.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"
#include "ui/Background.h"
#include "ui/TaskProgress.h"

namespace zsi::ui {

VectorService::VectorService(QObject* parent) : QObject(parent), progress_(new TaskProgress(this)) {
  pool_.setMaxThreadCount(1);
}

VectorService::~VectorService() {
  progress_->cancel();
  pool_.waitForDone();
}

QString VectorService::description() const {
  if (!file_) return tr("No word-vector file: COCO class names only");
  return tr("%1 (%2 words, %3-d, %4)")
      .arg(QFileInfo(path_).fileName(), QLocale().toString(static_cast<qulonglong>(file_->size())))
      .arg(file_->dim())
      .arg(QString::fromLatin1(vectorFormatName(file_->format())));
}

void VectorService::open(const QString& path) {
  progress_->reset();
  opening_ = true;
  const int request = ++openRequest_;
  Progress p = progress_->progress();
  const std::string file = path.toStdString();
  runInBackground(
      this, nullptr,
      [file, p] {
        QElapsedTimer t;
        t.start();
        auto r = VectorFile::open(file, {}, p);
        std::shared_ptr<const VectorFile> ptr;
        std::string error;
        if (r.ok()) ptr = std::make_shared<const VectorFile>(std::move(r.value()));
        else error = r.error().message == kCancelledMessage ? std::string() : r.error().toString();
        return std::make_tuple(ptr, error, t.nsecsElapsed() / 1e9);
      },
      [this, request, path](std::tuple<std::shared_ptr<const VectorFile>, std::string, double> r) {
        if (request != openRequest_) return;
        opening_ = false;
        if (!std::get<0>(r)) {
          if (!std::get<1>(r).empty()) emit openFailed(QString::fromStdString(std::get<1>(r)));
          return;
        }
        file_ = std::get<0>(r);
        path_ = path;
        nearest_.clear();
        nearestAsked_.clear();
        emit opened(description(), std::get<2>(r));
      });
}

void VectorService::cancelOpen() { progress_->cancel(); }

bool VectorService::builtinVector(const std::string& name, double norm, ClassSetEntry& out) {
  for (auto which : {BuiltinSplit::Coco48_17, BuiltinSplit::Coco65_15}) {
    auto set = builtinClassSet(which);
    if (!set.ok()) continue;
    const int i = set->find(name);
    if (i < 0) continue;
    out = set->classes[static_cast<std::size_t>(i)];
    double n = 0;
    for (float v : out.vector) n += static_cast<double>(v) * v;
    n = std::sqrt(n);
    if (n > 0 && norm > 0)
      for (float& v : out.vector) v = static_cast<float>(v * (norm / n));
    out.rule = "ZSI COCO vector";
    return true;
  }
  return false;
}

int VectorService::embed(const QString& name, double norm, MultiWordRule multiWord) {
  const int request = ++embedRequest_;
  auto file = file_;
  const std::string typed = name.trimmed().toStdString();
  runInBackground(
      this, &pool_,
      [file, typed, norm, multiWord, request, name] {
        EmbedAnswer a;
        a.request = request;
        a.name = name.trimmed();
        if (typed.empty()) {
          a.message = QObject::tr("Type a class name");
          return a;
        }
        if (file) {
          NameEmbedder embedder(*file, norm, multiWord);
          auto e = embedder.embed(typed);
          if (e.ok()) {
            a.ok = true;
            a.entry.name = e->name;
            a.entry.vector = e->vector;
            a.entry.rule = embedRuleName(e->rule);
            a.entry.tokens = e->tokens;
            a.message = QString::fromStdString(e->describe());
            return a;
          }
          a.message = QString::fromStdString(e.error().message);
          for (const auto& s : file->closestSpellings(typed, 5)) a.suggestions << QString::fromStdString(s);
        }
        // The COCO names work without a file, and win over "unknown" with one.
        if (builtinVector(typed, norm, a.entry)) {
          a.ok = true;
          a.entry.name = typed;
          a.message = QObject::tr("official ZSI vector of the COCO class");
          a.suggestions.clear();
          return a;
        }
        if (!file)
          a.message = QObject::tr("'%1' is not a COCO class; load a word-vector file (Classes \u203a Load Word "
                                  "Vectors) to add any word")
                          .arg(a.name);
        return a;
      },
      [this](EmbedAnswer a) { emit embedded(a); });
  return request;
}

void VectorService::requestNearest(const std::string& className, const std::vector<float>& vector) {
  if (!file_ || vector.size() != file_->dim() || nearestAsked_[className]) return;
  nearestAsked_[className] = true;
  auto file = file_;
  runInBackground(
      this, &pool_,
      [file, vector, className] {
        QStringList words;
        auto r = file->nearest(vector.data(), 6);
        if (r.ok())
          for (const auto& n : r.value())
            if (QString::fromStdString(n.word).compare(QString::fromStdString(className), Qt::CaseInsensitive) != 0 &&
                words.size() < 5)
              words << QStringLiteral("%1 (%2)").arg(QString::fromStdString(n.word)).arg(n.cosine, 0, 'f', 2);
        return words;
      },
      [this, className](QStringList words) {
        nearest_[className] = words;
        emit nearestReady(QString::fromStdString(className));
      });
}

QStringList VectorService::nearest(const std::string& className) const {
  auto it = nearest_.find(className);
  return it == nearest_.end() ? QStringList() : it->second;
}

}  // namespace zsi::ui
