// SPDX-License-Identifier: GPL-3.0-or-later
// The only file that includes Qt Charts. Traps of Qt Charts 6.4 avoided here:
// - points are never appended one at a time (each append repaints: quadratic);
//   each series is replaced in one call with decimated points;
// - no setUseOpenGL (crashes on the offscreen platform, missing from SVG/PDF);
// - QChartView's own mouse handling is never called: a left click where
//   nothing is drawn crashes it in 6.4.2 (QTBUG-118669). Zoom, reset and the
//   hover read-out are done here instead;
// - non-finite values (and non-positive ones on a log axis) are skipped, so
//   the axes never break.
#include "ui/loss_chart.hpp"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QGraphicsScene>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScatterSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QFontMetricsF>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "ui/series_math.hpp"

namespace losslab::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A tick interval of 1, 2 or 5 times a power of ten, giving about `target` ticks.
double nice_interval(double span, int target) {
  if (!(span > 0) || !std::isfinite(span)) return 1.0;
  const double raw = span / std::max(1, target);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double m = raw / p;
  return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

QString fmt(double v) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  const double a = std::fabs(v);
  if (a != 0 && (a < 1e-3 || a >= 1e6)) return QString::number(v, 'e', 2);
  return QString::number(v, 'g', 4);
}

}  // namespace

// QChartView with our own mouse handling (see the top of the file).
class ChartView : public QChartView {
 public:
  ChartView(QChart* chart, LossChart::Impl* owner) : QChartView(chart), owner_(owner) {
    setMouseTracking(true);
    setRubberBand(QChartView::NoRubberBand);
    setRenderHint(QPainter::Antialiasing, true);
    setFocusPolicy(Qt::ClickFocus);

  }

 protected:
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;
  void leaveEvent(QEvent* e) override;
  void wheelEvent(QWheelEvent* e) override { e->ignore(); }

 private:
  LossChart::Impl* owner_;
  QRubberBand* band_ = nullptr;
  QPoint origin_;
  bool dragging_ = false;
};

struct LossChart::Impl {
  LossChart* q;
  QChart* chart = nullptr;
  ChartView* view = nullptr;
  QValueAxis* ax = nullptr;
  QAbstractAxis* ay = nullptr;   // left
  QAbstractAxis* ay2 = nullptr;  // right, optional
  QString y_title, y2_title;
  bool log = false;
  double scale = 1.0;  // presentation mode: fonts and line widths grow together
  std::optional<std::pair<double, double>> fixed_left;

  struct Entry {
    QXYSeries* series = nullptr;
    QString name;
    Axis axis = Axis::Left;
    bool points = false;
    int legend = -1;  // the legend marker's visibility as last set (-1: not yet)
    QList<QPointF> drawn;
  };
  std::map<QString, Entry> entries;
  std::vector<QString> order;  // order of the last frame, for the read-out

  std::vector<Line> f_lines;
  std::vector<Points> f_points;
  std::vector<Marker> markers;
  std::vector<RefLine> refs;

  std::vector<QGraphicsLineItem*> marker_lines, ref_lines;
  std::vector<QGraphicsSimpleTextItem*> marker_labels, ref_labels;
  std::vector<QGraphicsRectItem*> marker_backs, ref_backs;  // light boxes behind the labels
  QGraphicsLineItem* hover_line = nullptr;
  QLabel* readout = nullptr;
  double hover_x = kNaN;

  double x0 = 0, x1 = 1, y0 = 0, y1 = 1, y20 = 0, y21 = 1;
  std::optional<std::array<double, 4>> zoom;  // x0, x1, y0, y1 (left axis)
  int frame_columns = 0;
  bool in_frame = false;

  explicit Impl(LossChart* owner) : q(owner) {}

