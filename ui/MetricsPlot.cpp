#include "ui/MetricsPlot.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace zsi::ui {

namespace {

// Colours by series, so that "loss_mask" has the same colour in every run and every session.
QColor seriesColour(const std::string& name) {
  static const char* known[] = {"loss", "loss_rpn_cls", "loss_rpn_bbox", "loss_semantic", "loss_bbox",
                                "bbox_loss_ed", "loss_mask", "loss_ed", "loss_infomax", "loss_contrastive"};
  static const QColor palette[] = {QColor(0x1f, 0x1f, 0x1f), QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                   QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd),
                                   QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                   QColor(0xbc, 0xbd, 0x22)};
  constexpr std::size_t n = sizeof palette / sizeof palette[0];
  for (std::size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
    if (name == known[i]) return palette[i % n];
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs, unlike qHash's seed
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return palette[1 + h % (n - 1)];
}

Qt::PenStyle runStyle(int runIndex) {
  static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
  return styles[runIndex % 5];
}

}  // namespace

struct MetricsPlot::Line {
  QString runKey, runLabel;
  std::string series;
  int runIndex = 0;
  const RunMetrics* metrics = nullptr;
  QCPGraph* graph = nullptr;
  std::uint64_t generation = 0;
  std::size_t consumed = 0;     // source points already handed to the graph
  std::size_t appendedRaw = 0;  // of them, appended one by one since the last bucketing
  double ema = 0;
  bool emaStarted = false;
  bool alive = false;

  // The source: a step column (x = iteration) or an evaluation series (x = epoch).
  std::size_t size() const {
    if (!metrics) return 0;
    if (const auto* e = eval()) return e->value.size();
    const auto* c = column();
    return c ? c->values.size() : 0;
  }
  double x(std::size_t i) const {
    if (const auto* e = eval()) return e->epoch[i];
    return metrics->stepIterations()[i];
  }
  double y(std::size_t i) const {
    if (const auto* e = eval()) return e->value[i];
    return static_cast<double>(column()->values[i]);
  }
  const EvalSeries* eval() const {
    if (!isEval) return nullptr;
    for (const auto& e : metrics->evalSeries())
      if (e.name == series) return &e;
    return nullptr;
  }
  const StepColumn* column() const {
    const auto& cols = metrics->columns();
    if (columnIndex >= 0 && columnIndex < static_cast<int>(cols.size()) && cols[columnIndex].name == series)
      return &cols[columnIndex];
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == series) {
        columnIndex = static_cast<int>(i);
        return &cols[i];
      }
    return nullptr;
  }
  bool isEval = false;
  mutable int columnIndex = -1;
};

MetricsPlot::MetricsPlot(SeriesGroup group, QWidget* parent)
    : QWidget(parent), group_(group), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  setMinimumSize(240, 180);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setNoAntialiasingOnDrag(true);
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString::fromLatin1(seriesGroupTitle(group)),
                                                           QFont(font().family(), 10, QFont::Bold)));
  plot_->xAxis->setLabel(group == SeriesGroup::Eval ? tr("epoch") : tr("iteration"));
  plot_->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(std::max(6.0, legendFont.pointSizeF() - 1.5));
  plot_->legend->setFont(legendFont);
  plot_->legend->setBrush(QColor(255, 255, 255, 200));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  tracer_ = new QCPItemTracer(plot_);
  tracer_->setStyle(QCPItemTracer::tsCircle);
  tracer_->setSize(7);
  tracer_->setVisible(false);
  label_ = new QCPItemText(plot_);
  label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  label_->position->setParentAnchor(tracer_->position);
  label_->position->setCoords(6, -6);
  label_->setBrush(QColor(255, 255, 224, 230));
  label_->setPen(QPen(Qt::gray));
  label_->setPadding(QMargins(4, 2, 4, 2));
  label_->setVisible(false);

  rebucket_.setSingleShot(true);
  rebucket_.setInterval(120);
  connect(&rebucket_, &QTimer::timeout, this, &MetricsPlot::visibleRangeChanged);
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
    if (settingRange_) return;
    following_ = false;  // the user zoomed or panned
    rebucket_.start();
  });
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] { resetView(); });
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    const QString text = valueAt(e->position());
    emit hovered(text);
  });
}

MetricsPlot::~MetricsPlot() = default;

