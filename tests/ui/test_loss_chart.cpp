// SPDX-License-Identifier: GPL-3.0-or-later
// Our chart class over Qt Charts: decimation on screen, non-finite values,
// log axis, the click guard, zoom, hover read-out, markers.
#include <QtTest>
#include <chrono>
#include <cmath>

#include "ui/loss_chart.hpp"

using losslab::ui::LossChart;

class TestLossChart : public QObject {
  Q_OBJECT

  std::vector<double> x_, y_;

  void frame(LossChart& c, int n_markers = 0) {
    c.begin_frame();
    c.add(LossChart::Line{"run/raw", "run raw", x_, y_, QColor(0, 114, 178, 60), 1.0, Qt::SolidLine, false});
    c.add(LossChart::Line{"run/smooth", "run", x_, y_, QColor(0, 114, 178), 2.5});
    for (int i = 0; i < n_markers; ++i) c.add(LossChart::Marker{x_.size() * (i + 1.0) / (n_markers + 1), "λ=0.5", Qt::red});
    c.add(LossChart::RefLine{std::log(96.0), "ln V", Qt::gray});
    c.end_frame();
  }

 private slots:
  void init() {
    const int n = 300'000;
    x_.resize(n);
    y_.resize(n);
    for (int i = 0; i < n; ++i) x_[i] = i + 1, y_[i] = 4.0 * std::exp(-i / 50000.0) + 0.3 * std::sin(i * 0.37);
  }

  void decimatesToPixelColumns() {
    LossChart c("LM loss", "loss");
    c.resize(900, 500);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    const auto t0 = std::chrono::steady_clock::now();
    frame(c);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    qInfo("frame of 2 x 300k points: %.1f ms, %d columns", ms, c.plot_columns());
    QVERIFY(ms < 500);
    const int cols = c.plot_columns();
    QVERIFY(cols > 300 && cols < 900);
    const auto [x0, x1] = c.x_range();
    for (const QString& id : c.series_ids()) {
      const auto pts = c.drawn_points(id);
      QVERIFY(pts.size() > 0);
      QVERIFY(pts.size() <= 2 * cols + 2);
      std::vector<int> per(cols, 0);
      for (const auto& p : pts) {
        const int col = std::clamp(int(std::floor((p.x() - x0) / (x1 - x0) * cols)), 0, cols - 1);
        QVERIFY2(++per[col] <= 2, qPrintable(QString("column %1 of %2").arg(col).arg(id)));
      }
    }
    QCOMPARE(c.ref_line_count(), 1);
  }

  void nonFiniteNeverBreaksAxes() {
    y_[10] = NAN;
    y_[20] = INFINITY;
    y_[30] = -INFINITY;
    LossChart c("CE loss", "loss");
    c.resize(600, 400);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    frame(c);
    const auto [lo, hi] = c.y_range();
    QVERIFY(std::isfinite(lo) && std::isfinite(hi) && hi > lo && hi < 10);
    for (const auto& p : c.drawn_points("run/smooth")) QVERIFY(std::isfinite(p.y()));
    // Log axis with zeros and negative values: they are skipped, the axis stays positive.
    y_[40] = 0.0;
    y_[50] = -1.0;
    c.set_log_y(true);
    frame(c);
    QVERIFY(c.log_y());
    QVERIFY(c.y_range().first > 0);
    for (const auto& p : c.drawn_points("run/smooth")) QVERIFY(p.y() > 0);
  }

  void clicksOnEmptyChartAreSafe() {
    LossChart c("empty", "loss");
    c.resize(500, 300);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    c.begin_frame();
    c.end_frame();
    // QTBUG-118669: a left click where nothing is drawn crashed QChartView in 6.4.2.
    for (QPoint p : {QPoint(5, 5), QPoint(250, 150), QPoint(490, 290)}) {
      QTest::mouseClick(c.view(), Qt::LeftButton, {}, p);
      QTest::mouseDClick(c.view(), Qt::LeftButton, {}, p);
      QTest::mouseClick(c.view(), Qt::RightButton, {}, p);
    }
    frame(c);
    QTest::mouseClick(c.view(), Qt::LeftButton, {}, QPoint(3, 3));  // outside the plot area
    QTest::mouseClick(c.view(), Qt::LeftButton, {}, QPoint(250, 150));
    QVERIFY(!c.zoomed());
  }

  void rubberBandZoomAndReset() {
    LossChart c("total", "loss");
    c.resize(800, 500);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    connect(&c, &LossChart::redrawNeeded, this, [&] { frame(c); });
    frame(c);
    const auto full = c.x_range();
    QWidget* vp = c.view();
    QTest::mousePress(vp, Qt::LeftButton, {}, QPoint(300, 200));
    QTest::mouseMove(vp, QPoint(400, 300));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, QPoint(400, 300));
    QVERIFY(c.zoomed());
    const auto z = c.x_range();
    QVERIFY(z.first > full.first && z.second < full.second);
    // Decimation follows the zoom: still at most two points per column of the zoomed range.
    QVERIFY(c.drawn_points("run/smooth").size() <= 2 * c.plot_columns() + 2);
    QTest::mouseDClick(vp, Qt::LeftButton, {}, QPoint(350, 250));
    QVERIFY(!c.zoomed());
    QCOMPARE(c.x_range(), full);
  }

  void hoverShowsEverySeries() {
    LossChart c("LM loss", "loss");
    c.resize(800, 500);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    frame(c, 3);
    QCOMPARE(c.marker_count(), 3);
    c.hover_at(150000);
    const QString t = c.hover_text();
    QVERIFY2(t.contains("run raw") && t.contains("run:"), qPrintable(t));
    c.hover_at(NAN);
    QVERIFY(c.hover_text().isEmpty());
    // The mouse drives it through the hovered signal.
    double seen = NAN;
    connect(&c, &LossChart::hovered, this, [&](double x) { if (std::isfinite(x)) seen = x; });
    // (QTest::mouseMove without a button moves the cursor, which the offscreen platform ignores.)
    QMouseEvent move(QEvent::MouseMove, QPointF(400, 250), c.view()->mapToGlobal(QPointF(400, 250)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(c.view(), &move);
    QVERIFY(std::isfinite(seen) && seen > c.x_range().first && seen < c.x_range().second);
  }
};

QTEST_MAIN(TestLossChart)
#include "test_loss_chart.moc"