  QAbstractAxis* make_y_axis(const QString& title, Qt::Alignment align) {
    QAbstractAxis* a = nullptr;
    if (log) {
      auto* l = new QLogValueAxis;
      l->setBase(10.0);
      l->setLabelFormat("%g");
      l->setMinorTickCount(8);
      a = l;
    } else {
      auto* v = new QValueAxis;
      v->setLabelFormat("%.3g");
      v->setRange(0.0, 1.0);
      v->setTickInterval(0.25);
      v->setTickType(QValueAxis::TicksDynamic);
      v->setTickAnchor(0.0);
      a = v;
    }
    style_axis(a, title);
    chart->addAxis(a, align);
    return a;
  }
  void style_axis(QAbstractAxis* a, const QString& title) {
    a->setTitleText(title);
    apply_axis_style(a);
  }
  void apply_axis_style(QAbstractAxis* a) {
    QFont f = a->labelsFont();
    f.setPointSizeF(11 * scale);
    f.setBold(scale > 1.0);
    a->setLabelsFont(f);
    a->setLabelsColor(scale > 1.0 ? Qt::black : QColor(60, 60, 60));
    f.setBold(true);
    a->setTitleFont(f);
    a->setGridLineColor(QColor(0, 0, 0, scale > 1.0 ? 60 : 28));
    a->setMinorGridLineColor(QColor(0, 0, 0, scale > 1.0 ? 24 : 12));
  }
  void apply_scale() {
    QFont tf = chart->titleFont();
    tf.setPointSizeF(13 * std::min(scale, 1.2));  // titles are long ("Total loss L = …"): grow them less
    tf.setBold(true);
    chart->setTitleFont(tf);
    QFont lf = chart->legend()->font();
    lf.setPointSizeF(11 * scale);
    chart->legend()->setFont(lf);
    for (QAbstractAxis* a : {static_cast<QAbstractAxis*>(ax), ay, ay2})
      if (a) apply_axis_style(a);
    for (auto* pool : {&marker_labels, &ref_labels})
      for (QGraphicsSimpleTextItem* it : *pool) {
        QFont f = it->font();
        f.setPointSizeF(9.5 * scale);
        it->setFont(f);
      }
  }
  void rebuild_y_axes() {
    auto replace = [&](QAbstractAxis*& a, const QString& title, Qt::Alignment align) {
      if (!a) return;
      QAbstractAxis* old = a;
      for (auto& [id, e] : entries) e.series->clear();  // old points may not fit the new axis
      a = make_y_axis(title, align);
      for (auto& [id, e] : entries) {
        if ((e.axis == Axis::Left) == (align == Qt::AlignLeft)) {
          e.series->detachAxis(old);
          e.series->attachAxis(a);
        }
      }
      chart->removeAxis(old);
      delete old;
    };
    replace(ay, y_title, Qt::AlignLeft);
    replace(ay2, y2_title, Qt::AlignRight);
  }
  QAbstractAxis* axis_of(Axis a) const { return a == Axis::Right && ay2 ? ay2 : ay; }

  int columns() const {
    const double w = chart->plotArea().width();
    if (w >= 1.0) return static_cast<int>(std::ceil(w));
    return std::max(1, q->width());
  }

