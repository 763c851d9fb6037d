#include "ui/InferenceController.h"

#include <QFileInfo>
#include <QDateTime>
#include <QImageReader>
#include <QPointer>
#include <QtConcurrent>
#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>

#include "core/engine/ClassSetConversion.h"
#include "core/engine/ZsiModel.h"
#include "ui/Background.h"
#include "ui/ProjectDocument.h"

namespace zsi::ui {
namespace {

constexpr std::size_t kCachedSessions = 3;

Result<Image> readRgb(const QString& path) {
  QImageReader reader(path);
  reader.setAutoTransform(false);  // COCO's pixel grid is the stored one
  QImage img = reader.read();
  if (img.isNull())
    return Error("cannot read the image: " + reader.errorString().toStdString()).inFile(path.toStdString());
  img = img.convertToFormat(QImage::Format_RGB888);
  Image out = Image::blank(img.width(), img.height(), 3);
  for (int y = 0; y < img.height(); ++y)
    std::memcpy(out.row(y), img.constScanLine(y), out.rowBytes());
  return out;
}

}  // namespace

struct InferenceController::Job {
  std::size_t image = 0;
  QString path;
  std::shared_ptr<ZsiModel> model;
  std::shared_ptr<const ClassVectors> classes;
  DetectOptions options;
  std::uint64_t key = 0;
  std::string settingsText;
  bool batch = false;
};

struct InferenceController::Outcome {
  std::size_t image = 0;
  std::uint64_t key = 0;
  bool batch = false;
  bool cancelled = false;
  bool rescored = false;
  std::shared_ptr<PredictionData> data;
  QString error;
  double milliseconds = 0;
};

struct InferenceController::Worker {
  std::mutex mutex;
  std::deque<Job> queue;
  bool running = false;
  std::atomic<bool> cancelCurrent{false};
  // Touched by the worker thread only.
  struct Cached {
    std::size_t image;
    const void* model;
    std::unique_ptr<InferenceSession> session;
  };
  std::list<Cached> sessions;

