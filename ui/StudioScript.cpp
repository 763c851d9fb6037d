#include "ui/StudioScript.h"

#include <QFileInfo>

#include "core/engine/ZsiModel.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "ui/DataFiles.h"
#include "ui/InferenceController.h"
#include "ui/MainWindow.h"
#include "ui/ProjectDocument.h"

namespace zsi::ui {

StudioScript::StudioScript(MainWindow* window, Options options, QObject* parent)
    : QObject(parent), w_(window), o_(std::move(options)) {
  watchdog_.setSingleShot(true);
  connect(&watchdog_, &QTimer::timeout, this, [this] {
    fail(tr("timed out after %1 s waiting for %2").arg(o_.timeoutSeconds).arg(waitingFor_));
  });
  connect(w_, &MainWindow::errorOccurred, this, [this](const QString& m) { fail(m); });
  connect(w_, &MainWindow::settledChanged, this, [this] {
    if (waitingFor_.isEmpty() || checkQueued_) return;
    checkQueued_ = true;
    QTimer::singleShot(0, this, [this] {
      checkQueued_ = false;
      check();
    });
  });
}

void StudioScript::start() {
  w_->setScripted(true);
  if (!o_.project.isEmpty()) {
    steps_.emplace_back(tr("the project"), [this] { w_->openProject(o_.project); });
  } else if (!o_.open.isEmpty()) {
    steps_.emplace_back(tr("the dataset"), [this] { w_->openDataset(o_.open, o_.images); });
  } else if (!o_.images.isEmpty()) {
    steps_.emplace_back(tr("the image folder"), [this] { w_->openFolder(o_.images); });
  }
  if (!o_.image.isEmpty())
    steps_.emplace_back(tr("the image"), [this] {
      if (!w_->openImage(o_.image, true)) fail(tr("cannot open image %1").arg(o_.image));
    });
  if (!o_.classes.isEmpty())
    steps_.emplace_back(tr("the class set"), [this] {
      const bool file = QFileInfo(o_.classes).isFile();
      if (o_.classes == QLatin1String("demo")) {
        if (DataFiles::model(QStringLiteral("demo/demo_classes.json")).isEmpty())
          return fail(tr("the demo class set (models/demo/demo_classes.json) is not installed"));
      } else if (!file) {
        auto set = loadClassSet(o_.classes.toStdString());
        if (!set.ok()) return fail(QString::fromStdString(set.error().toString()));
      } else {
        auto set = ClassSet::load(o_.classes.toStdString());
        if (!set.ok()) return fail(QString::fromStdString(set.error().toString()));
      }
      w_->useClassSet(o_.classes);
    });
  if (!o_.mode.isEmpty())
    steps_.emplace_back(tr("the mode"), [this] {
      auto mode = parseInferenceMode(o_.mode.toStdString());
      if (!mode.ok()) return fail(QString::fromStdString(mode.error().toString()));
      InferenceSettings settings = w_->document()->inference();
      settings.mode = mode.value();
      w_->document()->setInference(settings);
    });
  if (!o_.model.isEmpty())
    steps_.emplace_back(tr("the model"), [this] { w_->loadModel(o_.model); });
  if (o_.imageId >= 0)
    steps_.emplace_back(tr("image %1").arg(o_.imageId), [this] {
      if (!w_->document()->hasDataset()) return fail(tr("--image-id needs a dataset"));
      auto i = w_->document()->dataset().imageIndex(o_.imageId);
      if (!i) return fail(tr("the dataset has no image with id %1").arg(o_.imageId));
      w_->showImage(static_cast<long long>(*i));
    });
  if (o_.infer)
    steps_.emplace_back(tr("inference"), [this] {
      if (!w_->inference()->hasModel()) return fail(tr("--infer needs a model (--model CKPT)"));
      if (w_->currentImage() < 0) return fail(tr("--infer needs an image: open a dataset or folder"));
      w_->runOnCurrentImage();
    });
  steps_.emplace_back(tr("the screenshot"), [this] {
    if (o_.screenshot.isEmpty()) {
      done_ = true;
      emit finished(0);
      return;
    }
    QPixmap shot = w_->grab();
    if (!shot.save(o_.screenshot, "PNG")) return fail(tr("cannot write screenshot %1").arg(o_.screenshot));
    done_ = true;
    emit finished(0);
  });
  if (o_.timeoutSeconds > 0) watchdog_.start(o_.timeoutSeconds * 1000);
  QTimer::singleShot(0, this, &StudioScript::next);
}

void StudioScript::next() {
  if (done_) return;
  if (step_ >= steps_.size()) return;
  auto& [what, action] = steps_[step_++];
  waitingFor_ = what;
  action();
  if (done_) return;
  waitUntilSettled(what);
}

void StudioScript::waitUntilSettled(const QString& what) {
  waitingFor_ = what;
  // The action may have finished at once (everything cached); look after the event loop turns.
  QTimer::singleShot(0, this, &StudioScript::check);
}

void StudioScript::check() {
  if (done_ || waitingFor_.isEmpty() || !w_->isSettled()) return;
  waitingFor_.clear();
  next();
}

void StudioScript::fail(const QString& message) {
  if (done_) return;
  done_ = true;
  error_ = message;
  emit finished(1);
}

}  // namespace zsi::ui