  // Chart coordinates of a data point.
  double px(double x) const {
    const QRectF pa = chart->plotArea();
    return pa.left() + (x - x0) / (x1 - x0) * pa.width();
  }
  double py(double y, Axis a) const {
    const QRectF pa = chart->plotArea();
    const double lo = (a == Axis::Right && ay2) ? y20 : y0, hi = (a == Axis::Right && ay2) ? y21 : y1;
    double f = 0;
    if (log) f = (std::log10(y) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    else f = (y - lo) / (hi - lo);
    return pa.bottom() - f * pa.height();
  }
  double data_x(double chart_x) const {
    const QRectF pa = chart->plotArea();
    return x0 + (chart_x - pa.left()) / pa.width() * (x1 - x0);
  }
  double data_y(double chart_y) const {
    const QRectF pa = chart->plotArea();
    const double f = (pa.bottom() - chart_y) / pa.height();
    if (log) return std::pow(10.0, std::log10(y0) + f * (std::log10(y1) - std::log10(y0)));
    return y0 + f * (y1 - y0);
  }
  bool has_points() const {
    for (const auto& [id, e] : entries)
      if (!e.drawn.isEmpty()) return true;
    return false;
  }

  void set_axis_range(QAbstractAxis* a, double lo, double hi, int ticks) {
    if (auto* v = qobject_cast<QValueAxis*>(a)) {
      // With dynamic ticks every change relayouts at once: never let a small
      // interval meet a large range (millions of ticks). First an interval
      // as wide as both ranges, then the range, then the nice interval.
      const double wide = std::max(hi, v->max()) - std::min(lo, v->min());
      if (wide > 0 && std::isfinite(wide)) v->setTickInterval(wide);
      v->setRange(lo, hi);
      v->setTickInterval(nice_interval(hi - lo, ticks));
    } else if (auto* l = qobject_cast<QLogValueAxis*>(a)) {
      l->setRange(lo, hi);
    }
  }
  std::pair<double, double> padded(double lo, double hi) const {
    if (!(lo <= hi)) return log ? std::pair{0.1, 10.0} : std::pair{0.0, 1.0};
    if (log) {
      if (hi / lo < 1.5) return {lo / 1.25, hi * 1.25};
      return {lo / 1.08, hi * 1.08};
    }
    double span = hi - lo;
    if (span <= 0) span = std::max(std::fabs(hi) * 0.1, 0.5);
    return {lo - 0.06 * span, hi + 0.06 * span};
  }

  void end_frame();
  void place_items();
  void update_readout();
};

void LossChart::Impl::end_frame() {
  in_frame = false;
  frame_columns = columns();
  const int cols = frame_columns;
  const YFilter filter = log ? YFilter::FinitePositive : YFilter::Finite;

  // As many x ticks as labels fit side by side (fewer in presentation type,
  // on a narrow chart or with long step numbers), at most six.
  int x_ticks = 6;
  if (const double w = chart->plotArea().width(); w > 0) {
    const QFontMetricsF fm(ax->labelsFont());
    const double label = fm.horizontalAdvance(QStringLiteral("00000")) + fm.averageCharWidth() * 2;
    x_ticks = std::clamp(static_cast<int>(w / label), 2, 6);
  }

  // x range: the zoom, or everything there is.
  if (zoom) {
    x0 = (*zoom)[0];
    x1 = (*zoom)[1];
  } else {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto extent = [&](std::span<const double> x, std::span<const double> y) {
      const std::size_t n = std::min(x.size(), y.size());
      if (n == 0) return;
      lo = std::min(lo, x[0]);
      hi = std::max(hi, x[n - 1]);
    };
    for (const auto& l : f_lines) extent(l.x, l.y);
    for (const auto& p : f_points) extent(p.x, p.y);
    if (!(lo <= hi)) lo = 0, hi = 1;
    if (hi - lo < 1e-12) hi = lo + 1;
    // The right end goes to the next tick: while a run grows, the axis (and
    // the chart's layout) changes only when the data passes a tick.
    const double iv = nice_interval(hi - lo, x_ticks);
    x0 = lo;
    x1 = std::ceil(hi / iv) * iv;
    if (x1 <= x0) x1 = x0 + iv;
  }
  set_axis_range(ax, x0, x1, x_ticks);

  // Decimate every series to the pixel columns and find the y extents.
  double lmin = std::numeric_limits<double>::infinity(), lmax = -lmin, rmin = lmin, rmax = -lmin;
  auto grow = [&](Axis a, double y) {
    if (!std::isfinite(y) || (log && y <= 0)) return;
    if (a == Axis::Right && ay2) rmin = std::min(rmin, y), rmax = std::max(rmax, y);
    else lmin = std::min(lmin, y), lmax = std::max(lmax, y);
  };
  std::map<QString, bool> seen;
  order.clear();
  auto to_list = [&](const std::vector<PlotPoint>& pts, Axis a) {
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(pts.size()));
    for (const auto& p : pts) {
      out.append(QPointF(p.x, p.y));
      if (p.x >= x0 && p.x <= x1) grow(a, p.y);
    }
    return out;
  };
  auto upsert = [&](const QString& id, const QString& name, Axis a, bool points) -> Entry& {
    auto it = entries.find(id);
    if (it != entries.end() && it->second.points != points) {
      chart->removeSeries(it->second.series);
      delete it->second.series;
      entries.erase(it);
      it = entries.end();
    }
    if (it == entries.end()) {
      Entry e;
      e.series = points ? static_cast<QXYSeries*>(new QScatterSeries) : static_cast<QXYSeries*>(new QLineSeries);
      e.points = points;
      e.axis = a;
      chart->addSeries(e.series);
      e.series->attachAxis(ax);
      e.series->attachAxis(axis_of(a));
      it = entries.emplace(id, e).first;
    } else if (it->second.axis != a) {
      it->second.series->detachAxis(axis_of(it->second.axis));
      it->second.axis = a;
      it->second.series->attachAxis(axis_of(a));
    }
    if (it->second.name != name) {
      it->second.name = name;
      it->second.series->setName(name);
    }
    seen[id] = true;
    order.push_back(id);
    return it->second;
  };

