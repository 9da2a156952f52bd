// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/series_math.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::ui {

double DebiasedEma::push(double v) {
  if (!std::isfinite(v)) return v;
  if (!have_first_) {
    first_ = v;
    have_first_ = true;
  }
  if (v != first_) constant_ = false;
  last_ = last_ * weight_ + (1.0 - weight_) * v;
  ++n_;
  debias_ *= weight_;
  if (constant_) return v;
  const double d = (weight_ == 1.0) ? 1.0 : 1.0 - debias_;
  return last_ / d;
}

void DebiasedEma::clear() { *this = DebiasedEma(weight_); }

std::vector<double> debiased_ema(std::span<const double> values, double weight) {
  DebiasedEma ema(weight);
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(ema.push(v));
  return out;
}

int pixel_column(double x, double x0, double x1, int columns) {
  if (!(x >= x0 && x <= x1) || columns <= 0) return -1;
  if (x1 <= x0) return 0;
  const double f = (x - x0) / (x1 - x0) * columns;
  return std::clamp(static_cast<int>(std::floor(f)), 0, columns - 1);
}

std::vector<PlotPoint> decimate_minmax(std::span<const double> x, std::span<const double> y, double x0,
                                       double x1, int columns, YFilter filter) {
  std::vector<PlotPoint> out;
  const std::size_t n = std::min(x.size(), y.size());
  if (n == 0 || columns <= 0 || !(x1 >= x0)) return out;
  auto ok = [&](std::size_t i) {
    const double v = y[i];
    if (!std::isfinite(v) || !std::isfinite(x[i])) return false;
    return filter == YFilter::Finite || v > 0.0;
  };
  const auto xs = x.subspan(0, n);
  std::size_t begin = static_cast<std::size_t>(std::lower_bound(xs.begin(), xs.end(), x0) - xs.begin());
  std::size_t end = static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x1) - xs.begin());
  out.reserve(std::min<std::size_t>(end - begin, 2 * static_cast<std::size_t>(columns)) + 2);

  // The nearest drawable point left of the range, so the line enters from the edge.
  for (std::size_t i = begin; i-- > 0;) {
    if (ok(i)) {
      out.push_back({x[i], y[i]});
      break;
    }
  }
  int col = -1;
  std::size_t imin = 0, imax = 0;
  bool have = false;
  auto flush = [&] {
    if (!have) return;
    const std::size_t a = std::min(imin, imax), b = std::max(imin, imax);
    out.push_back({x[a], y[a]});
    if (b != a) out.push_back({x[b], y[b]});
    have = false;
  };
  for (std::size_t i = begin; i < end; ++i) {
    if (!ok(i)) continue;
    const int c = pixel_column(x[i], x0, x1, columns);
    if (c != col) {
      flush();
      col = c;
      imin = imax = i;
      have = true;
    } else {
      if (y[i] < y[imin]) imin = i;
      if (y[i] > y[imax]) imax = i;
    }
  }
  flush();
  for (std::size_t i = end; i < n; ++i) {
    if (ok(i)) {
      out.push_back({x[i], y[i]});
      break;
    }
  }
  return out;
}

void drop_flat_runs(std::vector<PlotPoint>& pts) {
  if (pts.size() < 3) return;
  std::size_t w = 1;
  for (std::size_t i = 1; i + 1 < pts.size(); ++i) {
    if (pts[i].y == pts[i - 1].y && pts[i].y == pts[i + 1].y) continue;  // inside a flat run
    pts[w++] = pts[i];
  }
  pts[w++] = pts.back();
  pts.resize(w);
}

double smoothed_loss_floor(double eps, int K) {
  if (K <= 1) return 0.0;
  const double on = 1.0 - eps + eps / K;
  const double off = eps / K;
  double h = 0.0;
  if (on > 0.0) h -= on * std::log(on);
  if (off > 0.0) h -= (K - 1) * off * std::log(off);
  return h;
}

}  // namespace losslab::ui
