#pragma once
// Decodes full images for the canvas in the background and keeps the most recent ones (by
// memory budget) so that going back and forth is instant. Neighbours can be prefetched; a request
// for an image already being decoded joins that decoding instead of starting another. Only the
// latest request is answered; earlier ones still fill the cache.

#include <QHash>
#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <list>
#include <unordered_map>
#include <unordered_set>

namespace zsi::ui {

class ImageLoader : public QObject {
  Q_OBJECT
 public:
  explicit ImageLoader(QObject* parent = nullptr);
  ~ImageLoader() override;

  void setBudgetBytes(qint64 bytes) { budget_ = bytes; evict(); }
  void reset();  // a new dataset: forget everything
  // Asks for an image; `ready` or `failed` follows (at once when cached).
  void request(std::size_t key, const QString& path);
  void prefetch(std::size_t key, const QString& path);
  const QImage* cached(std::size_t key) const;
  bool wantedPending() const { return hasWanted_; }

  // Decoding as the canvas needs it (pixels as stored: COCO ignores EXIF orientation).
  static QImage decode(const QString& path, QString* error);

 signals:
  void ready(qulonglong key, const QImage& image);
  void failed(qulonglong key, const QString& message);

 private:
  void start(std::size_t key, const QString& path);
  void insert(std::size_t key, const QImage& image);
  void evict();

  struct Entry {
    QImage image;
    std::list<std::size_t>::iterator lru;
  };
  std::unordered_map<std::size_t, Entry> cache_;
  std::list<std::size_t> lru_;  // front = most recent
  std::unordered_set<std::size_t> inFlight_;
  qint64 bytes_ = 0;
  qint64 budget_ = 512ll << 20;
  std::size_t wanted_ = 0;
  bool hasWanted_ = false;
  int generation_ = 0;
  QThreadPool pool_;
};

}  // namespace zsi::ui
