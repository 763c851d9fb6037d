#include "ui/TrainingViewScript.h"

#include <QTableWidget>
#include <QTimer>

#include "ui/ClassMetricsView.h"
#include "ui/EmbeddingInspector.h"
#include "ui/MainWindow.h"
#include "ui/PatchImageView.h"
#include "ui/RunFollower.h"
#include "ui/RunMonitor.h"

namespace zsi::ui {

TrainingViewScript::TrainingViewScript(MainWindow* window, Options options, QObject* parent)
    : QObject(parent), w_(window), o_(std::move(options)) {
  watchdog_.setSingleShot(true);
  connect(&watchdog_, &QTimer::timeout, this, [this] { fail(tr("timed out after %1 s").arg(o_.timeoutSeconds)); });
}

void TrainingViewScript::start() {
  w_->setScripted(true);
  if (!o_.screenshot.isEmpty()) w_->runMonitor()->setPersistent(false);
  view_ = w_->showTrainingView(o_.view, o_.size);
  if (!view_) return fail(tr("unknown view \"%1\" (monitor, metrics or inspector)").arg(o_.view));
  if (o_.timeoutSeconds > 0) watchdog_.start(o_.timeoutSeconds * 1000);
  if (o_.view == QLatin1String("monitor")) startMonitor();
  else if (o_.view == QLatin1String("metrics")) startMetrics();
  else startInspector();
}

void TrainingViewScript::startMonitor() {
  RunMonitor* m = w_->runMonitor();
  if (o_.runs.isEmpty()) return fail(tr("--view monitor needs --run DIR"));
  for (const QString& r : o_.runs) m->attach(r);
  // Settled: no background read, and every run has its records.
  auto* poll = new QTimer(this);
  connect(poll, &QTimer::timeout, this, [this, m, poll] {
    if (!m->isSettled()) return;
    for (const QString& r : o_.runs) {
      const RunFollower* f = m->follower(r);
      if (!f || !f->metrics() || f->metrics()->records == 0) return;
    }
    poll->stop();
    m->syncNow();
    grab();
  });
  poll->start(50);
}

void TrainingViewScript::startMetrics() {
  ClassMetricsView* v = w_->classMetrics();
  if (o_.groundTruth.isEmpty() || o_.results.isEmpty()) return fail(tr("--view metrics needs --open GT.json and --results DT.json"));
  connect(v, &ClassMetricsView::finished, this, [this, v](bool ok, const QString& message) {
    if (!ok) return fail(message);
    // Best classes first, their curves shown.
    v->table()->sortItems(4 + 1, Qt::DescendingOrder);
    QStringList top;
    for (int r = 0; r < std::min(6, v->table()->rowCount()); ++r) top << v->table()->item(r, 0)->text();
    v->showCurves(top);
    grab();
  });
  v->evaluateFiles(o_.groundTruth, o_.results, o_.iouType == QLatin1String("bbox") ? IouType::Bbox : IouType::Segm, o_.split);
}

void TrainingViewScript::startInspector() {
  EmbeddingInspector* in = w_->inspector();
  if (o_.model.isEmpty() || o_.image.isEmpty()) return fail(tr("--view inspector needs --model and --image"));
  connect(in, &EmbeddingInspector::modelReady, this, [this, in](bool ok, const QString& message) {
    if (!ok) return fail(message);
    in->setImageFile(o_.image);
    if (!o_.secondImage.isEmpty()) in->setSecondImageFile(o_.secondImage);
    auto* poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, in, poll] {
      if (in->busy() || !in->embeddings() || (!o_.secondImage.isEmpty() && !in->secondEmbeddings()) || !in->projection()) return;
      poll->stop();
      const PatchEmbeddings* p = in->embeddings();
      // A patch near the centre, and the points of its neighbourhood.
      const int r = p->rows / 2, c = p->cols / 2;
      in->selectPatch(p->index(r, c));
      QSet<int> around;
      for (int dr = -2; dr <= 2; ++dr)
        for (int dc = -2; dc <= 2; ++dc)
          if (r + dr >= 0 && r + dr < p->rows && c + dc >= 0 && c + dc < p->cols) around.insert(p->index(r + dr, c + dc));
      in->selectPatches(around);
      grab();
    });
    poll->start(50);
  });
  in->loadModel(o_.model);
}

void TrainingViewScript::grab() {
  if (done_) return;
  // Let queued replots and layouts run before the picture.
  QTimer::singleShot(300, this, [this] {
    if (done_) return;
    done_ = true;
    watchdog_.stop();
    if (o_.screenshot.isEmpty()) {  // interactive: the view is set up, nothing to write
      emit finished(0);
      return;
    }
    if (!view_->grab().save(o_.screenshot, "PNG")) {
      error_ = tr("cannot write %1").arg(o_.screenshot);
      emit finished(1);
      return;
    }
    emit finished(0);
  });
}

void TrainingViewScript::fail(const QString& message) {
  if (done_) return;
  done_ = true;
  watchdog_.stop();
  error_ = message;
  emit finished(1);
}

}  // namespace zsi::ui
