// zsi-studio: the GUI. Arguments are parsed before QApplication exists, so `--version` works
// without a display and `--screenshot` can pick the offscreen platform by itself.

#include <CLI/CLI.hpp>

#include <QApplication>
#include <QDir>
#include <QTimer>
#include <cstdlib>
#include <iostream>

#include "core/cli/VersionReport.h"
#include "core/engine/EngineInfo.h"
#include "core/util/Version.h"
#include "ui/MainWindow.h"
#include "ui/RunMonitor.h"
#include "ui/StudioScript.h"
#include "ui/StudioStyle.h"
#include "ui/TrainingViewScript.h"

namespace {

struct StudioOptions {
  std::string screenshot, image, open, images, model, classes, project, mode;
  bool infer = false;
  long long imageId = -1;
  int timeout = 900;
  // Training views (issue 12): --view monitor|metrics|inspector
  std::string view, results, split, iouType = "segm", secondImage;
  std::vector<std::string> runs;
};

bool hasDisplay() {
  return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

int main(int argc, char** argv) {
  zsi::configureCpuThreads();  // every core unless OMP_NUM_THREADS says otherwise
  CLI::App cli{"ZSI Studio: zero-shot instance segmentation"};
  cli.name("zsi-studio");
  cli.set_version_flag("--version", [] { return zsi::cli::versionReport("zsi-studio"); });
  StudioOptions opt;
  cli.add_option("--open", opt.open, "Open this COCO instances JSON file");
  cli.add_option("--images", opt.images,
                 "The image folder of --open (default: guessed next to it), or a folder of images to open");
  cli.add_option("--project", opt.project, "Open this ZSI Studio project (.zsiproj)");
  cli.add_option("--classes", opt.classes, "Class set: 48_17, 65_15, demo or a class-set JSON file");
  cli.add_option("--model", opt.model, "Load this checkpoint (.safetensors)");
  cli.add_option("--mode", opt.mode, "Detection mode: zsi, zsd, gzsi or gzsd (default: the project's, else gzsi)");
  cli.add_option("--image-id", opt.imageId, "Show the image with this id (default: the first)");
  cli.add_flag("--infer", opt.infer, "Run the model on the shown image");
  cli.add_option("--screenshot", opt.screenshot,
                 "Render the window once everything asked for is loaded (and inferred) into this PNG, then exit");
  cli.add_option("--image", opt.image, "Open this image file at start");
  cli.add_option("--timeout", opt.timeout, "Scripted runs: give up after this many seconds (default 900)");
  cli.add_option("--view", opt.view, "Show a training view: monitor, metrics or inspector (with --screenshot: that view alone)");
  cli.add_option("--run", opt.runs, "Monitor: attach to this run directory (repeatable)");
  cli.add_option("--results", opt.results, "Metrics: COCO results to evaluate against --open");
  cli.add_option("--split", opt.split, "Metrics: seen/unseen split (48_17, 65_15 or a split file) for the GZSI summary");
  cli.add_option("--iou-type", opt.iouType, "Metrics: segm or bbox (default segm)");
  cli.add_option("--second-image", opt.secondImage, "Inspector: an image to compare patches with");
  // Qt's own options (-platform, -style, ...) pass through to QApplication.
  cli.allow_extras();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }

  const bool scripted = !opt.screenshot.empty();
  if (scripted && !hasDisplay()) {
    // A screenshot needs no screen; without a display Qt would abort at start.
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ZSI Studio"));
  QApplication::setApplicationName(QStringLiteral("zsi-studio"));
  QApplication::setApplicationVersion(QString::fromStdString(zsi::projectVersion()));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/zsi-studio.png")));
  zsi::ui::StudioStyle::apply(app);

  zsi::ui::MainWindow window;
  if (scripted) {
    window.resize(1440, 900);  // reproducible pictures, independent of saved state
  } else {
    window.restoreWindowState();
  }
  window.show();

  zsi::ui::StudioScript::Options so;
  so.project = q(opt.project);
  so.open = q(opt.open);
  so.images = q(opt.images);
  so.image = q(opt.image);
  so.classes = q(opt.classes);
  so.model = q(opt.model);
  so.mode = q(opt.mode);
  so.screenshot = q(opt.screenshot);
  so.infer = opt.infer;
  so.imageId = opt.imageId;
  so.timeoutSeconds = scripted ? opt.timeout : 0;
  const bool anythingAsked = scripted || !opt.project.empty() || !opt.open.empty() || !opt.images.empty() ||
                             !opt.image.empty() || !opt.classes.empty() || !opt.model.empty() || !opt.mode.empty() || opt.infer;
  zsi::ui::StudioScript script(&window, so);
  if (!opt.view.empty()) {
    zsi::ui::TrainingViewScript::Options vo;
    vo.view = q(opt.view);
    for (const auto& r : opt.runs) vo.runs << q(r);
    vo.groundTruth = q(opt.open);
    vo.results = q(opt.results);
    vo.split = q(opt.split);
    vo.iouType = q(opt.iouType);
    vo.model = q(opt.model);
    vo.image = q(opt.image);
    vo.secondImage = q(opt.secondImage);
    vo.screenshot = q(opt.screenshot);
    vo.timeoutSeconds = scripted ? opt.timeout : 0;
    auto* views = new zsi::ui::TrainingViewScript(&window, vo, &app);
    QObject::connect(views, &zsi::ui::TrainingViewScript::finished, &app, [&, views](int code) {
      if (code != 0) std::cerr << "zsi-studio: " << views->error().toStdString() << "\n";
      else if (scripted) std::cout << "screenshot written to " << opt.screenshot << "\n";
      if (scripted) QApplication::exit(code);
      else window.setScripted(false);
    });
    // In the event loop: an early failure must reach QApplication::exit while exec() runs.
    QTimer::singleShot(0, views, [views] { views->start(); });
    return app.exec();
  }
  if (anythingAsked) {
    QObject::connect(&script, &zsi::ui::StudioScript::finished, &app, [&](int code) {
      if (code != 0) {
        std::cerr << "zsi-studio: " << script.error().toStdString() << "\n";
        if (scripted) QApplication::exit(code);
        else window.setScripted(false);
        return;
      }
      if (scripted) {
        std::cout << "screenshot written to " << opt.screenshot << "\n";
        QApplication::exit(0);
      } else {
        window.setScripted(false);
      }
    });
    script.start();
  } else {
    QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });
    window.runMonitor()->restoreRuns();  // the runs followed last time
  }
  return app.exec();
}
