// SPDX-License-Identifier: GPL-3.0-or-later
// Plain numerics behind the charts, with no Qt: TensorBoard's debiased EMA,
// min/max-per-pixel-column decimation, and the floor of a smoothed loss.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace losslab::ui {

// TensorBoard's scalar smoothing ("debiased EMA"), fed one value at a time:
//   last = last * w + (1 - w) * v;  n += 1;  smoothed = last / (1 - w^n)
// with last starting at 0. Non-finite values pass through unsmoothed and do
// not touch the state. While every value so far equals the first one the
// output is that value exactly (TensorBoard's constant-series rule).
class DebiasedEma {
 public:
  explicit DebiasedEma(double weight = 0.6) : weight_(weight) {}
  double weight() const { return weight_; }
  double push(double v);
  void clear();

 private:
  double weight_;
  double last_ = 0.0;
  double debias_ = 1.0;  // w^n
  int64_t n_ = 0;
  bool constant_ = true;
  double first_ = 0.0;
  bool have_first_ = false;
};

// The smoothed copy of a whole series (the same as pushing each value).
std::vector<double> debiased_ema(std::span<const double> values, double weight);

struct PlotPoint {
  double x = 0, y = 0;
};

// Which points may be drawn at all.
enum class YFilter { Finite, FinitePositive };  // FinitePositive: for a log axis

// Reduces the points with x in [x0, x1] to at most two per pixel column (the
// minimum and the maximum of the column, in their original order), so a
// series of any length draws as fast as one of `columns` points. x must be
// sorted ascending. Points that may not be drawn (see YFilter) are skipped.
// The nearest drawable point just outside each end is kept too, so the line
// runs to the edge of the plot: at most 2 * columns + 2 points in all.
std::vector<PlotPoint> decimate_minmax(std::span<const double> x, std::span<const double> y, double x0,
                                       double x1, int columns, YFilter filter = YFilter::Finite);

// Drops the inner points of every run of equal y values (a flat stretch
// keeps its two ends), so constant settings and floors draw as a few
// segments. Dashed pens on long polylines are very slow in Qt's raster engine.
void drop_flat_runs(std::vector<PlotPoint>& pts);

// The pixel column of x in a plot of `columns` columns over [x0, x1], or -1
// when x lies outside. Shared by the decimator and its tests.
int pixel_column(double x, double x0, double x1, int columns);

// Entropy of the smoothed target q over K classes: the lowest value a
// cross-entropy with label smoothing eps can reach,
//   H(q) = -(1-eps+eps/K) log(1-eps+eps/K) - (K-1) (eps/K) log(eps/K).
double smoothed_loss_floor(double eps, int K);

}  // namespace losslab::ui