void MetricsPlot::sync(const std::vector<PlotRun>& runs, const QSet<QString>& hidden) {
  for (auto& l : lines_) l->alive = false;
  for (int ri = 0; ri < static_cast<int>(runs.size()); ++ri) {
    const PlotRun& run = runs[static_cast<std::size_t>(ri)];
    if (!run.metrics) {  // being read on a worker: keep what is shown
      for (auto& l : lines_)
        if (l->runKey == run.key) l->alive = true;
      continue;
    }
    std::vector<std::pair<std::string, bool>> names;  // name, is evaluation
    if (group_ == SeriesGroup::Eval) {
      for (const auto& e : run.metrics->evalSeries()) names.emplace_back(e.name, true);
    } else {
      for (const auto& c : run.metrics->columns())
        if (c.group == group_) names.emplace_back(c.name, false);
    }
    for (const auto& [name, isEval] : names) {
      auto it = std::find_if(lines_.begin(), lines_.end(),
                             [&](const auto& l) { return l->runKey == run.key && l->series == name; });
      Line* line = nullptr;
      if (it == lines_.end()) {
        auto l = std::make_unique<Line>();
        l->runKey = run.key;
        l->series = name;
        l->isEval = isEval;
        l->graph = plot_->addGraph();
        l->graph->setAdaptiveSampling(true);
        if (isEval) l->graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        l->generation = run.metrics->generation();
        lines_.push_back(std::move(l));
        line = lines_.back().get();
        line->metrics = run.metrics;
        line->runIndex = ri;
        rebuild(*line);
      } else {
        line = it->get();
        const bool replaced = line->metrics != run.metrics || line->generation != run.metrics->generation() ||
                              line->size() < line->consumed;
        line->metrics = run.metrics;
        if (replaced) {
          line->generation = run.metrics->generation();
          rebuild(*line);
        } else {
          appendNew(*line);
        }
      }
      line->alive = true;
      line->runIndex = ri;
      line->runLabel = run.label;
      // One-pixel pens: wider ones go through Qt's general stroker (joins, atan2 per vertex),
      // several times the cost of a frame. The total loss stands out by its black colour.
      QPen pen(seriesColour(name), 1.0, runStyle(ri));
      line->graph->setPen(pen);
      const QString series = QString::fromStdString(name);
      line->graph->setName(runs.size() > 1 ? run.label + QStringLiteral(" · ") + series : series);
      line->graph->setVisible(!hidden.contains(series));
    }
  }
  for (auto it = lines_.begin(); it != lines_.end();) {
    if (!(*it)->alive) {
      plot_->removeGraph((*it)->graph);
      it = lines_.erase(it);
    } else {
      ++it;
    }
  }
  // Only the lines shown appear in the legend.
  for (auto& l : lines_) {
    if (l->graph->visible()) l->graph->addToLegend();
    else l->graph->removeFromLegend();
  }
  fitIfFollowing();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

// Recomputes the line's points: EMA over the whole source, bucketed over the visible range.
void MetricsPlot::rebuild(Line& line) {
  const std::size_t n = line.size();
  const double w = smoothing_;
  QVector<QCPGraphData> out;
  double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  if (!following_) {
    lo = plot_->xAxis->range().lower;
    hi = plot_->xAxis->range().upper;
  }
  // Source x only grows, so the visible part is one index range (one point of margin each side
  // keeps the lines running to the plot's edges).
  std::size_t i0 = 0, i1 = n;
  if (!following_ && n > 0) {
    while (i0 < n && line.x(i0) < lo) ++i0;
    i1 = i0;
    while (i1 < n && line.x(i1) <= hi) ++i1;
    i0 = i0 > 0 ? i0 - 1 : 0;
    i1 = std::min(n, i1 + 1);
  }
  const std::size_t count = i1 - i0;
  const std::size_t bucket = count > static_cast<std::size_t>(kMaxPoints)
                                 ? (count + kMaxPoints / 2 - 1) / (kMaxPoints / 2)
                                 : 1;
  out.reserve(static_cast<int>(std::min<std::size_t>(count, kMaxPoints + 2)));
  double ema = 0;
  bool started = false;
  std::size_t inBucket = 0;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  auto flush = [&] {
    if (inBucket == 0) return;
    // Minimum and maximum in x order, so the line still runs left to right.
    if (minX <= maxX) {
      out.append(QCPGraphData(minX, minY));
      if (maxX != minX) out.append(QCPGraphData(maxX, maxY));
    } else {
      out.append(QCPGraphData(maxX, maxY));
      out.append(QCPGraphData(minX, minY));
    }
    inBucket = 0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double y = line.y(i);
    if (std::isnan(y)) continue;
    ema = started ? w * ema + (1 - w) * y : y;
    started = true;
    if (i < i0 || i >= i1) continue;
    const double x = line.x(i);
    if (bucket == 1) {
      out.append(QCPGraphData(x, ema));
      continue;
    }
    if (inBucket == 0) {
      minX = maxX = x;
      minY = maxY = ema;
    } else {
      if (ema < minY) minX = x, minY = ema;
      if (ema > maxY) maxX = x, maxY = ema;
    }
    if (++inBucket == bucket) flush();
  }
  flush();
  line.graph->data()->set(out, true);
  line.consumed = n;
  line.appendedRaw = 0;
  line.ema = ema;
  line.emaStarted = started;
}

void MetricsPlot::appendNew(Line& line) {
  const std::size_t n = line.size();
  if (n == line.consumed) return;
  QVector<double> keys, values;
  keys.reserve(static_cast<int>(n - line.consumed));
  values.reserve(static_cast<int>(n - line.consumed));
  for (std::size_t i = line.consumed; i < n; ++i) {
    const double y = line.y(i);
    if (std::isnan(y)) continue;
    line.ema = line.emaStarted ? smoothing_ * line.ema + (1 - smoothing_) * y : y;
    line.emaStarted = true;
    keys.append(line.x(i));
    values.append(line.ema);
  }
  line.graph->addData(keys, values, true);
  line.consumed = n;
  line.appendedRaw += static_cast<std::size_t>(keys.size());
  // Raw appends accumulate on a bucketed line: re-bucket before they outweigh the budget.
  if (line.graph->dataCount() > kMaxPoints + kMaxPoints / 2) rebuild(line);
}

void MetricsPlot::fitIfFollowing() {
  if (!following_) return;
  settingRange_ = true;
  plot_->rescaleAxes(true);
  // Some air above and below the curves.
  QCPRange y = plot_->yAxis->range();
  if (logScale_) {
    if (y.lower > 0) plot_->yAxis->setRange(y.lower / 1.2, y.upper * 1.2);
  } else {
    const double pad = y.size() > 0 ? y.size() * 0.05 : std::max(1e-9, std::abs(y.center()) * 0.05);
    plot_->yAxis->setRange(y.lower - pad, y.upper + pad);
  }
  settingRange_ = false;
}

void MetricsPlot::visibleRangeChanged() {
  for (auto& l : lines_)
    if (l->metrics && l->size() > static_cast<std::size_t>(kMaxPoints)) rebuild(*l);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::setSmoothing(double weight) {
  weight = std::clamp(weight, 0.0, 0.999);
  if (weight == smoothing_) return;
  smoothing_ = weight;
  for (auto& l : lines_)
    if (l->metrics) rebuild(*l);
  fitIfFollowing();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::setLogScale(bool on) {
  if (on == logScale_) return;
  logScale_ = on;
  if (on) {
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  } else {
    plot_->yAxis->setScaleType(QCPAxis::stLinear);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  }
  const bool was = following_;
  following_ = true;  // a new scale needs a new fit
  fitIfFollowing();
  following_ = was;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::resetView() {
  following_ = true;
  for (auto& l : lines_)
    if (l->metrics && l->size() > static_cast<std::size_t>(kMaxPoints)) rebuild(*l);
  fitIfFollowing();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::setXRange(double lower, double upper) {
  plot_->xAxis->setRange(lower, upper);  // rangeChanged: stops following, re-buckets after idle
}

std::size_t MetricsPlot::plottedPoints() const {
  std::size_t n = 0;
  for (const auto& l : lines_) n += static_cast<std::size_t>(l->graph->dataCount());
  return n;
}

int MetricsPlot::lineCount() const { return static_cast<int>(lines_.size()); }

QString MetricsPlot::valueAt(const QPointF& pixel) {
  double best = 20.0;
  const Line* bestLine = nullptr;
  double bx = 0, by = 0;
  const double key = plot_->xAxis->pixelToCoord(pixel.x());
  for (const auto& l : lines_) {
    if (!l->graph->visible() || l->graph->dataCount() == 0) continue;
    auto data = l->graph->data();
    auto it = data->findBegin(key, true);
    for (int k = 0; k < 3 && it != data->constEnd(); ++k, ++it) {
      const double px = plot_->xAxis->coordToPixel(it->key), py = plot_->yAxis->coordToPixel(it->value);
      const double d = std::hypot(px - pixel.x(), py - pixel.y());
      if (d < best) {
        best = d;
        bestLine = l.get();
        bx = it->key;
        by = it->value;
      }
    }
  }
  if (!bestLine) {
    if (tracer_->visible()) {
      tracer_->setVisible(false);
      label_->setVisible(false);
      plot_->replot(QCustomPlot::rpQueuedReplot);
    }
    return {};
  }
  const QString text = QStringLiteral("%1\n%2 %3: %4")
                           .arg(bestLine->graph->name(), plot_->xAxis->label())
                           .arg(bx, 0, 'g', 10)
                           .arg(by, 0, 'g', 6);
  tracer_->setGraph(nullptr);
  tracer_->position->setCoords(bx, by);
  tracer_->setPen(bestLine->graph->pen());
  tracer_->setVisible(true);
  label_->setText(text);
  label_->setVisible(true);
  plot_->replot(QCustomPlot::rpQueuedReplot);
  return text;
}

bool MetricsPlot::savePng(const QString& path, int width, int height) {
  return plot_->savePng(path, width, height);
}

QString MetricsPlot::csv() const {
  QString out = QStringLiteral("series,run,x,y\n");
  for (const auto& l : lines_) {
    if (!l->metrics || !l->graph->visible()) continue;
    double ema = 0;
    bool started = false;
    const QString prefix = QString::fromStdString(l->series) + QLatin1Char(',') + l->runLabel + QLatin1Char(',');
    for (std::size_t i = 0; i < l->size(); ++i) {
      const double y = l->y(i);
      if (std::isnan(y)) continue;
      ema = started ? smoothing_ * ema + (1 - smoothing_) * y : y;
      started = true;
      out += prefix + QString::number(l->x(i), 'g', 17) + QLatin1Char(',') + QString::number(ema, 'g', 9) +
             QLatin1Char('\n');
    }
  }
  return out;
}

}  // namespace zsi::ui