  Outcome execute(const Job& job) {
    Outcome o;
    o.image = job.image;
    o.key = job.key;
    o.batch = job.batch;
    const void* modelId = job.model->impl().get();
    auto it = sessions.begin();
    for (; it != sessions.end(); ++it)
      if (it->image == job.image && it->model == modelId) break;
    if (it != sessions.end()) {
      sessions.splice(sessions.begin(), sessions, it);
      o.rescored = true;
    } else {
      auto image = readRgb(job.path);
      if (!image.ok()) {
        o.error = QString::fromStdString(image.error().toString());
        return o;
      }
      auto session = std::make_unique<InferenceSession>(*job.model);
      Progress p;
      p.cancel = &cancelCurrent;
      Status st = session->run(image.value(), &p);
      if (!st.ok()) {
        if (st.error().message == kCancelledMessage) o.cancelled = true;
        else o.error = QString::fromStdString(st.error().toString());
        return o;
      }
      sessions.push_front({job.image, modelId, std::move(session)});
      while (sessions.size() > kCachedSessions) sessions.pop_back();
    }
    InferenceSession& s = *sessions.front().session;
    auto found = s.detect(*job.classes, job.options);
    if (!found.ok()) {
      o.error = QString::fromStdString(found.error().toString());
      return o;
    }
    const InferenceTimings& t = s.timings();
    o.milliseconds = (o.rescored ? 0.0 : t.preprocess + t.network) + t.scoring + t.masks;
    auto data = std::make_shared<PredictionData>();
    data->instances = std::move(found.value());
    // The per-detection semantic vectors are not used by the studio: 1.2 KB per detection.
    data->instances.semantic.clear();
    data->instances.semanticDim = 0;
    data->classNames = job.classes->names;
    data->settingsKey = job.key;
    data->settingsText = job.settingsText;
    data->milliseconds = o.milliseconds;
    o.data = std::move(data);
    return o;
  }
};

InferenceController::InferenceController(ProjectDocument* doc, QObject* parent)
    : QObject(parent), doc_(doc), worker_(std::make_shared<Worker>()) {
  pool_.setMaxThreadCount(1);  // the engine uses its own threads inside one run
}

InferenceController::~InferenceController() {
  blockSignals(true);
  cancel();
  pool_.waitForDone();
}

std::string InferenceController::modelIdentity(const QString& path) {
  QFileInfo fi(path);
  return QStringLiteral("%1|%2|%3").arg(fi.absoluteFilePath()).arg(fi.size())
      .arg(fi.lastModified().toMSecsSinceEpoch()).toStdString();
}

QString InferenceController::modelSummary() const {
  if (!model_) return tr("No model");
  return tr("%1 \u00b7 %2 M parameters \u00b7 %3 \u00b7 %4 training classes")
      .arg(QString::fromStdString(model_->config().name))
      .arg(static_cast<double>(model_->parameterCount()) / 1e6, 0, 'f', 1)
      .arg(QString::fromStdString(model_->deviceName()))
      .arg(model_->classes().seenCount());
}

void InferenceController::loadModel(const QString& path, const QString& device) {
  loadingModel_ = true;
  const int request = ++loadRequest_;
  emit modelLoadStarted(path);
  const std::string p = path.toStdString(), d = device.toStdString();
  runInBackground(
      this, nullptr,
      [p, d] {
        auto r = ZsiModel::load(p, d);
        std::shared_ptr<ZsiModel> model;
        std::string error;
        if (r.ok()) model = std::make_shared<ZsiModel>(std::move(r.value()));
        else error = r.error().toString();
        return std::make_pair(model, error);
      },
      [this, request, path, device](std::pair<std::shared_ptr<ZsiModel>, std::string> r) {
        if (request != loadRequest_) return;
        loadingModel_ = false;
        if (!r.first) {
          emit modelFailed(QString::fromStdString(r.second));
          return;
        }
        setModel(r.first, path, device);
      });
}

void InferenceController::setModel(std::shared_ptr<ZsiModel> model, const QString& path, const QString& device) {
  model_ = std::move(model);
  doc_->setModel(path, device, modelIdentity(path));
  emit modelLoaded(modelSummary());
}

bool InferenceController::busy() const {
  std::lock_guard<std::mutex> lock(worker_->mutex);
  return worker_->running || !worker_->queue.empty();
}

int InferenceController::queuedJobs() const {
  std::lock_guard<std::mutex> lock(worker_->mutex);
  return static_cast<int>(worker_->queue.size());
}

bool InferenceController::enqueue(const std::vector<std::size_t>& images, bool batch, bool front) {
  if (!model_) {
    emit imageFailed(-1, tr("No model: load a checkpoint first (Model \u203a Load Checkpoint)"));
    return false;
  }
  auto classes = toClassVectors(doc_->classSet());
  if (!classes.ok()) {
    emit imageFailed(-1, tr("The class set cannot be used: %1").arg(QString::fromStdString(classes.error().toString())));
    return false;
  }
  auto shared = std::make_shared<const ClassVectors>(std::move(classes.value()));
  const std::uint64_t key = doc_->inferenceKey();
  const std::string text = doc_->inference().describe() + ", " + model_->config().name;
  std::vector<Job> jobs;
  for (std::size_t i : images) {
    Job j;
    j.image = i;
    j.path = doc_->imagePath(i);
    j.model = model_;
    j.classes = shared;
    j.options = doc_->inference().detectOptions();
    j.key = key;
    j.settingsText = text;
    j.batch = batch;
    jobs.push_back(std::move(j));
  }
  {
    std::lock_guard<std::mutex> lock(worker_->mutex);
    auto& q = worker_->queue;
    if (front) {
      // A newer request for an image replaces queued ones for it.
      for (const Job& j : jobs)
        q.erase(std::remove_if(q.begin(), q.end(), [&](const Job& o) { return !o.batch && o.image == j.image; }), q.end());
      q.insert(q.begin(), jobs.begin(), jobs.end());
    } else {
      q.insert(q.end(), jobs.begin(), jobs.end());
    }
  }
  pump();
  return true;
}

void InferenceController::run(const std::vector<std::size_t>& images, bool batch) {
  if (images.empty()) return;
  if (batch) {
    if (batchTotal_ == 0 || batchDone_ + batchFailed_ >= batchTotal_) {
      batchTotal_ = batchDone_ = batchFailed_ = 0;
      batchTimer_.start();
    }
    if (enqueue(images, true, false)) {
      batchTotal_ += static_cast<int>(images.size());
      emit batchProgress(batchDone_, batchTotal_, -1);
    }
    return;
  }
  enqueue(images, false, true);
}

void InferenceController::refresh(std::size_t image) { enqueue({image}, false, true); }

void InferenceController::cancel() {
  {
    std::lock_guard<std::mutex> lock(worker_->mutex);
    worker_->queue.clear();
    worker_->cancelCurrent = true;
  }
  if (batchTotal_ > 0) {
    // What is still running reports nothing more to the batch.
    const int done = batchDone_, failed = batchFailed_;
    batchTotal_ = batchDone_ = batchFailed_ = 0;
    emit batchFinished(done, failed, true);
  }
}

void InferenceController::pump() {
  {
    std::lock_guard<std::mutex> lock(worker_->mutex);
    if (worker_->running || worker_->queue.empty()) return;
    worker_->running = true;
  }
  auto worker = worker_;
  QPointer<InferenceController> self(this);
  (void)QtConcurrent::run(&pool_, [worker, self] {
    for (;;) {
      Job job;
      {
        std::lock_guard<std::mutex> lock(worker->mutex);
        if (worker->queue.empty()) {
          worker->running = false;
          break;
        }
        job = std::move(worker->queue.front());
        worker->queue.pop_front();
        worker->cancelCurrent = false;
      }
      auto outcome = std::make_shared<Outcome>(worker->execute(job));
      QMetaObject::invokeMethod(QCoreApplication::instance(), [self, outcome] {
        if (self) self->deliver(*outcome);
      }, Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(QCoreApplication::instance(), [self] {
      if (self && !self->busy()) emit self->idle();
    }, Qt::QueuedConnection);
  });
}

void InferenceController::deliver(const Outcome& o) {
  if (o.data && o.key == doc_->inferenceKey()) {
    doc_->setPredictions(o.image, o.data);
    emit imageDone(static_cast<qint64>(o.image), o.milliseconds, o.rescored);
  } else if (!o.error.isEmpty()) {
    emit imageFailed(static_cast<qint64>(o.image), o.error);
  }
  if (o.batch && batchTotal_ > 0) {
    if (o.error.isEmpty() && !o.cancelled) ++batchDone_;
    else ++batchFailed_;
    const int finished = batchDone_ + batchFailed_;
    const double elapsed = batchTimer_.elapsed() / 1000.0;
    const double eta = finished > 0 ? elapsed / finished * (batchTotal_ - finished) : -1;
    emit batchProgress(finished, batchTotal_, eta);
    if (finished >= batchTotal_) {
      emit batchFinished(batchDone_, batchFailed_, false);
      batchTotal_ = batchDone_ = batchFailed_ = 0;
    }
  }
}

}  // namespace zsi::ui