  for (const auto& l : f_lines) {
    Entry& e = upsert(l.id, l.name, l.axis, false);
    // Default (bevel) joins: round joins on a dense polyline cost the stroker an arc per vertex.
    QPen pen(l.color, l.width * scale, l.style);
    if (e.series->pen() != pen) e.series->setPen(pen);
    auto pts = decimate_minmax(l.x, l.y, x0, x1, cols, filter);
    drop_flat_runs(pts);
    e.drawn = to_list(pts, l.axis);
    e.series->replace(e.drawn);
    if (e.legend != int(l.legend)) {  // (each change relayouts the legend)
      for (QLegendMarker* m : chart->legend()->markers(e.series)) m->setVisible(l.legend);
      e.legend = int(l.legend);
    }
  }
  for (const auto& p : f_points) {
    Entry& e = upsert(p.id, p.name, p.axis, true);
    auto* s = static_cast<QScatterSeries*>(e.series);
    if (s->color() != p.color) s->setColor(p.color);
    const double size = p.size * std::min(scale, 1.15);  // big type, but markers must not hide the curve
    if (s->markerSize() != size) s->setMarkerSize(size);
    if (s->borderColor() != Qt::white) s->setBorderColor(Qt::white);
    e.drawn = to_list(decimate_minmax(p.x, p.y, x0, x1, cols, filter), p.axis);
    s->replace(e.drawn);
    if (e.legend != 0) {
      for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
      e.legend = 0;
    }
  }
  for (auto it = entries.begin(); it != entries.end();) {
    if (!seen.count(it->first)) {
      chart->removeSeries(it->second.series);
      delete it->second.series;
      it = entries.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& r : refs) grow(r.axis, r.y);

  // As many y ticks as labels fit one above the other, with a line of air
  // between them (a CJK font's lines are tall), at most five.
  int y_ticks = 5;
  if (const double h = chart->plotArea().height(); h > 0)
    y_ticks = std::clamp(static_cast<int>(h / (QFontMetricsF(ay->labelsFont()).height() * 2.0)), 2, 5);

  if (fixed_left) {
    y0 = fixed_left->first;
    y1 = fixed_left->second;
  } else if (zoom) {
    y0 = (*zoom)[2];
    y1 = (*zoom)[3];
  } else {
    std::tie(y0, y1) = padded(lmin, lmax);
    if (!log) {  // snap to ticks: steadier axes, fewer relayouts
      const double iv = nice_interval(y1 - y0, y_ticks);
      y0 = std::floor(y0 / iv) * iv;
      y1 = std::ceil(y1 / iv) * iv;
    }
  }
  if (log && y0 <= 0) y0 = std::max(1e-6, y1 * 1e-3);
  set_axis_range(ay, y0, y1, fixed_left ? 2 : y_ticks);
  if (ay2) {
    std::tie(y20, y21) = padded(rmin, rmax);
    if (log && y20 <= 0) y20 = std::max(1e-6, y21 * 1e-3);
    set_axis_range(ay2, y20, y21, fixed_left ? 2 : y_ticks);
  }
  f_lines.clear();
  f_points.clear();
  place_items();
  update_readout();
}

void LossChart::Impl::place_items() {
  const QRectF pa = chart->plotArea();
  auto line_item = [&](std::vector<QGraphicsLineItem*>& pool, std::size_t i) {
    while (pool.size() <= i) {
      auto* it = new QGraphicsLineItem(chart);
      it->setZValue(20);
      pool.push_back(it);
    }
    return pool[i];
  };
  auto back_item = [&](std::vector<QGraphicsRectItem*>& pool, std::size_t i) {
    while (pool.size() <= i) {
      auto* it = new QGraphicsRectItem(chart);
      it->setZValue(20.5);
      it->setPen(Qt::NoPen);
      it->setBrush(QColor(255, 255, 255, 215));
      pool.push_back(it);
    }
    return pool[i];
  };
  auto fit_back = [](QGraphicsRectItem* b, QGraphicsSimpleTextItem* t) {
    b->setVisible(t->isVisible());
    if (t->isVisible()) b->setRect(t->mapRectToParent(t->boundingRect()).adjusted(-2, 0, 2, 0));
  };
  auto text_item = [&](std::vector<QGraphicsSimpleTextItem*>& pool, std::size_t i) {
    while (pool.size() <= i) {
      auto* it = new QGraphicsSimpleTextItem(chart);
      it->setZValue(21);
      QFont f = it->font();
      f.setPointSizeF(9.5 * scale);
      f.setBold(true);
      it->setFont(f);
      pool.push_back(it);
    }
    return pool[i];
  };

  // Markers, sorted by x; labels in up to three rows, skipped where they would overlap.
  std::vector<std::size_t> idx(markers.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return markers[a].x < markers[b].x; });
  std::array<double, 3> row_end{-1e18, -1e18, -1e18};
  std::size_t used = 0;
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const Marker& m = markers[idx[k]];
    QGraphicsLineItem* li = line_item(marker_lines, k);
    QGraphicsSimpleTextItem* ti = text_item(marker_labels, k);
    const double x = px(m.x);
    const bool inside = std::isfinite(x) && x >= pa.left() - 0.5 && x <= pa.right() + 0.5;
    li->setVisible(inside);
    ti->setVisible(false);
    if (!inside) continue;
    QColor mc = m.color;
    mc.setAlpha(170);
    li->setPen(QPen(mc, 2.0 * scale));  // solid: dashed pens are slow in the raster engine
    li->setLine(x, pa.top(), x, pa.bottom());
    ti->setText(m.label);
    ti->setBrush(m.color.darker(115));
    const double w = ti->boundingRect().width(), h = ti->boundingRect().height();
    double lx = x + 3;
    if (lx + w > pa.right()) lx = x - 3 - w;
    for (std::size_t r = 0; r < row_end.size(); ++r) {
      if (lx > row_end[r] + 4) {
        ti->setPos(lx, pa.top() + 2 + static_cast<double>(r) * h);
        ti->setVisible(true);
        row_end[r] = lx + w;
        break;
      }
    }
    used = k + 1;
  }
  for (std::size_t k = 0; k < idx.size(); ++k) fit_back(back_item(marker_backs, k), marker_labels[k]);
  for (std::size_t k = idx.size(); k < marker_backs.size(); ++k) marker_backs[k]->setVisible(false);
  for (std::size_t k = idx.size(); k < marker_lines.size(); ++k) marker_lines[k]->setVisible(false);
  for (std::size_t k = idx.size(); k < marker_labels.size(); ++k) marker_labels[k]->setVisible(false);
  (void)used;

  for (std::size_t k = 0; k < refs.size(); ++k) {
    const RefLine& r = refs[k];
    QGraphicsLineItem* li = line_item(ref_lines, k);
    QGraphicsSimpleTextItem* ti = text_item(ref_labels, k);
    const bool ok = std::isfinite(r.y) && (!log || r.y > 0);
    const double y = ok ? py(r.y, r.axis) : kNaN;
    const bool inside = ok && y >= pa.top() - 0.5 && y <= pa.bottom() + 0.5;
    li->setVisible(inside && r.line);
    ti->setVisible(inside);
    if (!inside) continue;
    QPen rp(r.color, 1.5 * scale, Qt::CustomDashLine);
    rp.setDashPattern({5, 4});
    li->setPen(rp);
    li->setLine(pa.left(), y, pa.right(), y);
    ti->setText(r.label);
    ti->setBrush(r.color.darker(130));
    // Above the line at the right end, unless a marker's label is there:
    // then below it, or at the left end.
    const QRectF b = ti->boundingRect();
    const QPointF spots[] = {{pa.right() - b.width() - 4, y - b.height() - 1},
                             {pa.right() - b.width() - 4, y + 1},
                             {pa.left() + 4, y - b.height() - 1}};
    QPointF best = spots[0];
    for (const QPointF& p : spots) {
      const QRectF r(p, b.size());
      bool clash = false;
      for (auto* ml : marker_labels) clash |= ml->isVisible() && ml->mapRectToParent(ml->boundingRect()).intersects(r);
      if (!clash && pa.contains(r)) {
        best = p;
        break;
      }
    }
    ti->setPos(best);
  }
  for (std::size_t k = 0; k < refs.size(); ++k) fit_back(back_item(ref_backs, k), ref_labels[k]);
  for (std::size_t k = refs.size(); k < ref_backs.size(); ++k) ref_backs[k]->setVisible(false);
  for (std::size_t k = refs.size(); k < ref_lines.size(); ++k) ref_lines[k]->setVisible(false);
  for (std::size_t k = refs.size(); k < ref_labels.size(); ++k) ref_labels[k]->setVisible(false);

  if (!hover_line) {
    hover_line = new QGraphicsLineItem(chart);
    hover_line->setZValue(30);
    hover_line->setPen(QPen(QColor(0, 0, 0, 110), 1.0));
  }
  const double hx = std::isfinite(hover_x) ? px(hover_x) : kNaN;
  const bool hv = std::isfinite(hx) && hx >= pa.left() && hx <= pa.right();
  hover_line->setVisible(hv);
  if (hv) hover_line->setLine(hx, pa.top(), hx, pa.bottom());
}

