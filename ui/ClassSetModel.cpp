#include "ui/ClassSetModel.h"

#include <QColor>
#include <QPixmap>
#include <cmath>

#include "ui/ProjectDocument.h"
#include "ui/VectorService.h"

namespace zsi::ui {

ClassSetModel::ClassSetModel(ProjectDocument* doc, VectorService* vectors, QObject* parent)
    : QAbstractTableModel(parent), doc_(doc), vectors_(vectors) {
  connect(doc_, &ProjectDocument::classesChanged, this, [this] {
    beginResetModel();
    endResetModel();
    requestNearestWords();
  });
  connect(vectors_, &VectorService::opened, this, [this] {
    requestNearestWords();
    emit dataChanged(index(0, Nearest), index(rowCount() - 1, Nearest));
  });
  connect(vectors_, &VectorService::nearestReady, this, [this](const QString& name) {
    const int row = doc_->classSet().find(name.toStdString());
    if (row >= 0) emit dataChanged(index(row, Nearest), index(row, Nearest));
  });
}

void ClassSetModel::requestNearestWords() {
  for (const auto& c : doc_->classSet().classes) vectors_->requestNearest(c.name, c.vector);
}

int ClassSetModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(doc_->classSet().size());
}

int ClassSetModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ClassSetModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Name: return tr("Class");
    case Split: return tr("Split");
    case Rule: return tr("Vector");
    case Norm: return tr("Norm");
    case Nearest: return tr("Nearest words");
    case CocoId: return tr("COCO id");
  }
  return {};
}

QVariant ClassSetModel::data(const QModelIndex& index, int role) const {
  const auto& set = doc_->classSet();
  if (!index.isValid() || index.row() >= static_cast<int>(set.size())) return {};
  const ClassSetEntry& c = set.classes[static_cast<std::size_t>(index.row())];
  if (role == Qt::DecorationRole && index.column() == Name) {
    QPixmap swatch(12, 12);
    swatch.fill(QColor(c.colour.r, c.colour.g, c.colour.b));
    return swatch;
  }
  if (role == Qt::ForegroundRole && index.column() == Split)
    return c.unseen ? QColor(190, 90, 200) : QVariant();
  if (role == Qt::ToolTipRole) {
    QString tip = tr("<b>%1</b> (%2)").arg(QString::fromStdString(c.name).toHtmlEscaped(),
                                          c.unseen ? tr("unseen") : tr("seen"));
    if (!c.rule.empty()) tip += tr("<br>vector: %1").arg(QString::fromStdString(c.rule));
    if (!c.tokens.empty()) {
      QStringList t;
      for (const auto& s : c.tokens) t << QString::fromStdString(s);
      tip += tr("<br>tokens: %1").arg(t.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    return tip;
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name: return QString::fromStdString(c.name);
    case Split: return c.unseen ? tr("unseen") : tr("seen");
    case Rule: return c.rule.empty() ? tr("\u2014") : QString::fromStdString(c.rule);
    case Norm: {
      double n = 0;
      for (float v : c.vector) n += static_cast<double>(v) * v;
      return QString::number(std::sqrt(n), 'f', 4);
    }
    case Nearest: {
      const QStringList words = vectors_->nearest(c.name);
      if (!words.isEmpty()) return words.join(QStringLiteral(", "));
      return vectors_->hasFile() ? tr("\u2026") : tr("(load word vectors)");
    }
    case CocoId: return c.cocoId > 0 ? QVariant(static_cast<qlonglong>(c.cocoId)) : QVariant(QString());
  }
  return {};
}

}  // namespace zsi::ui
