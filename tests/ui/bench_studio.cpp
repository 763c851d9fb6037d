// bench_studio: the studio's responsiveness (issue 11, acceptance 4), measured on this machine.
//
//   bench_studio [--images N] [--keep FILE]
//
//  1. Writes a COCO-train-sized instances file (118,287 images, 860,001 polygon annotations over
//     the 80 COCO categories; the images are the shared sample's, reused by name and size), then
//     times core's loadCocoDataset on it (the reference) and the studio opening it until the first
//     image is shown with its overlay and the visible thumbnails.
//  2. Switching between images: first visits (decode + masks) and cached ones.
//  3. Redrawing an image with 100 masks: frames for hover (view cache hit) and for zoom (the view
//     re-rendered every frame), in frames per second.
//  4. Filtering 118k images (catalog rebuild, class filter, name search).
// Prints a Markdown block for docs/BENCHMARKS.md. Not a ctest: run by hand, Release build.

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/coco/CocoReader.h"
#include "core/util/Version.h"
#include "ui/DatasetBrowser.h"
#include "ui/DatasetLoader.h"
#include "ui/ImageCanvas.h"
#include "ui/ImageCatalog.h"
#include "ui/MainWindow.h"
#include "ui/OverlayCompositor.h"
#include "ui/ProjectDocument.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

double ms(const QElapsedTimer& t) { return t.nsecsElapsed() / 1e6; }

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  // Sleeps in an event loop between checks: a spinning driver would take a core from the
  // workers it measures.
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QEventLoop loop;
    QTimer::singleShot(2, &loop, &QEventLoop::quit);
    loop.exec();
  }
  return true;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// COCO train's shape: 118,287 images, 860,001 instances, polygons of a few dozen points.
std::string writeTrainSized(const QString& path, const CocoDataset& sample, std::size_t images, std::size_t annotations) {
  std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
  if (!f) return "cannot write " + path.toStdString();
  std::string buf;
  buf.reserve(1 << 22);
  auto flush = [&] {
    std::fwrite(buf.data(), 1, buf.size(), f);
    buf.clear();
  };
  char tmp[256];
  buf += "{\"info\": {\"description\": \"bench_studio: COCO-train-sized\"}, \"images\": [";
  for (std::size_t i = 0; i < images; ++i) {
    const auto& s = sample.images()[i % sample.images().size()];
    std::snprintf(tmp, sizeof tmp, "%s{\"id\": %zu, \"file_name\": \"%.*s\", \"width\": %d, \"height\": %d}", i ? ", " : "",
                  i + 1, static_cast<int>(s.file().size()), s.file().data(), s.width, s.height);
    buf += tmp;
    if (buf.size() > (1 << 21)) flush();
  }
  buf += "], \"annotations\": [";
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  const auto& cats = sample.categories();
  for (std::size_t a = 0; a < annotations; ++a) {
    const std::size_t img = (a * images) / annotations;  // 7.3 per image, in image order
    const auto& s = sample.images()[img % sample.images().size()];
    const double cx = u(rng) * s.width, cy = u(rng) * s.height;
    const double rx = 4 + u(rng) * s.width / 6, ry = 4 + u(rng) * s.height / 6;
    const int points = 12 + static_cast<int>(u(rng) * 24);
    std::snprintf(tmp, sizeof tmp, "%s{\"segmentation\": [[", a ? ", " : "");
    buf += tmp;
    double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
    for (int k = 0; k < points; ++k) {
      const double t = 2 * M_PI * k / points;
      const double x = std::clamp(cx + rx * std::cos(t), 0.0, s.width - 1.0);
      const double y = std::clamp(cy + ry * std::sin(t), 0.0, s.height - 1.0);
      minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y), maxY = std::max(maxY, y);
      std::snprintf(tmp, sizeof tmp, "%s%.2f, %.2f", k ? ", " : "", x, y);
      buf += tmp;
    }
    std::snprintf(tmp, sizeof tmp,
                  "]], \"area\": %.2f, \"iscrowd\": 0, \"image_id\": %zu, \"bbox\": [%.2f, %.2f, %.2f, %.2f], "
                  "\"category_id\": %lld, \"id\": %zu}",
                  M_PI * rx * ry, img + 1, minX, minY, maxX - minX, maxY - minY,
                  static_cast<long long>(cats[a % cats.size()].id), a + 1);
    buf += tmp;
    if (buf.size() > (1 << 21)) flush();
  }
  buf += "], \"categories\": [";
  for (std::size_t c = 0; c < cats.size(); ++c) {
    std::snprintf(tmp, sizeof tmp, "%s{\"supercategory\": \"%s\", \"id\": %lld, \"name\": \"%s\"}", c ? ", " : "",
                  cats[c].supercategory.c_str(), static_cast<long long>(cats[c].id), cats[c].name.c_str());
    buf += tmp;
  }
  buf += "]}";
  flush();
  std::fclose(f);
  return {};
}

