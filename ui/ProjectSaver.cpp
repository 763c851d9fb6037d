#include "ui/ProjectSaver.h"

#include <QPointer>
#include <QtConcurrent>

#include "ui/ProjectDocument.h"
#include "ui/ProjectFile.h"
#include "ui/RecoveryStore.h"

namespace zsi::ui {

ProjectSaver::ProjectSaver(ProjectDocument* doc, RecoveryStore* recovery, QObject* parent)
    : QObject(parent), doc_(doc), recovery_(recovery) {
  pool_.setMaxThreadCount(1);
  timer_.setSingleShot(true);
  timer_.setInterval(5000);
  connect(&timer_, &QTimer::timeout, this, &ProjectSaver::autosaveNow);
  connect(doc_, &ProjectDocument::contentChanged, this, [this] {
    if (recovery_ && recoveryEnabled_ && doc_->hasDataset()) timer_.start();
  });
}

ProjectSaver::~ProjectSaver() { waitForIdle(); }

void ProjectSaver::setAutosaveDelay(int milliseconds) { timer_.setInterval(milliseconds); }

void ProjectSaver::autosaveNow() {
  timer_.stop();
  if (!recovery_ || !recoveryEnabled_ || !doc_->hasDataset() || !recovery_->begin()) return;
  auto snapshot = std::make_shared<ProjectSnapshot>(ProjectFile::capture(*doc_));
  const QString path = recovery_->path();
  QPointer<ProjectSaver> self(this);
  (void)QtConcurrent::run(&pool_, [snapshot, path, self] {
    Status st = ProjectFile::write(*snapshot, path.toStdString(), false);
    if (!st.ok()) return;  // a failed recovery copy is retried at the next change
    QMetaObject::invokeMethod(qApp, [self, path] {
      if (self) emit self->autosaved(path);
    }, Qt::QueuedConnection);
  });
}

void ProjectSaver::save(const QString& path) {
  auto snapshot = std::make_shared<ProjectSnapshot>(ProjectFile::capture(*doc_));
  snapshot->originPath.clear();
  const int serial = ++saveSerial_;
  const int undoIndex = doc_->undoStack()->index();
  QPointer<ProjectSaver> self(this);
  // Changes made while writing must not be marked saved.
  auto changedSince = std::make_shared<bool>(false);
  auto conn = std::make_shared<QMetaObject::Connection>();
  *conn = connect(doc_, &ProjectDocument::contentChanged, this, [changedSince] { *changedSince = true; });
  (void)QtConcurrent::run(&pool_, [snapshot, path, self, serial, undoIndex, changedSince, conn] {
    Status st = ProjectFile::write(*snapshot, path.toStdString(), true);
    const bool ok = st.ok();
    const QString message = ok ? QString() : QString::fromStdString(st.error().toString());
    QMetaObject::invokeMethod(qApp, [self, path, ok, message, serial, undoIndex, changedSince, conn] {
      QObject::disconnect(*conn);
      if (!self) return;
      if (ok && serial == self->saveSerial_ && !*changedSince &&
          self->doc_->undoStack()->index() == undoIndex) {
        self->doc_->setProjectPath(path);
        self->doc_->markSaved();
      } else if (ok) {
        self->doc_->setProjectPath(path);
      }
      emit self->saved(path, ok, message);
    }, Qt::QueuedConnection);
  });
}

void ProjectSaver::waitForIdle() { pool_.waitForDone(); }

}  // namespace zsi::ui