void LossChart::Impl::update_readout() {
  if (!std::isfinite(hover_x) || !has_points()) {
    readout->hide();
    readout->clear();
    return;
  }
  QStringList rows;
  rows << QStringLiteral("<b>x = %1</b>").arg(fmt(hover_x));
  for (const QString& id : order) {
    const Entry& e = entries.at(id);
    if (e.drawn.isEmpty() || e.name.isEmpty()) continue;
    // Nearest drawn point by x.
    auto it = std::lower_bound(e.drawn.begin(), e.drawn.end(), hover_x,
                               [](const QPointF& p, double x) { return p.x() < x; });
    const QPointF* best = nullptr;
    if (it != e.drawn.end()) best = &*it;
    if (it != e.drawn.begin()) {
      const QPointF* prev = &*(it - 1);
      if (!best || std::fabs(prev->x() - hover_x) <= std::fabs(best->x() - hover_x)) best = prev;
    }
    if (!best) continue;
    // Points (validation) only when close to the cursor, in pixels.
    if (e.points && std::fabs(px(best->x()) - px(hover_x)) > 12) continue;
    QColor c = e.points ? static_cast<QScatterSeries*>(e.series)->color() : e.series->pen().color();
    c.setAlpha(255);
    rows << QStringLiteral("<span style='color:%1'>&#9632;</span> %2: %3")
                .arg(c.name(), e.name.toHtmlEscaped(), fmt(best->y()));
  }
  readout->setText(rows.join(QStringLiteral("<br>")));
  readout->adjustSize();
  const QRectF pa = chart->plotArea();
  const QPoint tl = view->mapFromScene(chart->mapToScene(pa.topLeft()));
  // Keep the read-out away from the cursor: left side, or right when hovering the left half.
  const double hx = px(hover_x);
  int left = tl.x() + 8;
  if (hx < pa.center().x()) left = view->mapFromScene(chart->mapToScene(pa.topRight())).x() - readout->width() - 8;
  readout->move(left, tl.y() + 8);
  readout->show();
  readout->raise();
}

