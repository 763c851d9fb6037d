#include "ui/ExportDialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace zsi::ui {

ExportDialog::ExportDialog(ExportRequest::Kind kind, const ExportSnapshot& snapshot, const QString& suggestedPath,
                           QWidget* parent)
    : QDialog(parent), snapshot_(snapshot) {
  setWindowTitle(tr("Export COCO"));
  instances_ = new QRadioButton(tr("COCO instances: the working annotations (dataset + accepted)"), this);
  results_ = new QRadioButton(tr("COCO results: all predictions with scores"), this);
  auto* kinds = new QButtonGroup(this);
  kinds->addButton(instances_);
  kinds->addButton(results_);
  (kind == ExportRequest::Kind::Annotations ? instances_ : results_)->setChecked(true);

  auto* maskBox = new QGroupBox(tr("Masks of accepted predictions"), this);
  rle_ = new QRadioButton(tr("RLE (exact, keeps holes)"), maskBox);
  polygons_ = new QRadioButton(tr("Polygons traced from the masks"), maskBox);
  rle_->setChecked(true);
  tolerance_ = new QDoubleSpinBox(maskBox);
  tolerance_->setRange(0.0, 10.0);
  tolerance_->setSingleStep(0.5);
  tolerance_->setSuffix(tr(" px"));
  tolerance_->setToolTip(tr("Simplification tolerance; 0 keeps every corner of the pixel outline (exact, holes filled)"));
  auto* ml = new QFormLayout(maskBox);
  ml->addRow(rle_);
  ml->addRow(polygons_);
  ml->addRow(tr("Simplify within"), tolerance_);
  includeLoaded_ = new QCheckBox(tr("Include the dataset's own annotations (after review)"), this);
  includeLoaded_->setChecked(true);
  includeRejected_ = new QCheckBox(tr("Include rejected predictions"), this);
  includeOutdated_ = new QCheckBox(tr("Include predictions made with other settings"), this);
  includeOutdated_->setChecked(true);

  path_ = new QLineEdit(suggestedPath, this);
  auto* browse = new QPushButton(tr("Browse\u2026"), this);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setObjectName(QStringLiteral("exportSummary"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));

  auto* lay = new QVBoxLayout(this);
  lay->addWidget(instances_);
  lay->addWidget(results_);
  lay->addWidget(maskBox);
  lay->addWidget(includeLoaded_);
  lay->addWidget(includeRejected_);
  lay->addWidget(includeOutdated_);
  lay->addLayout(pathRow);
  lay->addWidget(summary_);
  lay->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (!path_->text().trimmed().isEmpty()) accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, tr("Export To"), path_->text(), tr("COCO JSON (*.json)"));
    if (!p.isEmpty()) path_->setText(p);
  });
  for (QAbstractButton* b : {static_cast<QAbstractButton*>(instances_), static_cast<QAbstractButton*>(results_),
                             static_cast<QAbstractButton*>(rle_), static_cast<QAbstractButton*>(polygons_),
                             static_cast<QAbstractButton*>(includeLoaded_), static_cast<QAbstractButton*>(includeRejected_),
                             static_cast<QAbstractButton*>(includeOutdated_)})
    connect(b, &QAbstractButton::toggled, this, &ExportDialog::updateSummary);
  updateSummary();
}

ExportRequest ExportDialog::request() const {
  ExportRequest r;
  r.kind = instances_->isChecked() ? ExportRequest::Kind::Annotations : ExportRequest::Kind::Results;
  r.path = path_->text().trimmed().toStdString();
  r.annotations.polygons = polygons_->isChecked();
  r.annotations.polygonTolerance = tolerance_->value();
  r.annotations.includeLoaded = includeLoaded_->isChecked();
  r.results.includeRejected = includeRejected_->isChecked();
  r.results.includeOutdated = includeOutdated_->isChecked();
  return r;
}

void ExportDialog::updateSummary() {
  const bool inst = instances_->isChecked();
  rle_->parentWidget()->setEnabled(inst);
  tolerance_->setEnabled(inst && polygons_->isChecked());
  includeLoaded_->setEnabled(inst);
  includeRejected_->setEnabled(!inst);
  includeOutdated_->setEnabled(!inst);
  if (!snapshot_.dataset) {
    summary_->setText(tr("No dataset is open."));
    return;
  }
  // Counts only: the masks are traced and encoded by the export itself.
  const auto& e = snapshot_.edits;
  if (inst) {
    std::size_t loaded = 0, accepted = 0;
    if (includeLoaded_->isChecked())
      for (std::size_t a = 0; a < snapshot_.dataset->annotations().size(); ++a) loaded += e.loadedDeleted(a) ? 0 : 1;
    for (const auto& u : e.added()) accepted += u.deleted ? 0 : 1;
    summary_->setText(tr("Will write %1 images and %2 annotations: %3 from the dataset (%4 relabelled), %5 accepted "
                         "predictions; %6 deleted in review are left out.")
                          .arg(snapshot_.dataset->images().size()).arg(loaded + accepted).arg(loaded)
                          .arg(e.relabelCount()).arg(accepted).arg(e.deletedCount()));
  } else {
    std::size_t n = 0, rejected = 0, outdated = 0, images = 0;
    for (const auto& [i, p] : snapshot_.predictions) {
      const bool old = p.data->settingsKey != snapshot_.currentKey;
      if (old && !includeOutdated_->isChecked()) continue;
      ++images;
      for (std::size_t k = 0; k < p.size(); ++k) {
        if (p.state[k] == ReviewState::Rejected && !includeRejected_->isChecked()) {
          ++rejected;
          continue;
        }
        ++n;
        outdated += old ? 1 : 0;
      }
    }
    summary_->setText(tr("Will write %1 detections of %2 images (%3 made with other settings); %4 rejected left out.")
                          .arg(n).arg(images).arg(outdated).arg(rejected));
  }
}

}  // namespace zsi::ui
