#pragma once
// The word vectors behind "add a class by typing its name": opens a vector file in the
// background (core indexes it once and caches the index), embeds typed names and finds the
// nearest words of class vectors, all off the GUI thread. Without a file, names of the COCO
// classes still work: they take the official ZSI vectors compiled into the program.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/wordvec/ClassSet.h"

namespace zsi {
class VectorFile;
}

namespace zsi::ui {

class TaskProgress;

struct EmbedAnswer {
  int request = 0;
  QString name;
  bool ok = false;
  ClassSetEntry entry;     // name, vector (at the requested norm), rule, tokens
  QString message;         // the rule used, or why it failed
  QStringList suggestions; // closest spellings when the name is unknown
};

class VectorService : public QObject {
  Q_OBJECT
 public:
  explicit VectorService(QObject* parent = nullptr);
  ~VectorService() override;

  void open(const QString& path);
  void cancelOpen();
  bool hasFile() const { return file_ != nullptr; }
  QString path() const { return path_; }
  QString description() const;  // "GoogleNews… (3,000,000 words, 300-d)"
  TaskProgress* progress() const { return progress_; }
  bool opening() const { return opening_; }

  // Embeds a typed name at `norm` with the class set's multi-word rule (so a typed composition
  // such as "purple star" is made like the set's own classes); the answer comes as `embedded`
  // with the returned request id.
  int embed(const QString& name, double norm, MultiWordRule multiWord);
  // Nearest vocabulary words of a class vector (cached by class name).
  void requestNearest(const std::string& className, const std::vector<float>& vector);
  QStringList nearest(const std::string& className) const;

  // A COCO class name -> its official vector from the built-in sets (rule "ZSI COCO vector").
  static bool builtinVector(const std::string& name, double norm, ClassSetEntry& out);

 signals:
  void opened(const QString& description, double seconds);
  void openFailed(const QString& message);
  void embedded(const zsi::ui::EmbedAnswer& answer);
  void nearestReady(const QString& className);

 private:
  std::shared_ptr<const VectorFile> file_;
  QString path_;
  TaskProgress* progress_;
  bool opening_ = false;
  int openRequest_ = 0;
  int embedRequest_ = 0;
  std::unordered_map<std::string, QStringList> nearest_;
  std::unordered_map<std::string, bool> nearestAsked_;
  QThreadPool pool_;
};

}  // namespace zsi::ui
