#include "ui/ThumbnailCache.h"

#include <QImageReader>
#include <QPainter>

#include "ui/Background.h"

namespace zsi::ui {
namespace {
constexpr std::size_t kMaxQueued = 512;
constexpr int kCachedThumbnails = 6000;

QImage decodeThumbnail(const QString& path, int edge) {
  QImageReader reader(path);
  reader.setAutoTransform(false);
  const QSize size = reader.size();
  if (size.isValid() && (size.width() > edge || size.height() > edge))
    reader.setScaledSize(size.scaled(edge, edge, Qt::KeepAspectRatio));
  QImage img = reader.read();
  if (img.isNull()) return img;
  if (img.width() > edge || img.height() > edge)  // formats that cannot scale while decoding
    img = img.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  return img.convertToFormat(QImage::Format_RGB32);
}

QPixmap brokenThumbnail(int edge) {
  QPixmap pm(edge, edge * 3 / 4);
  pm.fill(QColor(60, 30, 30));
  QPainter p(&pm);
  p.setPen(QColor(230, 120, 120));
  p.drawText(pm.rect(), Qt::AlignCenter, QStringLiteral("?"));
  return pm;
}

}  // namespace

ThumbnailCache::ThumbnailCache(QObject* parent) : QObject(parent) {
  cache_.setMaxCost(kCachedThumbnails);
  pool_.setMaxThreadCount(std::max(1, std::min(4, QThread::idealThreadCount())));
}

ThumbnailCache::~ThumbnailCache() {
  queue_.clear();
  pool_.waitForDone();
}

void ThumbnailCache::setEdge(int pixels) {
  if (pixels == edge_) return;
  edge_ = pixels;
  reset();
}

void ThumbnailCache::reset() {
  ++generation_;
  cache_.clear();
  queue_.clear();
  queued_.clear();
}

const QPixmap* ThumbnailCache::get(std::size_t key, const QString& path) {
  if (QPixmap* pm = cache_.object(key)) return pm;
  if (queued_.insert(key).second) {
    queue_.emplace_back(key, path);
    if (queue_.size() > kMaxQueued) {
      queued_.erase(queue_.front().first);
      queue_.pop_front();
    }
  }
  pump();
  return nullptr;
}

void ThumbnailCache::pump() {
  while (running_ < pool_.maxThreadCount() && !queue_.empty()) {
    auto [key, path] = queue_.back();  // newest first: what is on screen now
    queue_.pop_back();
    ++running_;
    const int edge = edge_, generation = generation_;
    runInBackground(
        this, &pool_, [path = path, edge] { return decodeThumbnail(path, edge); },
        [this, key = key, generation](QImage img) {
          --running_;
          if (generation == generation_) {
            queued_.erase(key);
            cache_.insert(key, new QPixmap(img.isNull() ? brokenThumbnail(edge_) : QPixmap::fromImage(img)));
            emit ready(key);
          }
          pump();
          if (idle()) emit becameIdle();
        });
  }
}

}  // namespace zsi::ui
