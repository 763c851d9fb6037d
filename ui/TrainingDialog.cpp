#include "ui/TrainingDialog.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace zsi::ui {

QString TrainingDialog::trainConfigDir() {
  const QString app = QCoreApplication::applicationDirPath();
  // Installed, next to a build tree (build/bin, build/bin/tests), or the source tree.
  for (const QString& c : {app + QStringLiteral("/../share/zsi-studio/models/train"), app + QStringLiteral("/../../models/train"),
                           app + QStringLiteral("/../../../models/train"),
                           QStringLiteral(ZSI_SOURCE_DIR "/models/train")})
    if (QDir(c).exists()) return QDir(c).canonicalPath();
  return {};
}

TrainingDialog::TrainingDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("New training run"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  layout->addLayout(form);

  config_ = new QComboBox(this);
  config_->setEditable(true);
  config_->setInsertPolicy(QComboBox::NoInsert);
  if (const QString dir = trainConfigDir(); !dir.isEmpty())
    for (const QFileInfo& f : QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
      config_->addItem(f.fileName(), f.absoluteFilePath());
  config_->setToolTip(tr("A training config (models/train) or a model config (trained with the default schedule)"));
  auto* configRow = new QHBoxLayout;
  configRow->addWidget(config_, 1);
  auto* browseConfig = new QToolButton(this);
  browseConfig->setText(QStringLiteral("…"));
  configRow->addWidget(browseConfig);
  form->addRow(tr("Config"), configRow);
  connect(browseConfig, &QToolButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Training config"), trainConfigDir(), tr("JSON (*.json)"));
    if (!f.isEmpty()) config_->setCurrentText(f);
  });

  data_ = pathRow(form, tr("Training data"), false, false, tr("COCO instances (*.json)"));
  images_ = pathRow(form, tr("Training images"), true, false, {});
  val_ = pathRow(form, tr("Validation data"), false, false, tr("COCO instances (*.json)"));
  val_->setPlaceholderText(tr("optional: evaluated after each epoch (ZSI protocol)"));
  valImages_ = pathRow(form, tr("Validation images"), true, false, {});
  valImages_->setPlaceholderText(tr("default: the training images"));

  classes_ = new QComboBox(this);
  classes_->setEditable(true);
  classes_->addItem(tr("(the config's)"), QString());
  classes_->addItem(QStringLiteral("48_17"), QStringLiteral("48_17"));
  classes_->addItem(QStringLiteral("65_15"), QStringLiteral("65_15"));
  classes_->setToolTip(tr("48_17, 65_15 or a class-set JSON (zsi embed, zsi demo make-classes)"));
  form->addRow(tr("Class set / split"), classes_);

  out_ = pathRow(form, tr("Output directory"), true, true, {});
  out_->setPlaceholderText(tr("a new folder for the run"));

  device_ = new QComboBox(this);
  device_->addItems({QStringLiteral("cpu"), QStringLiteral("auto"), QStringLiteral("cuda"), QStringLiteral("cuda:0")});
  device_->setEditable(true);
  form->addRow(tr("Device"), device_);
  workers_ = new QSpinBox(this);
  workers_->setRange(0, 256);
  workers_->setSpecialValueText(tr("config's"));
  form->addRow(tr("Workers"), workers_);
  maxIters_ = new QSpinBox(this);
  maxIters_->setRange(0, 100000000);
  maxIters_->setSpecialValueText(tr("config's schedule"));
  form->addRow(tr("Stop after iterations"), maxIters_);

  problem_ = new QLabel(this);
  problem_->setStyleSheet(QStringLiteral("color: #b00020"));
  layout->addWidget(problem_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  start_ = buttons->addButton(tr("Start training"), QDialogButtonBox::AcceptRole);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  for (QLineEdit* e : {data_, images_, val_, valImages_, out_}) connect(e, &QLineEdit::textChanged, this, &TrainingDialog::validate);
  connect(config_, &QComboBox::currentTextChanged, this, &TrainingDialog::validate);
  validate();
}

QLineEdit* TrainingDialog::pathRow(QFormLayout* form, const QString& label, bool folder, bool save, const QString& filter) {
  auto* row = new QHBoxLayout;
  auto* edit = new QLineEdit(this);
  auto* browse = new QToolButton(this);
  browse->setText(QStringLiteral("…"));
  row->addWidget(edit, 1);
  row->addWidget(browse);
  form->addRow(label, row);
  connect(browse, &QToolButton::clicked, this, [this, edit, label, folder, save, filter] {
    QString f;
    if (folder)
      f = QFileDialog::getExistingDirectory(this, label, edit->text(),
                                            save ? QFileDialog::Options() : QFileDialog::ShowDirsOnly);
    else
      f = QFileDialog::getOpenFileName(this, label, edit->text(), filter);
    if (!f.isEmpty()) edit->setText(f);
  });
  return edit;
}

TrainingRequest TrainingDialog::request() const {
  TrainingRequest r;
  const int i = config_->findText(config_->currentText());
  r.config = i >= 0 && !config_->itemData(i).toString().isEmpty() ? config_->itemData(i).toString() : config_->currentText().trimmed();
  r.data = data_->text().trimmed();
  r.images = images_->text().trimmed();
  r.val = val_->text().trimmed();
  r.valImages = valImages_->text().trimmed();
  const int c = classes_->findText(classes_->currentText());
  r.classes = c >= 0 ? classes_->itemData(c).toString() : classes_->currentText().trimmed();
  r.out = out_->text().trimmed();
  r.device = device_->currentText().trimmed();
  r.workers = workers_->value();
  r.maxIters = maxIters_->value();
  return r;
}

void TrainingDialog::setRequest(const TrainingRequest& r) {
  config_->setCurrentText(r.config);
  data_->setText(r.data);
  images_->setText(r.images);
  val_->setText(r.val);
  valImages_->setText(r.valImages);
  classes_->setCurrentText(r.classes.isEmpty() ? classes_->itemText(0) : r.classes);
  out_->setText(r.out);
  device_->setCurrentText(r.device);
  workers_->setValue(r.workers);
  maxIters_->setValue(static_cast<int>(r.maxIters));
}

void TrainingDialog::validate() {
  const QString p = request().problem();
  problem_->setText(p);
  start_->setEnabled(p.isEmpty());
}

}  // namespace zsi::ui
