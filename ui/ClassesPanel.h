#pragma once
// The classes panel: the class set as a table; a box to add a class by typing its name (with
// immediate feedback: the rule used, or "unknown word" with clickable suggestions); remove,
// seen/unseen, recolour; built-in COCO 48/17 and 65/15 sets, the demo set, load and save; the
// word-vector file. Every change is an undo command on the document.

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace zsi::ui {

class ClassSetModel;
class ProjectDocument;
class VectorService;
struct EmbedAnswer;

class ClassesPanel : public QWidget {
  Q_OBJECT
 public:
  ClassesPanel(ProjectDocument* doc, VectorService* vectors, QWidget* parent = nullptr);

  // Adds a class from a typed name (asynchronous; feedback() tells the outcome).
  void addClass(const QString& name, bool unseen);
  QString feedback() const;
  QLineEdit* nameEdit() const { return nameEdit_; }
  QTableView* table() const { return table_; }
  bool embedding() const { return pendingRequest_ != 0; }

  // Class-set files and built-ins (also reached through the Classes menu).
  void useBuiltin(const QString& id);  // "48_17", "65_15", "demo"
  void loadSetFile(const QString& path);
  bool saveSetFile(const QString& path);
  void chooseAndLoadSet();
  void chooseAndSaveSet();
  void chooseVectorFile();
  void removeSelected();
  void toggleSelectedSplit();
  void recolourSelected();

 signals:
  void message(const QString& text);      // for the status bar
  void classAdded(const QString& name);
  void classRejected(const QString& name);  // unknown word or duplicate

 private:
  void onEmbedded(const EmbedAnswer& answer);
  void showFeedback(const QString& html, bool error);
  std::vector<std::size_t> selectedRows() const;

  ProjectDocument* doc_;
  VectorService* vectors_;
  ClassSetModel* model_;
  QTableView* table_;
  QLineEdit* nameEdit_;
  QCheckBox* unseenBox_;
  QLabel* feedback_;
  QLabel* vectorsLabel_;
  QLabel* summary_;
  int pendingRequest_ = 0;
  bool pendingUnseen_ = true;
};

}  // namespace zsi::ui