// An overlay of `n` elliptic masks on an image of the given size.
std::shared_ptr<ImageOverlay> syntheticOverlay(int w, int h, int n) {
  auto o = std::make_shared<ImageOverlay>();
  o->width = w;
  o->height = h;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < n; ++i) {
    InstanceRow r;
    r.ref = {i % 2 ? InstanceRef::Source::Prediction : InstanceRef::Source::GroundTruth, static_cast<std::size_t>(i)};
    r.className = "class " + std::to_string(i % 17);
    r.split = i % 3 == 0 ? 1 : 0;
    r.score = i % 2 ? static_cast<float>(u(rng)) : -1.0f;
    r.state = i % 2 ? ReviewState::Pending : ReviewState::Accepted;
    r.colour = ClassColour::palette(static_cast<std::size_t>(i % 17));
    const int rw = 10 + static_cast<int>(u(rng) * w / 5), rh = 10 + static_cast<int>(u(rng) * h / 5);
    const int x0 = static_cast<int>(u(rng) * (w - rw)), y0 = static_cast<int>(u(rng) * (h - rh));
    OverlayShape s;
    s.rect = QRect(x0, y0, rw, rh);
    s.mask.assign(static_cast<std::size_t>(rw) * rh, 0);
    std::size_t area = 0;
    for (int y = 0; y < rh; ++y)
      for (int x = 0; x < rw; ++x) {
        const double dx = (x + 0.5) / rw - 0.5, dy = (y + 0.5) / rh - 0.5;
        if (dx * dx + dy * dy < 0.25) {
          s.mask[static_cast<std::size_t>(y) * rw + x] = 1;
          ++area;
        }
      }
    r.area = static_cast<double>(area);
    r.bbox = {static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(rw), static_cast<double>(rh)};
    o->rows.push_back(r);
    o->shapes.push_back(std::move(s));
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (!std::getenv("DISPLAY") && !std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  std::size_t images = 118287, annotations = 860001;
  QString keep;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--images") {
      images = std::stoul(argv[i + 1]);
      annotations = images * 860001 / 118287;
    }
    if (std::string(argv[i]) == "--keep") keep = QString::fromLocal8Bit(argv[i + 1]);
  }
  QApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Bench"));
  const QString shared = QStringLiteral(ZSI_SHARED_DATA_DIR);
  const QString sampleJson = QDir(shared).filePath(QStringLiteral("coco-sample/instances_val2017_sample.json"));
  const QString sampleImages = QDir(shared).filePath(QStringLiteral("coco-sample/images"));
  auto sample = loadCocoDataset(sampleJson.toStdString());
  if (!sample.ok()) {
    std::fprintf(stderr, "%s\n", sample.error().toString().c_str());
    return 1;
  }
  QTemporaryDir tmp;
  const QString big = keep.isEmpty() ? tmp.filePath(QStringLiteral("train_sized.json")) : keep;
  QElapsedTimer t;
  if (!QFile::exists(big)) {
    t.start();
    std::string err = writeTrainSized(big, sample.value(), images, annotations);
    if (!err.empty()) {
      std::fprintf(stderr, "%s\n", err.c_str());
      return 1;
    }
    std::printf("generated %s (%.0f MB) in %.1f s\n", big.toLocal8Bit().constData(), QFileInfo(big).size() / 1e6, ms(t) / 1000);
  }

  // 1. Core load (the reference), twice: the second is the warm figure.
  double coreMs = 0;
  for (int rep = 0; rep < 2; ++rep) {
    t.start();
    auto ds = loadCocoDataset(big.toStdString());
    coreMs = ms(t);
    std::printf("core load %d: %.2f s\n", rep + 1, coreMs / 1000);
    if (!ds.ok()) {
      std::fprintf(stderr, "%s\n", ds.error().toString().c_str());
      return 1;
    }
  }
  MainWindow w(nullptr, tmp.filePath(QStringLiteral("recovery")));
  w.setScripted(true);
  w.resize(1440, 900);
  w.show();
  waitUntil([] { return false; }, 200);  // the window is laid out and painted once
  bool loaded = false;
  double loadedMs = 0;
  QObject::connect(&w, &MainWindow::datasetOpened, [&] {
    loaded = true;
    loadedMs = ms(t);
  });
  double workerSeconds = 0, loadedSignalMs = 0;
  QObject::connect(w.loader(), &DatasetLoader::loaded, [&](auto, auto, auto, auto, double seconds) {
    workerSeconds = seconds;
    loadedSignalMs = ms(t);
  });
  t.start();
  w.openDataset(big, sampleImages);
  if (!waitUntil([&] { return loaded && w.isSettled(); }, 600000)) {
    std::fprintf(stderr, "the studio did not settle\n");
    return 1;
  }
  const double firstImageMs = ms(t);

  // 2. Switching images: first visits, then the same images again (cached).
  std::vector<double> cold, warm;
  for (int pass = 0; pass < 2; ++pass)
    for (long long i = 1; i <= 12; ++i) {
      t.start();
      w.showImage(i);
      waitUntil([&] { return w.isSettled(); }, 60000);
      (pass == 0 ? cold : warm).push_back(ms(t));
    }

  // 3. Redraw with 100 masks on a 640x480 image (the canvas at its size in a 1440x900 window).
  ImageCanvas* c = w.canvas();
  QImage photo(640, 480, QImage::Format_RGB32);
  photo.fill(QColor(90, 110, 130));
  c->setImage(photo);
  auto overlay = syntheticOverlay(640, 480, 100);
  t.start();
  c->setOverlay(overlay);
  const double composeMs = ms(t);
  const int frames = 200;
  t.start();
  for (int i = 0; i < frames; ++i) {
    c->setSelection({overlay->rows[static_cast<std::size_t>(i % 100)].ref});  // what hover and clicks change
    c->repaint();
  }
  const double hoverFps = frames / (ms(t) / 1000);
  t.start();
  for (int i = 0; i < frames; ++i) {
    c->setZoom(1.0 + 0.002 * (i % 50), QPointF(c->width() / 2.0, c->height() / 2.0));
    c->repaint();
  }
  const double zoomFps = frames / (ms(t) / 1000);
  // The same at 1333x800 (the engine's input size): larger layers.
  QImage big2(1333, 800, QImage::Format_RGB32);
  big2.fill(QColor(90, 110, 130));
  c->setImage(big2);
  c->setOverlay(syntheticOverlay(1333, 800, 100));
  t.start();
  for (int i = 0; i < frames; ++i) {
    c->setZoom(0.8 + 0.002 * (i % 50), QPointF(c->width() / 2.0, c->height() / 2.0));
    c->repaint();
  }
  const double zoomFpsLarge = frames / (ms(t) / 1000);

  // 4. Filtering 118k images.
  ImageCatalog catalog;
  t.start();
  catalog.rebuild(*w.document());
  const double rebuildMs = ms(t);
  ImageFilterSpec spec;
  spec.className = "zebra";
  t.start();
  auto rows = catalog.filter(*w.document(), spec);
  const double classMs = ms(t);
  spec = ImageFilterSpec();
  spec.text = QStringLiteral("0000001");
  t.start();
  auto rows2 = catalog.filter(*w.document(), spec);
  const double textMs = ms(t);

  std::printf("\n### Studio responsiveness (bench_studio)\n\n");
  std::printf("Commit %s, %zu images, %zu annotations (%.0f MB), window 1440x900, offscreen.\n\n",
              gitCommit().c_str(), images, annotations, QFileInfo(big).size() / 1e6);
  std::printf("| measure | value | target |\n| --- | --- | --- |\n");
  std::printf("| core `loadCocoDataset` (reference, warm) | %.2f s | |\n", coreMs / 1000);
  std::printf("| studio: core load on the loader thread | %.2f s | |\n", workerSeconds);
  std::printf("| studio: result on the GUI thread | %.2f s | |\n", loadedSignalMs / 1000);
  std::printf("| studio: dataset shown in the list (datasetOpened) | %.2f s | |\n", loadedMs / 1000);
  std::printf("| studio: first image + overlay + thumbnails shown | %.2f s | |\n", firstImageMs / 1000);
  std::printf("| first image shown minus the reference core load | %.2f s (ratio %.2f) | < 3 s |\n", (firstImageMs - coreMs) / 1000, firstImageMs / coreMs);
  std::printf("| first image shown minus the core load of this open | %.2f s | < 3 s |\n", firstImageMs / 1000 - workerSeconds);
  std::printf("| switch to an image, first visit (median / max of %zu) | %.1f / %.1f ms | |\n", cold.size(), median(cold),
              *std::max_element(cold.begin(), cold.end()));
  std::printf("| switch to a cached image (median / max of %zu) | %.1f / %.1f ms | < 50 ms |\n", warm.size(), median(warm),
              *std::max_element(warm.begin(), warm.end()));
  std::printf("| compose 100 masks into the overlay layer (640x480) | %.1f ms | |\n", composeMs);
  std::printf("| redraw, 100 masks, selection/hover changes (640x480) | %.0f fps | >= 30 |\n", hoverFps);
  std::printf("| redraw, 100 masks, zoom changes every frame (640x480) | %.0f fps | >= 30 |\n", zoomFps);
  std::printf("| redraw, 100 masks, zoom changes every frame (1333x800) | %.0f fps | >= 30 |\n", zoomFpsLarge);
  std::printf("| filter catalog rebuild (all images) | %.1f ms | |\n", rebuildMs);
  std::printf("| filter by class (%zu images match) | %.1f ms | |\n", rows.size(), classMs);
  std::printf("| search file names (%zu match) | %.1f ms | |\n", rows2.size(), textMs);
  return 0;
}
