#include "ui/ModelPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStandardItemModel>
#include <cmath>
#include <QVBoxLayout>

#include "core/engine/EngineInfo.h"
#include "ui/InferenceController.h"
#include "ui/ProjectDocument.h"
#include "ui/Settings.h"

namespace zsi::ui {
namespace {

QString formatSeconds(double s) {
  if (s < 0) return QStringLiteral("\u2026");
  if (s < 90) return QObject::tr("%1 s").arg(qRound(s));
  if (s < 5400) return QObject::tr("%1 min").arg(qRound(s / 60));
  return QObject::tr("%1 h %2 min").arg(static_cast<int>(s / 3600)).arg(qRound(std::fmod(s, 3600) / 60));
}

}  // namespace

ModelPanel::ModelPanel(ProjectDocument* doc, InferenceController* inference, QWidget* parent)
    : QWidget(parent), doc_(doc), inference_(inference) {
  setObjectName(QStringLiteral("ModelPanel"));
  checkpoint_ = new QLabel(tr("No checkpoint"), this);
  checkpoint_->setWordWrap(true);
  auto* load = new QPushButton(tr("Load\u2026"), this);
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  QFont small = summary_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  summary_->setFont(small);

  device_ = new QComboBox(this);
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
  if (!cudaAvailable()) {
    auto* m = qobject_cast<QStandardItemModel*>(device_->model());
    if (m) m->item(1)->setEnabled(false);
    device_->setItemData(1, tr("No CUDA device in this build or machine"), Qt::ToolTipRole);
  }
  mode_ = new QComboBox(this);
  mode_->setObjectName(QStringLiteral("modeBox"));
  mode_->addItem(tr("ZSI \u2014 unseen, masks"), static_cast<int>(InferenceMode::Zsi));
  mode_->addItem(tr("ZSD \u2014 unseen, boxes"), static_cast<int>(InferenceMode::Zsd));
  mode_->addItem(tr("GZSI \u2014 seen + unseen, masks"), static_cast<int>(InferenceMode::Gzsi));
  mode_->addItem(tr("GZSD \u2014 seen + unseen, boxes"), static_cast<int>(InferenceMode::Gzsd));
  threshold_ = new QDoubleSpinBox(this);
  threshold_->setObjectName(QStringLiteral("scoreThreshold"));
  threshold_->setRange(0.0, 1.0);
  threshold_->setSingleStep(0.01);
  threshold_->setDecimals(3);
  nms_ = new QDoubleSpinBox(this);
  nms_->setRange(0.05, 1.0);
  nms_->setSingleStep(0.05);
  nms_->setDecimals(2);
  bias_ = new QSlider(Qt::Horizontal, this);
  bias_->setObjectName(QStringLiteral("calibrationSlider"));
  bias_->setRange(-100, 100);  // hundredths
  bias_->setToolTip(tr("GZSI calibration: subtracted from seen-class scores so unseen classes can win. "
                       "Moving it re-scores the current image without running the network."));
  biasLabel_ = new QLabel(this);
  biasLabel_->setMinimumWidth(biasLabel_->fontMetrics().horizontalAdvance(QStringLiteral("-0.00")) + 4);
  auto_ = new QCheckBox(tr("Run automatically when the image changes"), this);
  auto_->setChecked(Settings::get(Settings::AutoInfer));
  runImage_ = new QPushButton(tr("Run on image"), this);
  runSelection_ = new QPushButton(tr("Selection"), this);
  runAll_ = new QPushButton(tr("All listed"), this);
  cancel_ = new QPushButton(tr("Cancel"), this);
  progress_ = new QProgressBar(this);
  progress_->setTextVisible(true);
  progress_->hide();
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  status_->setFont(small);

  auto* ck = new QHBoxLayout;
  ck->addWidget(checkpoint_, 1);
  ck->addWidget(load);
  auto* biasRow = new QHBoxLayout;
  biasRow->addWidget(bias_, 1);
  biasRow->addWidget(biasLabel_);
  auto* form = new QFormLayout;
  form->addRow(tr("Device"), device_);
  form->addRow(tr("Mode"), mode_);
  form->addRow(tr("Score \u2265"), threshold_);
  form->addRow(tr("NMS IoU"), nms_);
  form->addRow(tr("Seen bias"), biasRow);
  auto* runs = new QGridLayout;
  runs->addWidget(runImage_, 0, 0);
  runs->addWidget(runSelection_, 0, 1);
  runs->addWidget(runAll_, 1, 0);
  runs->addWidget(cancel_, 1, 1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->addLayout(ck);
  lay->addWidget(summary_);
  lay->addLayout(form);
  lay->addWidget(auto_);
  lay->addLayout(runs);
  lay->addWidget(progress_);
  lay->addWidget(status_);
  lay->addStretch(1);

  const int dev = device_->findData(Settings::get(Settings::Device));
  device_->setCurrentIndex(dev >= 0 && (dev == 0 || cudaAvailable()) ? dev : 0);
  connect(load, &QPushButton::clicked, this, &ModelPanel::chooseCheckpoint);
  connect(device_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    Settings::set(Settings::Device, device());
    if (!doc_->modelPath().isEmpty() && doc_->device() != device()) inference_->loadModel(doc_->modelPath(), device());
  });
  connect(mode_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ModelPanel::readControls);
  connect(threshold_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &ModelPanel::readControls);
  connect(nms_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &ModelPanel::readControls);
  connect(bias_, &QSlider::valueChanged, this, &ModelPanel::readControls);
  connect(auto_, &QCheckBox::toggled, this, [this](bool on) {
    Settings::set(Settings::AutoInfer, on);
    emit autoInferChanged(on);
  });
  connect(runImage_, &QPushButton::clicked, this, &ModelPanel::runImageRequested);
  connect(runSelection_, &QPushButton::clicked, this, &ModelPanel::runSelectionRequested);
  connect(runAll_, &QPushButton::clicked, this, &ModelPanel::runAllRequested);
  connect(cancel_, &QPushButton::clicked, inference_, &InferenceController::cancel);
  connect(doc_, &ProjectDocument::inferenceSettingsChanged, this, &ModelPanel::showSettings);
  connect(doc_, &ProjectDocument::modelChanged, this, [this] {
    checkpoint_->setText(QFileInfo(doc_->modelPath()).fileName());
    checkpoint_->setToolTip(doc_->modelPath());
  });
  connect(inference_, &InferenceController::modelLoadStarted, this, [this](const QString& path) {
    checkpoint_->setText(tr("Loading %1\u2026").arg(QFileInfo(path).fileName()));
    updateEnabled();
  });
  connect(inference_, &InferenceController::modelLoaded, this, [this](const QString& s) {
    summary_->setText(s);
    updateEnabled();
  });
  connect(inference_, &InferenceController::modelFailed, this, [this](const QString& m) {
    checkpoint_->setText(tr("Not loaded"));
    summary_->setText(QStringLiteral("<span style='color:#e06c6c'>%1</span>").arg(m.toHtmlEscaped()));
    updateEnabled();
  });
  connect(inference_, &InferenceController::batchProgress, this, [this](int done, int total, double eta) {
    progress_->show();
    progress_->setRange(0, total);
    progress_->setValue(done);
    progress_->setFormat(tr("%1 / %2 images \u2014 %3 left").arg(done).arg(total).arg(formatSeconds(eta)));
    updateEnabled();
  });
  connect(inference_, &InferenceController::batchFinished, this, [this](int done, int failed, bool cancelled) {
    progress_->hide();
    status_->setText(cancelled ? tr("Cancelled after %1 images").arg(done)
                               : failed ? tr("%1 images done, %2 failed").arg(done).arg(failed)
                                        : tr("%1 images done").arg(done));
    updateEnabled();
  });
  connect(inference_, &InferenceController::imageDone, this, [this](qint64, double ms, bool rescored) {
    status_->setText(rescored ? tr("Re-scored cached network outputs in %1 ms").arg(ms, 0, 'f', 0)
                              : tr("Ran the network in %1 s").arg(ms / 1000.0, 0, 'f', 2));
    updateEnabled();
  });
  connect(inference_, &InferenceController::imageFailed, this, [this](qint64, const QString& m) {
    status_->setText(QStringLiteral("<span style='color:#e06c6c'>%1</span>").arg(m.toHtmlEscaped()));
  });
  connect(inference_, &InferenceController::idle, this, &ModelPanel::updateEnabled);
  showSettings();
  updateEnabled();
}

QString ModelPanel::device() const { return device_->currentData().toString(); }
bool ModelPanel::autoInfer() const { return auto_->isChecked(); }
void ModelPanel::setAutoInfer(bool on) { auto_->setChecked(on); }

void ModelPanel::chooseCheckpoint() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load Checkpoint"), Settings::get(Settings::LastModelDir),
                                                    tr("ZSI checkpoints (*.safetensors);;All files (*)"));
  if (path.isEmpty()) return;
  Settings::set(Settings::LastModelDir, QFileInfo(path).absolutePath());
  inference_->loadModel(path, device());
}

