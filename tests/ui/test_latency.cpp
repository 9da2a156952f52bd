// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI thread never waits on training: while two small runs train at full
// speed and the charts redraw live, a 5 ms timer on the GUI thread is late by
// less than 50 ms at the 99th percentile.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QtTest>
#include <algorithm>
#include <ctime>

#include "losslab/session.hpp"
#include "ui/chart_panel.hpp"
#include "ui/loss_chart.hpp"
#include "ui/main_window.hpp"
#include "ui/run_manager.hpp"

using namespace losslab;
using namespace losslab::ui;

class TestLatency : public QObject {
  Q_OBJECT
 private slots:
  void eventLoopStaysResponsiveWhileTraining() {
    MainWindowOptions o;
    o.create_initial_run = false;
    MainWindow w(o);
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    RunSettings s;
    s.data = "builtin:en?n=400";
    s.model.n_layer = 1;
    s.model.n_head = 2;
    s.model.n_embd = 32;
    s.model.block_size = 32;
    s.batch_size = 8;
    s.eval_interval = 20;
    s.eval_batches = 1;
    s.steps = 10'000'000;
    // As the window creates runs: off the GUI thread (see RunManager::create_async).
    std::vector<Run*> runs;
    connect(&w.runs(), &RunManager::runAdded, this, [&](int id) { runs.push_back(w.runs().find(id)); });
    const int n_runs = qEnvironmentVariableIntValue("LOSSLAB_LATENCY_RUNS") > 0 ? qEnvironmentVariableIntValue("LOSSLAB_LATENCY_RUNS") : 2;
    for (int i = 0; i < n_runs; ++i) {
      s.seed = 1 + i;
      w.runs().create_async(s, QString("run %1").arg(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(runs.size(), std::size_t(n_runs), 8000);
    for (Run* r : runs) r->session->play();
    // Steady state: the series exist and the first evaluations are drawn.
    QTRY_VERIFY_WITH_TIMEOUT(w.charts()->redraws() >= 3 && runs[0]->history.v_step.size() >= 1, 8000);

    // Up to three 2-second windows; the best must meet the bound. A GUI
    // thread that really waits on training fails all three; a burst of
    // load from another process on this shared 2-core machine fails one.
    struct Window {
      double p50, p99, mx;
      std::size_t ticks;
      int redraws;
      int64_t steps;
    };
    auto measure = [&]() -> Window {
      std::vector<double> late;
      QElapsedTimer clock;
      clock.start();
      qint64 last = clock.nsecsElapsed();
      QTimer tick;
      tick.setTimerType(Qt::PreciseTimer);
      tick.setInterval(5);
      connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(std::max(0.0, (now - last) / 1e6 - 5.0));
        if (qEnvironmentVariableIsSet("LOSSLAB_DEBUG_LATENCY") && late.back() > 30)
          qInfo("late by %.1f ms at %.1f ms", late.back(), now / 1e6);
        last = now;
      });
      const int redraws0 = w.charts()->redraws();
      int64_t steps0 = 0;
      for (Run* r : runs) steps0 += r->session->step();
      auto cpu_ms = [] {
        timespec t;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
      };
      const double cpu0 = cpu_ms();
      tick.start();
      {
        QEventLoop loop;  // a real event loop, as the application runs (QTest::qWait sleeps between batches)
        QTimer::singleShot(2000, &loop, &QEventLoop::quit);
        loop.exec();
      }
      tick.stop();
      const double gui_busy = (cpu_ms() - cpu0) / 2000.0;
      const int redraws = w.charts()->redraws() - redraws0;
      int64_t steps = -steps0;
      for (Run* r : runs) steps += r->session->step();
      std::sort(late.begin(), late.end());
      if (late.empty()) late.push_back(1e9);
      const double p50 = late[late.size() / 2], p99 = late[late.size() * 99 / 100], mx = late.back();
      qInfo("event-loop lateness over 2 s: %zu ticks, p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d redraws; %lld steps; "
            "GUI thread busy %.0f%%",
            late.size(), p50, p99, mx, redraws, static_cast<long long>(steps), 100 * gui_busy);
      return {p50, p99, mx, late.size(), redraws, steps};
    };
    Window best = measure();
    for (int attempt = 1; attempt < 3 && best.p99 >= 50.0; ++attempt) {
      const Window w2 = measure();
      if (w2.p99 < best.p99) best = w2;
    }
    for (Run* r : runs) r->session->pause();
    for (Run* r : runs) r->session->wait_idle();

    QVERIFY(best.ticks > 100);   // the timer did tick
    QVERIFY(best.steps > 20);    // it did train
    QVERIFY(best.redraws >= 5);  // and the charts did redraw live
    QVERIFY(best.redraws <= 70); // coalesced: at most ~30 a second
    QVERIFY2(best.p99 < 50.0, qPrintable(QString("p99 lateness %1 ms").arg(best.p99)));
  }
};

QTEST_MAIN(TestLatency)
#include "test_latency.moc"
