// SPDX-License-Identifier: GPL-3.0-or-later
// One chart of ours around Qt Charts. Every Qt Charts type stays inside
// loss_chart.cpp, so a later move to Qt Graphs changes only that file.
//
// The owner draws a frame at a time: begin_frame(), then every line, point
// set, marker and reference line with views of its full-resolution data, then
// end_frame(). end_frame() decimates each series to the pixel columns on
// screen (at most two points per column) and replaces it in one call. Series
// not named in a frame are removed. When the view changes by itself (zoom,
// resize), the chart emits redrawNeeded() and the owner draws a new frame.
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

class QPainter;
#include <memory>
#include <span>

namespace losslab::ui {

class ChartView;

class LossChart : public QWidget {
  Q_OBJECT
 public:
  enum class Axis { Left, Right };

  struct Line {
    QString id;    // stable across frames (e.g. "run3/lm/raw")
    QString name;  // for the legend and the hover read-out
    std::span<const double> x, y;
    QColor color;
    qreal width = 2.0;
    Qt::PenStyle style = Qt::SolidLine;
    bool legend = true;  // an entry in the legend
    Axis axis = Axis::Left;
  };
  struct Points {
    QString id, name;
    std::span<const double> x, y;
    QColor color;
    qreal size = 9.0;
    Axis axis = Axis::Left;
  };
  struct Marker {  // a vertical line where a setting changed
    double x = 0;
    QString label;
    QColor color;
  };
  struct RefLine {  // a horizontal line across the plot (chance level, floors)
    double y = 0;
    QString label;
    QColor color;
    Axis axis = Axis::Left;
    bool line = true;  // false: only the label, at height y (e.g. naming a curve drawn as a Line)
  };

  explicit LossChart(const QString& title, const QString& y_title, QWidget* parent = nullptr);
  ~LossChart() override;

  void set_x_title(const QString& title);
  void set_title(const QString& title);
  QString title() const;
  void set_y_title(const QString& title);  // the left axis
  // Presentation mode: fonts, line widths and point sizes times `scale`, darker grid and labels.
  void set_scale(double scale);
  double scale() const;
  void set_right_axis(const QString& title);  // enables the second y axis
  void set_log_y(bool on);
  bool log_y() const;
  void set_legend_visible(bool on);
  void set_legend_alignment(Qt::Alignment a);
  void set_fixed_left_range(double lo, double hi);  // e.g. 0..1 for the settings strip

  void begin_frame();
  void add(const Line& line);
  void add(const Points& points);
  void add(const Marker& marker);
  void add(const RefLine& ref);
  void end_frame();

  void reset_zoom();
  bool zoomed() const;
  // Zooms to a data rectangle, as a rubber band would (for tests and keyboard use).
  void zoom_to(double x0, double x1, double y0, double y1);
  // The hover read-out: every drawn series' value at data x (NaN hides it).
  void hover_at(double x);
  QString hover_text() const;

  // Paints the chart (as laid out now) into `target` of any painter: the
  // scene itself, so SVG and PDF get vectors and every legend entry.
  void render_chart(QPainter* painter, const QRectF& target) const;

  // For tests: what is drawn now.
  int plot_columns() const;
  std::pair<double, double> x_range() const;
  std::pair<double, double> y_range() const;
  QStringList series_ids() const;
  QList<QPointF> drawn_points(const QString& id) const;
  int marker_count() const;
  int ref_line_count() const;
  QWidget* view() const;  // the widget that takes the mouse

 signals:
  void redrawNeeded();
  void hovered(double x);  // data x under the mouse; NaN when it leaves

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
  friend struct Impl;
  friend class ChartView;
};

}  // namespace losslab::ui