// --- mouse ---
void ChartView::mousePressEvent(QMouseEvent* e) {
  // Never passed to QChartView (QTBUG-118669): we handle what we need.
  e->accept();
  if (e->button() == Qt::RightButton) {
    owner_->q->reset_zoom();
    return;
  }
  if (e->button() != Qt::LeftButton) return;
  const QPointF c = owner_->chart->mapFromScene(mapToScene(e->position().toPoint()));
  if (!owner_->chart->plotArea().contains(c) || !owner_->has_points()) return;  // nothing to do here
  origin_ = e->position().toPoint();
  if (!band_) band_ = new QRubberBand(QRubberBand::Rectangle, viewport());
  band_->setGeometry(QRect(origin_, QSize()));
  band_->show();
  dragging_ = true;
}

void ChartView::mouseMoveEvent(QMouseEvent* e) {
  e->accept();
  if (dragging_ && band_) band_->setGeometry(QRect(origin_, e->position().toPoint()).normalized());
  const QPointF c = owner_->chart->mapFromScene(mapToScene(e->position().toPoint()));
  const bool in = owner_->chart->plotArea().contains(c);
  emit owner_->q->hovered(in ? owner_->data_x(c.x()) : kNaN);
}

void ChartView::mouseReleaseEvent(QMouseEvent* e) {
  e->accept();
  if (e->button() != Qt::LeftButton || !dragging_) return;
  dragging_ = false;
  const QRect r = band_ ? band_->geometry() : QRect();
  if (band_) band_->hide();
  if (r.width() < 6 || r.height() < 6) return;  // a click, not a drag
  const QRectF pa = owner_->chart->plotArea();
  const QPointF a = owner_->chart->mapFromScene(mapToScene(r.topLeft()));
  const QPointF b = owner_->chart->mapFromScene(mapToScene(r.bottomRight()));
  const double ax = std::clamp(a.x(), pa.left(), pa.right()), bx = std::clamp(b.x(), pa.left(), pa.right());
  const double ay = std::clamp(a.y(), pa.top(), pa.bottom()), by = std::clamp(b.y(), pa.top(), pa.bottom());
  owner_->q->zoom_to(owner_->data_x(ax), owner_->data_x(bx), owner_->data_y(by), owner_->data_y(ay));
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* e) {
  e->accept();
  owner_->q->reset_zoom();
}

