#pragma once
// The class set as a table (a thin adapter over the document): name with its colour, seen or
// unseen, how its vector was made, the vector's norm and its nearest vocabulary words.

#include <QAbstractTableModel>

namespace zsi::ui {

class ProjectDocument;
class VectorService;

class ClassSetModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Name, Split, Rule, Norm, Nearest, CocoId, ColumnCount };

  ClassSetModel(ProjectDocument* doc, VectorService* vectors, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  int columnCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  void requestNearestWords();

  ProjectDocument* doc_;
  VectorService* vectors_;
};

}  // namespace zsi::ui
