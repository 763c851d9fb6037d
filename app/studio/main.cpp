// zsi-studio: the GUI. Arguments are parsed before QApplication exists, so `--version` works
// without a display and `--screenshot` can pick the offscreen platform by itself.

#include <CLI/CLI.hpp>

#include <QApplication>
#include <QDir>
#include <QTimer>
#include <cstdlib>
#include <iostream>

#include "core/cli/VersionReport.h"
#include "core/util/Version.h"
#include "ui/MainWindow.h"

namespace {

struct StudioOptions {
  std::string screenshot;
  std::string image;
};

bool hasDisplay() {
  return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ZSI Studio: zero-shot instance segmentation"};
  cli.name("zsi-studio");
  cli.set_version_flag("--version", [] { return zsi::cli::versionReport("zsi-studio"); });
  StudioOptions opt;
  cli.add_option("--screenshot", opt.screenshot,
                 "Render the window after start-up (and after loading what was asked) into this "
                 "PNG, then exit");
  cli.add_option("--image", opt.image, "Open this image at start");
  // Qt's own options (-platform, -style, ...) pass through to QApplication.
  cli.allow_extras();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }

  if (!opt.screenshot.empty() && !hasDisplay()) {
    // A screenshot needs no screen; without a display Qt would abort at start.
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ZSI Studio"));
  QApplication::setApplicationName(QStringLiteral("zsi-studio"));
  QApplication::setApplicationVersion(QString::fromStdString(zsi::projectVersion()));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/zsi-studio.png")));

  zsi::ui::MainWindow window;
  const bool scripted = !opt.screenshot.empty();
  if (scripted) {
    window.resize(1280, 800);  // reproducible pictures, independent of saved state
  } else {
    window.restoreWindowState();
  }
  window.show();
  if (!opt.image.empty()) window.openImage(QString::fromStdString(opt.image), scripted);

  if (scripted) {
    const QString out = QString::fromStdString(opt.screenshot);
    QTimer::singleShot(0, &window, [&window, out] {
      QPixmap shot = window.grab();
      if (!shot.save(out, "PNG")) {
        std::cerr << "zsi-studio: cannot write screenshot " << out.toStdString() << "\n";
        QApplication::exit(1);
        return;
      }
      std::cout << "screenshot written to " << out.toStdString() << "\n";
      QApplication::exit(0);
    });
  }
  return app.exec();
}