void ChartView::leaveEvent(QEvent* e) {
  QChartView::leaveEvent(e);
  emit owner_->q->hovered(kNaN);
}

// --- LossChart ---
LossChart::LossChart(const QString& title, const QString& y_title, QWidget* parent)
    : QWidget(parent), d_(std::make_unique<Impl>(this)) {
  d_->chart = new QChart;
  d_->chart->setTitle(title);
  QFont tf = d_->chart->titleFont();
  tf.setPointSizeF(13);
  tf.setBold(true);
  d_->chart->setTitleFont(tf);
  d_->chart->setAnimationOptions(QChart::NoAnimation);
  d_->chart->setMargins(QMargins(4, 2, 4, 2));
  d_->chart->setBackgroundRoundness(0);
  d_->chart->legend()->setAlignment(Qt::AlignTop);
  QFont lf = d_->chart->legend()->font();
  lf.setPointSizeF(11);
  d_->chart->legend()->setFont(lf);
  d_->ax = new QValueAxis;
  d_->ax->setLabelFormat("%g");
  d_->ax->setRange(0.0, 1.0);
  d_->ax->setTickInterval(0.25);
  d_->ax->setTickType(QValueAxis::TicksDynamic);
  d_->ax->setTickAnchor(0.0);
  d_->style_axis(d_->ax, tr("step"));
  d_->chart->addAxis(d_->ax, Qt::AlignBottom);
  d_->y_title = y_title;
  d_->ay = d_->make_y_axis(y_title, Qt::AlignLeft);

  d_->view = new ChartView(d_->chart, d_.get());
  d_->readout = new QLabel(d_->view->viewport());
  d_->readout->setTextFormat(Qt::RichText);
  d_->readout->setAttribute(Qt::WA_TransparentForMouseEvents);
  d_->readout->setStyleSheet(QStringLiteral(
      "QLabel { background: rgba(255,255,255,230); border: 1px solid #999; border-radius: 4px; padding: 4px;"
      " font-size: 10pt; }"));
  d_->readout->hide();
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  lay->addWidget(d_->view);

  connect(d_->chart, &QChart::plotAreaChanged, this, [this](const QRectF&) {
    d_->place_items();
    if (!d_->in_frame && d_->columns() != d_->frame_columns)
      QTimer::singleShot(0, this, [this] {
        if (d_->columns() != d_->frame_columns) emit redrawNeeded();
      });
  });
}

