#pragma once
// The export dialog: instances (the working annotations; masks as RLE or polygons traced from the
// masks) or results (the predictions with scores), the options of each, the file, and a summary
// of what will be written. The export itself runs in the background (ExportJob).

#include <QDialog>

#include "ui/ExportJob.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace zsi::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(ExportRequest::Kind kind, const ExportSnapshot& snapshot, const QString& suggestedPath,
               QWidget* parent = nullptr);
  ExportRequest request() const;

 private:
  void updateSummary();

  const ExportSnapshot& snapshot_;
  QRadioButton* instances_;
  QRadioButton* results_;
  QRadioButton* rle_;
  QRadioButton* polygons_;
  QDoubleSpinBox* tolerance_;
  QCheckBox* includeLoaded_;
  QCheckBox* includeRejected_;
  QCheckBox* includeOutdated_;
  QLineEdit* path_;
  QLabel* summary_;
};

}  // namespace zsi::ui
