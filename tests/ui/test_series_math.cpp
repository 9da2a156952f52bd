// SPDX-License-Identifier: GPL-3.0-or-later
// The plain numerics behind the charts: TensorBoard's debiased EMA, the
// min/max decimator, the smoothed-loss floor, and the GUI's run history.
#include <QtTest>
#include <cmath>
#include <random>

#include "ui/run_history.hpp"
#include "ui/series_math.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {
// TensorBoard's smoothing written out as its source does it, independently of DebiasedEma.
std::vector<double> tensorboard_smooth(const std::vector<double>& data, double w) {
  std::vector<double> out;
  double last = 0;
  int n = 0;
  bool constant = true;
  for (double v : data)
    if (v != data[0]) constant = false;
  for (double v : data) {
    if (constant || !std::isfinite(v)) {
      out.push_back(v);
      continue;
    }
    last = last * w + (1 - w) * v;
    ++n;
    out.push_back(last / (w == 1 ? 1.0 : 1 - std::pow(w, n)));
  }
  return out;
}
}  // namespace

class TestSeriesMath : public QObject {
  Q_OBJECT
 private slots:
  void emaMatchesTensorBoard() {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 0.3);
    std::vector<double> data;
    for (int i = 0; i < 500; ++i) data.push_back(3.0 * std::exp(-i / 100.0) + noise(rng));
    for (double w : {0.0, 0.6, 0.9, 0.999}) {
      const auto ours = debiased_ema(data, w);
      const auto ref = tensorboard_smooth(data, w);
      QCOMPARE(ours.size(), ref.size());
      for (std::size_t i = 0; i < ref.size(); ++i) QVERIFY2(std::fabs(ours[i] - ref[i]) < 1e-12, qPrintable(QString::number(i)));
    }
    // The first smoothed value is the first raw value (that is what the debiasing is for).
    QCOMPARE(debiased_ema(data, 0.6)[0], data[0]);
    // Weight 0 is no smoothing at all.
    QCOMPARE(debiased_ema(data, 0.0), data);
  }
  void emaConstantAndNonFinite() {
    std::vector<double> c(50, 0.7);
    for (double v : debiased_ema(c, 0.9)) QCOMPARE(v, 0.7);
    std::vector<double> d{1.0, 2.0, NAN, 3.0, INFINITY, 4.0};
    const auto s = debiased_ema(d, 0.6);
    const auto clean = debiased_ema(std::vector<double>{1.0, 2.0, 3.0, 4.0}, 0.6);
    QVERIFY(std::isnan(s[2]));
    QVERIFY(std::isinf(s[4]));
    QCOMPARE(s[3], clean[2]);  // non-finite values do not touch the state
    QCOMPARE(s[5], clean[3]);
  }
  void decimatorKeepsTwoPerColumn() {
    const int n = 1'000'000, cols = 777;
    std::vector<double> x(n), y(n);
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-1, 1);
    for (int i = 0; i < n; ++i) x[i] = i, y[i] = std::sin(i * 1e-4) + 0.1 * u(rng);
    y[12345] = NAN;
    y[500000] = 50.0;  // a spike must survive decimation
    const double x0 = 1000, x1 = 900000;
    const auto pts = decimate_minmax(x, y, x0, x1, cols);
    QVERIFY(pts.size() <= 2u * cols + 2);
    std::vector<int> per(cols, 0);
    std::vector<double> mn(cols, INFINITY), mx(cols, -INFINITY);
    for (int i = 0; i < n; ++i) {
      const int c = pixel_column(x[i], x0, x1, cols);
      if (c >= 0 && std::isfinite(y[i])) mn[c] = std::min(mn[c], y[i]), mx[c] = std::max(mx[c], y[i]);
    }
    std::vector<double> dmn(cols, INFINITY), dmx(cols, -INFINITY);
    int outside = 0;
    for (std::size_t k = 0; k < pts.size(); ++k) {
      QVERIFY(std::isfinite(pts[k].y));
      if (k) QVERIFY(pts[k].x > pts[k - 1].x);  // in order
      const int c = pixel_column(pts[k].x, x0, x1, cols);
      if (c < 0) {
        ++outside;
        continue;
      }
      ++per[c];
      dmn[c] = std::min(dmn[c], pts[k].y), dmx[c] = std::max(dmx[c], pts[k].y);
    }
    QCOMPARE(outside, 2);  // one point beyond each end
    for (int c = 0; c < cols; ++c) {
      QVERIFY(per[c] <= 2);
      QCOMPARE(dmn[c], mn[c]);  // the envelope is exact
      QCOMPARE(dmx[c], mx[c]);
    }
    bool spike = false;
    for (const auto& p : pts) spike |= (p.y == 50.0);
    QVERIFY(spike);
  }
  void decimatorFiltersForLogAxis() {
    std::vector<double> x{0, 1, 2, 3, 4}, y{1.0, 0.0, -2.0, NAN, 3.0};
    const auto a = decimate_minmax(x, y, 0, 4, 1000, YFilter::FinitePositive);
    QCOMPARE(a.size(), 2u);
    QCOMPARE(a[0].y, 1.0);
    QCOMPARE(a[1].y, 3.0);
    const auto b = decimate_minmax(x, y, 0, 4, 1000, YFilter::Finite);
    QCOMPARE(b.size(), 4u);
    QVERIFY(decimate_minmax({}, {}, 0, 1, 10).empty());
  }
  void flatRunsKeepTheirEnds() {
    std::vector<PlotPoint> p{{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 2}, {5, 3}, {6, 3}, {7, 3}};
    drop_flat_runs(p);
    std::vector<double> xs;
    for (auto& q : p) xs.push_back(q.x);
    QCOMPARE(xs, (std::vector<double>{0, 3, 4, 5, 7}));
    std::vector<PlotPoint> two{{0, 1}, {1, 1}};
    drop_flat_runs(two);
    QCOMPARE(two.size(), 2u);
  }
  void smoothedFloor() {
    QCOMPARE(smoothed_loss_floor(0.0, 4), 0.0);
    QVERIFY(std::fabs(smoothed_loss_floor(1.0, 96) - std::log(96.0)) < 1e-12);  // uniform q
    for (double eps : {0.05, 0.1, 0.3}) {
      for (int K : {2, 4, 96}) {
        double h = 0;
        for (int k = 0; k < K; ++k) {
          const double q = (1 - eps) * (k == 0) + eps / K;
          h -= q * std::log(q);
        }
        QVERIFY(std::fabs(smoothed_loss_floor(eps, K) - h) < 1e-12);
      }
    }
  }
  void runHistoryReadsNewRecordsAndGenerations() {
    auto logs = std::make_shared<MetricLogs>();
    RunHistory h(0.6);
    for (int i = 0; i < 10; ++i) {
      StepRecord r;
      r.step = i;
      r.tokens = 100 * (i + 1);
      r.loss = 3.0f - 0.1f * i;
      r.lm_loss = 4.0f;
      r.ce_loss = 1.0f;
      r.lambda = 0.5f;
      r.eps = 0.1f;
      logs->steps.push(r);
    }
    QVERIFY(h.update(logs, 96, 4));
    QCOMPARE(h.size(), 10u);
    QCOMPARE(h.step.front(), 1.0);  // x = updates done
    QCOMPARE(h.tokens.back(), 1000.0);
    QVERIFY(std::fabs(h.floor_lm[0] - smoothed_loss_floor(0.1, 96)) < 1e-6);
    QVERIFY(std::fabs(h.chance_total[0] - (0.5 * std::log(96.0) + 0.5 * std::log(4.0))) < 1e-6);
    QVERIFY(!h.update(logs, 96, 4));  // nothing new
    EvalRecord e;
    e.step = 5;
    e.loss = 2.0f;
    logs->evals.push(e);
    QVERIFY(h.update(logs, 96, 4));
    QCOMPARE(h.v_tokens.back(), 500.0);
    // Changing the smoothing weight recomputes from the full data, and continues from there.
    h.set_smoothing(0.9);
    const std::vector<double> raw(h.loss.begin(), h.loss.end());
    QCOMPARE(h.s_loss, debiased_ema(raw, 0.9));
    StepRecord r;
    r.step = 10;
    r.loss = 1.0f;
    logs->steps.push(r);
    h.update(logs, 96, 4);
    QCOMPARE(h.s_loss, debiased_ema(h.loss, 0.9));
    // A new generation starts the columns afresh.
    auto fresh = std::make_shared<MetricLogs>();
    QVERIFY(h.update(fresh, 96, 4));
    QCOMPARE(h.size(), 0u);
    QVERIFY(h.v_step.empty());
  }
  void eventsAfterLastReset() {
    RunHistory h;
    std::vector<SessionEvent> ev(4);
    ev[0].kind = "set";
    ev[1].kind = "reset";
    ev[2].kind = "set";
    ev[2].key = "lambda";
    ev[3].kind = "divergence";
    h.set_events(ev);
    QCOMPARE(h.events.size(), 2u);
    QCOMPARE(QString::fromStdString(h.events[0].key), QString("lambda"));
  }
};

QTEST_GUILESS_MAIN(TestSeriesMath)
#include "test_series_math.moc"