LossChart::~LossChart() = default;

void LossChart::set_x_title(const QString& title) { d_->ax->setTitleText(title); }
void LossChart::set_title(const QString& title) { d_->chart->setTitle(title); }
QString LossChart::title() const { return d_->chart->title(); }
void LossChart::set_y_title(const QString& title) {
  d_->y_title = title;
  d_->ay->setTitleText(title);
}
void LossChart::set_scale(double scale) {
  if (scale == d_->scale) return;
  d_->scale = scale;
  d_->apply_scale();
  emit redrawNeeded();
}
double LossChart::scale() const { return d_->scale; }

void LossChart::set_right_axis(const QString& title) {
  d_->y2_title = title;
  if (!d_->ay2) d_->ay2 = d_->make_y_axis(title, Qt::AlignRight);
  else d_->ay2->setTitleText(title);
}

void LossChart::set_log_y(bool on) {
  if (on == d_->log) return;
  d_->log = on;
  d_->zoom.reset();
  d_->rebuild_y_axes();
  emit redrawNeeded();
}
bool LossChart::log_y() const { return d_->log; }
void LossChart::set_legend_visible(bool on) { d_->chart->legend()->setVisible(on); }
void LossChart::set_legend_alignment(Qt::Alignment a) { d_->chart->legend()->setAlignment(a); }
void LossChart::set_fixed_left_range(double lo, double hi) { d_->fixed_left = std::pair{lo, hi}; }

void LossChart::begin_frame() {
  d_->in_frame = true;
  d_->f_lines.clear();
  d_->f_points.clear();
  d_->markers.clear();
  d_->refs.clear();
}
void LossChart::add(const Line& line) { d_->f_lines.push_back(line); }
void LossChart::add(const Points& points) { d_->f_points.push_back(points); }
void LossChart::add(const Marker& marker) { d_->markers.push_back(marker); }
void LossChart::add(const RefLine& ref) { d_->refs.push_back(ref); }
void LossChart::end_frame() { d_->end_frame(); }

void LossChart::reset_zoom() {
  if (!d_->zoom) return;
  d_->zoom.reset();
  emit redrawNeeded();
}
bool LossChart::zoomed() const { return d_->zoom.has_value(); }
void LossChart::zoom_to(double x0, double x1, double y0, double y1) {
  if (!(x1 > x0) || !(y1 > y0) || !std::isfinite(x0 + x1 + y0 + y1)) return;
  d_->zoom = std::array<double, 4>{x0, x1, y0, y1};
  emit redrawNeeded();
}

void LossChart::hover_at(double x) {
  d_->hover_x = x;
  d_->place_items();
  d_->update_readout();
}
QString LossChart::hover_text() const { return d_->readout->isVisible() ? d_->readout->text() : QString(); }

void LossChart::render_chart(QPainter* painter, const QRectF& target) const {
  d_->readout->hide();  // the hover read-out is for the screen only
  d_->chart->scene()->render(painter, target, d_->chart->sceneBoundingRect(), Qt::IgnoreAspectRatio);
}

int LossChart::plot_columns() const { return d_->frame_columns; }
std::pair<double, double> LossChart::x_range() const { return {d_->x0, d_->x1}; }
std::pair<double, double> LossChart::y_range() const { return {d_->y0, d_->y1}; }
QStringList LossChart::series_ids() const {
  QStringList out;
  for (const auto& [id, e] : d_->entries) out << id;
  return out;
}
QList<QPointF> LossChart::drawn_points(const QString& id) const {
  auto it = d_->entries.find(id);
  return it == d_->entries.end() ? QList<QPointF>{} : it->second.series->points();
}
int LossChart::marker_count() const { return static_cast<int>(d_->markers.size()); }
int LossChart::ref_line_count() const { return static_cast<int>(d_->refs.size()); }
QWidget* LossChart::view() const { return d_->view->viewport(); }

}  // namespace losslab::ui