void ModelPanel::readControls() {
  if (updating_) return;
  InferenceSettings s = doc_->inference();
  s.mode = static_cast<InferenceMode>(mode_->currentData().toInt());
  s.scoreThreshold = threshold_->value();
  s.nmsIou = nms_->value();
  s.seenBias = bias_->value() / 100.0;
  biasLabel_->setText(QString::number(s.seenBias, 'f', 2));
  bias_->setEnabled(modeHasSeen(s.mode));
  doc_->setInference(s);
}

void ModelPanel::showSettings() {
  updating_ = true;
  const InferenceSettings& s = doc_->inference();
  mode_->setCurrentIndex(mode_->findData(static_cast<int>(s.mode)));
  threshold_->setValue(s.scoreThreshold);
  nms_->setValue(s.nmsIou);
  bias_->setValue(qRound(s.seenBias * 100));
  biasLabel_->setText(QString::number(s.seenBias, 'f', 2));
  bias_->setEnabled(modeHasSeen(s.mode));
  updating_ = false;
}

void ModelPanel::updateEnabled() {
  const bool model = inference_->hasModel() && !inference_->loadingModel();
  runImage_->setEnabled(model);
  runSelection_->setEnabled(model);
  runAll_->setEnabled(model);
  cancel_->setEnabled(inference_->busy());
}

}  // namespace zsi::ui
