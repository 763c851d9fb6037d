#pragma once
// Thumbnails for the image list, decoded in the background at thumbnail size (JPEG decoders
// scale while decoding, so a 640x480 photo costs a fraction of a full decode) and kept in an LRU
// cache. Only what the list paints is requested; the newest requests are served first, and old
// ones beyond a bound are dropped (they come back if their rows are painted again).

#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QString>
#include <QThreadPool>
#include <deque>
#include <unordered_set>

namespace zsi::ui {

class ThumbnailCache : public QObject {
  Q_OBJECT
 public:
  explicit ThumbnailCache(QObject* parent = nullptr);
  ~ThumbnailCache() override;

  void setEdge(int pixels);  // longest side; clears the cache
  int edge() const { return edge_; }
  // Forgets everything (a new dataset); results of earlier requests are dropped.
  void reset();
  // The cached thumbnail, or null after queueing its decoding.
  const QPixmap* get(std::size_t key, const QString& path);
  bool contains(std::size_t key) const { return cache_.contains(key); }
  bool idle() const { return queue_.empty() && running_ == 0; }

 signals:
  void ready(qulonglong key);
  void becameIdle();

 private:
  void pump();

  int edge_ = 96;
  QCache<std::size_t, QPixmap> cache_;
  std::deque<std::pair<std::size_t, QString>> queue_;
  std::unordered_set<std::size_t> queued_;
  int running_ = 0;
  int generation_ = 0;
  QThreadPool pool_;
};

}  // namespace zsi::ui
