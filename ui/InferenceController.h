#pragma once
// Runs the engine for the studio, never on the GUI thread. One worker thread takes jobs in
// order: decode the image, run the network once (InferenceSession::run), score against the class
// set (detect). The sessions of the last few images are kept, so changing the threshold, NMS,
// mode, class set or the GZSI calibration re-scores the cached network outputs instead of running
// the network again.
//
// Every job carries the document's inference key at the time it was queued; a result whose key is
// no longer current is dropped (a newer request for that image is already queued). Batch runs
// (selection, whole dataset) report progress and an ETA and can be cancelled.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>
#include <vector>

namespace zsi {
class ZsiModel;
}

namespace zsi::ui {

class ProjectDocument;

class InferenceController : public QObject {
  Q_OBJECT
 public:
  explicit InferenceController(ProjectDocument* doc, QObject* parent = nullptr);
  ~InferenceController() override;

  // Loads a checkpoint in the background ("cpu", "cuda"); the document learns the model when it
  // is ready.
  void loadModel(const QString& path, const QString& device);
  // Uses a model made elsewhere (tests, the benchmark); `identity` as for ProjectDocument::setModel.
  void setModel(std::shared_ptr<ZsiModel> model, const QString& path, const QString& device);
  bool hasModel() const { return model_ != nullptr; }
  bool loadingModel() const { return loadingModel_; }
  QString modelSummary() const;

  // Queues images. `batch`: counted in the batch progress (selection, whole dataset).
  void run(const std::vector<std::size_t>& images, bool batch);
  // The image after a settings change: cheap when its network outputs are cached.
  void refresh(std::size_t image);
  void cancel();
  bool busy() const;
  int queuedJobs() const;

  static std::string modelIdentity(const QString& path);

 signals:
  void modelLoadStarted(const QString& path);
  void modelLoaded(const QString& summary);
  void modelFailed(const QString& message);
  void imageDone(qint64 image, double milliseconds, bool rescored);
  void imageFailed(qint64 image, const QString& message);
  void batchProgress(int done, int total, double etaSeconds);
  void batchFinished(int done, int failed, bool cancelled);
  void idle();

 private:
  struct Worker;
  struct Job;
  struct Outcome;
  bool enqueue(const std::vector<std::size_t>& images, bool batch, bool front);
  void pump();
  void deliver(const Outcome& outcome);

  ProjectDocument* doc_;
  std::shared_ptr<ZsiModel> model_;
  std::shared_ptr<Worker> worker_;
  QThreadPool pool_;
  bool loadingModel_ = false;
  int loadRequest_ = 0;
  int batchTotal_ = 0, batchDone_ = 0, batchFailed_ = 0;
  QElapsedTimer batchTimer_;
  int inFlight_ = 0;
};

}  // namespace zsi::ui
