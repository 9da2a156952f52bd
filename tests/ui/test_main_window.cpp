// SPDX-License-Identifier: GPL-3.0-or-later
// The main window driving real (tiny) sessions, offscreen: sliders act on the
// live run at the next step and leave a marker; charts receive points while
// training; every drawn series stays within two points per pixel column;
// transport from buttons and shortcuts; errors and divergence in the window;
// closing with a live run asks to save.
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>
#include <cmath>

#include "losslab/session.hpp"
#include "ui/chart_panel.hpp"
#include "ui/controls_panel.hpp"
#include "ui/experiment_file.hpp"
#include "ui/file_actions.hpp"
#include "ui/live_slider.hpp"
#include "ui/loss_chart.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/run_list_panel.hpp"
#include "ui/run_manager.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

RunSettings tiny() {
  RunSettings s;
  s.data = "builtin:en?n=400";
  s.model.n_layer = 1;
  s.model.n_head = 2;
  s.model.n_embd = 16;
  s.model.block_size = 32;
  s.batch_size = 8;
  s.warmup_steps = 0;
  s.schedule = Schedule::Constant;
  s.eval_interval = 10;
  s.eval_batches = 1;
  s.steps = 1'000'000;
  s.threads = 1;
  return s;
}

std::vector<StepRecord> records(Run& r) {
  std::vector<StepRecord> out;
  r.session->metrics()->steps.read_since(0, out);
  return out;
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

  std::unique_ptr<MainWindow> w_;
  Run* run_ = nullptr;

  Run* add_tiny(const QString& name, RunSettings s = tiny()) {
    auto data = w_->runs().dataset(s);
    const int id = w_->runs().add(std::make_unique<Session>(s, data), name);
    w_->run_list()->select(id);
    return w_->runs().find(id);
  }
  void step_and_wait(const QString& action = "step") {
    w_->action(action)->trigger();
    run_->session->wait_idle();
    sync();
  }
  // Reads the runs and draws every chart now (the live path draws them one per event-loop turn).
  void sync() {
    w_->refresh();
    w_->charts()->redraw();
  }

 private slots:
  void init() {
    MainWindowOptions o;
    o.create_initial_run = false;
    w_ = std::make_unique<MainWindow>(o);
    w_->resize(1600, 1000);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    QApplication::setActiveWindow(w_.get());
    run_ = add_tiny("tiny");
    QVERIFY(run_);
    w_->refresh();
  }
  void cleanup() {
    w_->set_close_prompt([] { return QMessageBox::Discard; });
    w_.reset();
    run_ = nullptr;
  }

  void showsTitledWindow() { QVERIFY(w_->windowTitle().contains("LossLab")); }

  void eachSliderActsAtTheNextStepAndAddsAMarker() {
    step_and_wait();  // one step at the initial settings
    struct Case {
      const char* key;
      int pos;
    };
    for (Case c : {Case{"lambda", 800}, Case{"eps", 300}, Case{"lr", 700}}) {
      LiveSlider* s = w_->controls()->slider(c.key);
      QVERIFY(s);
      const int markers = w_->charts()->chart(ChartPanel::kLm)->marker_count();
      const double want = s->to_value(c.pos);
      QVERIFY(std::fabs(want - get_setting(run_->session->settings(), c.key).get<double>()) > 1e-6);
      s->slider()->setValue(c.pos);  // as a drag does
      QTest::qWait(120);  // the throttled edit reaches the session (at once, or within 80 ms)
      step_and_wait();
      const auto recs = records(*run_);
      const StepRecord& last = recs.back();
      const double got = std::string(c.key) == "lambda" ? last.lambda : std::string(c.key) == "eps" ? last.eps : last.lr;
      QVERIFY2(std::fabs(got - want) < 1e-6 * std::max(1.0, want), qPrintable(QString("%1: %2 vs %3").arg(c.key).arg(got).arg(want)));
      const auto ev = run_->session->events();
      QVERIFY(!ev.empty());
      QCOMPARE(QString::fromStdString(ev.back().key), QString(c.key));
      QCOMPARE(ev.back().step, last.step);  // applied at the step right after the move
      QVERIFY(w_->charts()->chart(ChartPanel::kLm)->marker_count() > markers);
      QVERIFY(w_->charts()->chart(ChartPanel::kStrip)->marker_count() > markers);
      // The big label shows the value.
      QVERIFY(!s->value_label()->text().isEmpty());
    }
  }

  void spinBoxGivesAnExactValue() {
    LiveSlider* s = w_->controls()->slider("lambda");
    s->spin_box()->setValue(0.37);
    QTest::qWait(120);
    step_and_wait();
    QVERIFY(std::fabs(records(*run_).back().lambda - 0.37f) < 1e-6);
    QCOMPARE(s->slider()->value(), s->to_pos(0.37));
  }

  void chartsReceivePointsWhileTraining() {
    const int before = w_->charts()->redraws();
    w_->action("play")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w_->charts()->chart(ChartPanel::kLm)->drawn_points("r1/smooth").size() > 20, 8000);
    QTRY_VERIFY(w_->charts()->chart(ChartPanel::kLm)->drawn_points("r1/val").size() >= 1);
    for (auto k : {ChartPanel::kCe, ChartPanel::kTotal, ChartPanel::kAccuracy, ChartPanel::kStrip})
      QVERIFY(!w_->charts()->chart(k)->series_ids().isEmpty());
    QVERIFY(w_->charts()->redraws() > before);
    QCOMPARE(run_->session->state(), SessionState::Running);
    w_->action("play")->trigger();  // pause
    run_->session->wait_idle();
    QCOMPARE(run_->session->state(), SessionState::Paused);
  }

  void drawnSeriesStayWithinTwoPointsPerPixelColumn() {
    run_->session->step_n(3000);
    QTRY_VERIFY_WITH_TIMEOUT(run_->session->state() == SessionState::Paused && run_->session->step() >= 3000, 9000);
    sync();
    for (LossChart* c : w_->charts()->charts()) {
      const int cols = c->plot_columns();
      QVERIFY(cols > 100);
      const auto [x0, x1] = c->x_range();
      for (const QString& id : c->series_ids()) {
        const auto pts = c->drawn_points(id);
        QVERIFY2(pts.size() <= 2 * cols + 2, qPrintable(id));
        std::vector<int> per(cols, 0);
        for (const auto& p : pts) {
          if (p.x() < x0 || p.x() > x1) continue;
          const int col = std::clamp(int(std::floor((p.x() - x0) / (x1 - x0) * cols)), 0, cols - 1);
          QVERIFY2(++per[col] <= 2, qPrintable(id));
        }
      }
    }
    // 3000 steps on fewer pixel columns than that: decimation did something.
    QVERIFY(w_->charts()->chart(ChartPanel::kLm)->drawn_points("r1/raw").size() < 3000);
  }

  void transportFromButtonsAndShortcuts() {
    auto* tb = w_->findChild<QToolBar*>("transport");
    QVERIFY(tb);
    auto button = [&](const char* name) { return qobject_cast<QToolButton*>(tb->widgetForAction(w_->action(name))); };
    // Step: the button, then Right and S.
    QTest::mouseClick(button("step"), Qt::LeftButton);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 1);
    QTest::keyClick(w_.get(), Qt::Key_Right);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 2);
    QTest::keyClick(w_.get(), Qt::Key_S);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 3);
    // Step N.
    w_->step_n_box()->setValue(5);
    QTest::mouseClick(button("step_n"), Qt::LeftButton);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 8);
    QTest::keyClick(w_.get(), Qt::Key_N);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 13);
    // Step LM only / CE only: one step each with lambda forced, logged.
    QTest::keyClick(w_.get(), Qt::Key_L);
    run_->session->wait_idle();
    QTest::mouseClick(button("step_ce"), Qt::LeftButton);
    run_->session->wait_idle();
    auto recs = records(*run_);
    QCOMPARE(recs.size(), 15u);
    QCOMPARE(recs[13].lambda, 1.0f);
    QVERIFY(recs[13].flags & kStepLmOnly);
    QCOMPARE(recs[14].lambda, 0.0f);
    QVERIFY(recs[14].flags & kStepCeOnly);
    // Play and pause: Space, then the button.
    QTest::keyClick(w_.get(), Qt::Key_Space);
    QTRY_COMPARE(run_->session->state(), SessionState::Running);
    QTRY_COMPARE(w_->action("play")->text(), QString("Pause"));
    QTest::mouseClick(button("play"), Qt::LeftButton);
    run_->session->wait_idle();
    QCOMPARE(run_->session->state(), SessionState::Paused);
    QTest::keyClick(w_.get(), Qt::Key_Space);
    QTRY_COMPARE(run_->session->state(), SessionState::Running);
    QTest::keyClick(w_.get(), Qt::Key_Space);
    run_->session->wait_idle();
    QCOMPARE(run_->session->state(), SessionState::Paused);
    QVERIFY(run_->session->step() > 15);
    // Reset: Ctrl+R, then the button; the charts start afresh.
    QTest::keyClick(w_.get(), Qt::Key_R, Qt::ControlModifier);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 0);
    w_->refresh();
    QCOMPARE(run_->history.size(), 0u);
    step_and_wait();
    QTest::mouseClick(button("reset"), Qt::LeftButton);
    run_->session->wait_idle();
    QCOMPARE(run_->session->step(), 0);
  }

  void severalRunsOverlayWithDistinctColours() {
    Run* b = add_tiny("second");
    QVERIFY(b->color != run_->color);
    run_->session->step_n(5);
    b->session->step_n(5);
    run_->session->wait_idle();
    b->session->wait_idle();
    sync();
    const QStringList ids = w_->charts()->chart(ChartPanel::kTotal)->series_ids();
    QVERIFY(ids.contains(QString("r%1/smooth").arg(run_->id)));
    QVERIFY(ids.contains(QString("r%1/smooth").arg(b->id)));
    QCOMPARE(w_->run_list()->tree()->topLevelItemCount(), 2);
    // Hiding a run removes its curves.
    w_->run_list()->tree()->topLevelItem(1)->setCheckState(0, Qt::Unchecked);
    QVERIFY(!w_->charts()->chart(ChartPanel::kTotal)->series_ids().contains(QString("r%1/smooth").arg(b->id)));
  }

  void forkDuplicateRenameDelete() {
    run_->session->step_n(7);
    run_->session->wait_idle();
    int added = -1;
    connect(&w_->runs(), &RunManager::runAdded, this, [&](int id) { added = id; });
    emit w_->run_list()->forkRequested(run_->id);  // the Fork button
    QTRY_VERIFY_WITH_TIMEOUT(added > 0, 8000);
    Run* fork = w_->runs().find(added);
    QCOMPARE(fork->session->step(), 7);  // the copy continues from the same state
    QVERIFY(fork->name().contains("fork"));
    added = -1;
    emit w_->run_list()->duplicateRequested(run_->id);
    QTRY_VERIFY_WITH_TIMEOUT(added > 0, 8000);
    QCOMPARE(w_->runs().find(added)->session->step(), 0);  // the same settings, from the start
    QCOMPARE(w_->runs().runs().size(), 3u);
    emit w_->run_list()->renamed(run_->id, "baseline");
    QCOMPARE(run_->name(), QString("baseline"));
    const int dup = added;
    emit w_->run_list()->deleteRequested(dup);  // no steps yet: no question asked
    QCOMPARE(w_->runs().runs().size(), 2u);
    QVERIFY(!w_->runs().find(dup));
  }

  void logAxisAndTokensAxis() {
    run_->session->step_n(20);
    run_->session->wait_idle();
    sync();
    const double steps_end = w_->charts()->chart(ChartPanel::kLm)->x_range().second;
    w_->charts()->set_x_by_tokens(true);
    const double tokens_end = w_->charts()->chart(ChartPanel::kLm)->x_range().second;
    QVERIFY(tokens_end >= run_->history.tokens.back());
    QVERIFY(tokens_end > 10 * steps_end);
    w_->charts()->set_log_y(true);
    QVERIFY(w_->charts()->chart(ChartPanel::kLm)->log_y());
    QVERIFY(w_->charts()->chart(ChartPanel::kLm)->y_range().first > 0);
    QVERIFY(!w_->charts()->chart(ChartPanel::kLm)->drawn_points("r1/smooth").isEmpty());
  }

  void badDataFileShowsAMessage() {
    RunSettings s = tiny();
    s.data = "/nonexistent/reviews.csv";
    w_->runs().create_async(s, "bad");
    QTRY_VERIFY_WITH_TIMEOUT(w_->error_bar()->isVisible(), 5000);
    QVERIFY2(w_->error_bar()->text().contains("reviews.csv"), qPrintable(w_->error_bar()->text()));
    QVERIFY(!w_->error_bar()->buttons().isEmpty());  // says what to do
    QCOMPARE(w_->runs().runs().size(), 1u);
    // "Use built-in English" starts the run with the same settings and the built-in data.
    QPushButton* fix = nullptr;
    for (QPushButton* b : w_->error_bar()->buttons())
      if (b->text().contains("built-in")) fix = b;
    QVERIFY(fix);
    fix->click();
    QTRY_COMPARE_WITH_TIMEOUT(w_->runs().runs().size(), 2u, 8000);
    QCOMPARE(w_->runs().runs().back()->session->settings().data, std::string("builtin:en"));
    QCOMPARE(w_->runs().runs().back()->session->settings().model.n_embd, 16);
  }

  void divergenceShowsMarkerAndMessage() {
    step_and_wait();
    // Poison one weight: the next loss is non-finite and the guard stops the run.
    run_->session->run_on_worker_for_test([](Trainer& t) { t.mutable_params()[0] = NAN; });
    step_and_wait();
    QCOMPARE(run_->session->state(), SessionState::Diverged);
    QTRY_VERIFY(w_->error_bar()->isVisible());
    QVERIFY(w_->error_bar()->text().contains("diverged"));
    bool marker = false;
    for (const auto& e : run_->history.events) marker |= e.kind == "divergence";
    QVERIFY(marker);
    // Axes survive: the y range is finite.
    const auto [lo, hi] = w_->charts()->chart(ChartPanel::kLm)->y_range();
    QVERIFY(std::isfinite(lo) && std::isfinite(hi));
  }

  void nonLiveSettingWaitsForAResetAndOffersIt() {
    w_->controls()->model_box()->setCurrentIndex(1);
    emit w_->controls()->model_box()->activated(1);  // "Small"
    QVERIFY(run_->pending.has_value());
    QCOMPARE(run_->pending->model.n_layer, 2);
    QVERIFY(w_->info_bar()->isVisible());
    QVERIFY(w_->info_bar()->text().contains("reset"));
    QCOMPARE(run_->session->settings().model.n_layer, 1);  // not yet
  }

  void closingWithALiveRunAsksToSave() {
    step_and_wait();
    int asked = 0;
    w_->set_close_prompt([&] {
      ++asked;
      return QMessageBox::Cancel;
    });
    QVERIFY(!w_->close());
    QCOMPARE(asked, 1);
    QTemporaryDir dir;
    w_->set_close_prompt([] { return QMessageBox::Save; });
    w_->files()->set_file_prompt([](const QString&) { return QString(); });  // the file chooser cancelled: stays open
    QVERIFY(!w_->close());
    const QString file = dir.filePath("closing.losslab");
    w_->files()->set_file_prompt([&](const QString&) { return file; });
    QVERIFY(w_->close());
    QVERIFY(QFileInfo(file).size() > 0);  // every run, in the experiment file
    QTemporaryDir staging;
    const LoadedExperiment back = load_experiment(file.toStdString(), staging.path().toStdString());
    QCOMPARE(back.manifest.runs.size(), std::size_t(1));
    QCOMPARE(back.sessions[0]->step(), run_->session->step());
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
