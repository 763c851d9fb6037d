#include "ui/StudioStyle.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace zsi::ui {

void StudioStyle::apply(QApplication& app) {
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette p;
  const QColor window(45, 47, 51), base(32, 34, 37), text(226, 228, 232), dim(140, 143, 150);
  const QColor highlight(52, 120, 198);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(39, 41, 45));
  p.setColor(QPalette::ToolTipBase, QColor(25, 26, 29));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, dim);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(55, 58, 63));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(255, 255, 255));
  p.setColor(QPalette::Light, QColor(70, 73, 79));
  p.setColor(QPalette::Midlight, QColor(62, 65, 70));
  p.setColor(QPalette::Mid, QColor(40, 42, 46));
  p.setColor(QPalette::Dark, QColor(24, 25, 27));
  p.setColor(QPalette::Shadow, QColor(10, 10, 12));
  p.setColor(QPalette::Highlight, highlight);
  p.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
  p.setColor(QPalette::Link, QColor(110, 170, 240));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, dim);
  p.setColor(QPalette::Disabled, QPalette::Base, window);
  app.setPalette(p);
  app.setStyleSheet(QStringLiteral(
      "QDockWidget::title { padding: 4px; background: #34373c; }"
      "QToolBar { border: none; spacing: 2px; }"
      "QTableView { gridline-color: #3a3d42; }"
      "QHeaderView::section { background: #383b40; padding: 3px; border: none; border-right: 1px solid #2c2e32; }"));
}

}  // namespace zsi::ui
