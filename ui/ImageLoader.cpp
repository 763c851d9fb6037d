#include "ui/ImageLoader.h"

#include <QImageReader>

#include "ui/Background.h"

namespace zsi::ui {

ImageLoader::ImageLoader(QObject* parent) : QObject(parent) { pool_.setMaxThreadCount(2); }

ImageLoader::~ImageLoader() { pool_.waitForDone(); }

QImage ImageLoader::decode(const QString& path, QString* error) {
  QImageReader reader(path);
  reader.setAutoTransform(false);
  QImage img = reader.read();
  if (img.isNull()) {
    if (error) *error = tr("Cannot open image %1: %2").arg(path, reader.errorString());
    return img;
  }
  return img.convertToFormat(img.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
}

void ImageLoader::reset() {
  ++generation_;
  cache_.clear();
  lru_.clear();
  inFlight_.clear();
  bytes_ = 0;
  hasWanted_ = false;
}

const QImage* ImageLoader::cached(std::size_t key) const {
  auto it = cache_.find(key);
  return it == cache_.end() ? nullptr : &it->second.image;
}

void ImageLoader::request(std::size_t key, const QString& path) {
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    hasWanted_ = false;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    emit ready(key, it->second.image);
    return;
  }
  wanted_ = key;
  hasWanted_ = true;
  if (!inFlight_.count(key)) start(key, path);
}

void ImageLoader::prefetch(std::size_t key, const QString& path) {
  if (cache_.count(key) || inFlight_.count(key)) return;
  start(key, path);
}

void ImageLoader::start(std::size_t key, const QString& path) {
  inFlight_.insert(key);
  const int generation = generation_;
  runInBackground(
      this, &pool_,
      [path] {
        QString error;
        QImage img = decode(path, &error);
        return std::make_pair(img, error);
      },
      [this, key, generation](std::pair<QImage, QString> r) {
        if (generation != generation_) return;
        inFlight_.erase(key);
        if (!r.first.isNull()) insert(key, r.first);
        if (hasWanted_ && wanted_ == key) {
          hasWanted_ = false;
          if (r.first.isNull()) emit failed(key, r.second);
          else emit ready(key, r.first);
        }
      });
}

void ImageLoader::insert(std::size_t key, const QImage& image) {
  auto it = cache_.find(key);
  if (it != cache_.end()) return;
  lru_.push_front(key);
  cache_.emplace(key, Entry{image, lru_.begin()});
  bytes_ += image.sizeInBytes();
  evict();
}

void ImageLoader::evict() {
  // Keep at least the two most recent images whatever their size.
  while (bytes_ > budget_ && lru_.size() > 2) {
    const std::size_t victim = lru_.back();
    lru_.pop_back();
    auto it = cache_.find(victim);
    bytes_ -= it->second.image.sizeInBytes();
    cache_.erase(it);
  }
}

}  // namespace zsi::ui
