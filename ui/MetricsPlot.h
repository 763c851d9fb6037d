#pragma once
// One plot of the training monitor (QCustomPlot): the series of one group (losses, learning rate,
// speed, other, evaluation) of every shown run, run by run in the same colours per series and a
// line style per run, with a legend. It keeps at most kMaxPoints points per line on screen: the
// visible x-range is cut into buckets and each bucket contributes its minimum and maximum, so a
// million-record run draws as fast as a short one and still shows every spike; zooming recomputes
// the buckets for the new range (after a short idle, like an image viewer's smooth rescale).
// New records are appended without touching what is already plotted. While the user has not
// zoomed or panned, the axes follow the data; a double-click returns to following.

#include <QSet>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "ui/RunMetrics.h"

class QCustomPlot;
class QCPGraph;
class QCPItemTracer;
class QCPItemText;

namespace zsi::ui {

struct PlotRun {
  QString key;    // stable identity (the run directory)
  QString label;  // shown in the legend
  const RunMetrics* metrics = nullptr;
};

class MetricsPlot : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxPoints = 2000;

  explicit MetricsPlot(SeriesGroup group, QWidget* parent = nullptr);
  ~MetricsPlot() override;

  SeriesGroup group() const { return group_; }
  QCustomPlot* plot() const { return plot_; }

  // Brings the lines up to date: new runs and series get lines, new records are appended, runs
  // that are gone lose theirs. `hidden`: series names switched off.
  void sync(const std::vector<PlotRun>& runs, const QSet<QString>& hidden);
  void setSmoothing(double weight);  // exponential moving average weight in [0, 1)
  void setLogScale(bool on);
  void resetView();                  // fit the data and follow it again
  void setXRange(double lower, double upper);  // zoom as the user would (stops following)
  bool following() const { return following_; }

  // Points currently handed to QCustomPlot (all lines), and the lines drawn.
  std::size_t plottedPoints() const;
  int lineCount() const;
  // The nearest point to a pixel position within 20 px: its text, empty when none. The hover
  // label shows the same.
  QString valueAt(const QPointF& pixel);
  bool savePng(const QString& path, int width = 0, int height = 0);
  // Every line's points as CSV (series, run, x, y), as plotted (after smoothing, before bucketing).
  QString csv() const;

 signals:
  void hovered(const QString& text);

 private:
  struct Line;
  void rebuild(Line& line);
  void appendNew(Line& line);
  void fitIfFollowing();
  void visibleRangeChanged();

  SeriesGroup group_;
  QCustomPlot* plot_;
  QCPItemTracer* tracer_;
  QCPItemText* label_;
  std::vector<std::unique_ptr<Line>> lines_;
  double smoothing_ = 0;
  bool logScale_ = false;
  bool following_ = true;
  bool settingRange_ = false;
  QTimer rebucket_;
};

}  // namespace zsi::ui
