// SPDX-License-Identifier: GPL-3.0-or-later
// The File menu's files, offscreen, with real (tiny) sessions: a run trained
// in the window with live changes made through its sliders is reproduced
// byte for byte by `losslab-cli train --replay`; an experiment file brings
// every run back (names, colours, settings, event logs, curves, steps) and a
// continued run equals one that never stopped; bad files give a message and
// change nothing; autosave and the crash-restore offer; recent files; the
// window layout remembered.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QDoubleSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <fstream>

#include "losslab/session.hpp"
#include "losslab/settings_file.hpp"
#include "ui/controls_panel.hpp"
#include "ui/experiment_file.hpp"
#include "ui/file_actions.hpp"
#include "ui/live_slider.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/run_list_panel.hpp"
#include "ui/run_manager.hpp"

using namespace losslab;
using namespace losslab::ui;
using json = nlohmann::json;

namespace {

RunSettings tiny(uint64_t seed = 1337, double lambda = 0.5) {
  RunSettings s;
  s.data = "builtin:en?n=400";
  s.model.n_layer = 1;
  s.model.n_head = 2;
  s.model.n_embd = 16;
  s.model.block_size = 32;
  s.batch_size = 8;
  s.warmup_steps = 3;
  s.eval_interval = 5;
  s.eval_batches = 1;
  s.steps = 1'000'000;
  s.threads = 1;
  s.seed = seed;
  s.lambda = lambda;
  return s;
}

std::vector<StepRecord> steps_of(Run& r) {
  std::vector<StepRecord> out;
  r.session->metrics()->steps.read_since(0, out);
  return out;
}
std::vector<EvalRecord> evals_of(Run& r) {
  std::vector<EvalRecord> out;
  r.session->metrics()->evals.read_since(0, out);
  return out;
}

// Field by field, floats by their bits (records have padding, so no memcmp of
// whole records). wall_s, the wall clock, is not part of a run's numbers.
template <typename T>
bool bits_equal(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}
bool same_step(const StepRecord& a, const StepRecord& b, bool with_wall = false) {
  return a.step == b.step && a.tokens == b.tokens && a.flags == b.flags && bits_equal(a.loss, b.loss) &&
         bits_equal(a.lm_loss, b.lm_loss) && bits_equal(a.ce_loss, b.ce_loss) && bits_equal(a.lm_nll, b.lm_nll) &&
         bits_equal(a.accuracy, b.accuracy) && bits_equal(a.grad_norm, b.grad_norm) && bits_equal(a.lr, b.lr) &&
         bits_equal(a.lambda, b.lambda) && bits_equal(a.eps, b.eps) && (!with_wall || bits_equal(a.wall_s, b.wall_s));
}
bool same_eval(const EvalRecord& a, const EvalRecord& b) {
  return a.step == b.step && bits_equal(a.loss, b.loss) && bits_equal(a.lm_loss, b.lm_loss) &&
         bits_equal(a.ce_loss, b.ce_loss) && bits_equal(a.lm_nll, b.lm_nll) && bits_equal(a.ppl, b.ppl) &&
         bits_equal(a.accuracy, b.accuracy) && bits_equal(a.ece, b.ece) &&
         bits_equal(a.smoothed_floor_lm, b.smoothed_floor_lm) && bits_equal(a.smoothed_floor_ce, b.smoothed_floor_ce);
}

QByteArray read_all(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestExperimentFiles : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  std::unique_ptr<MainWindow> window() {
    MainWindowOptions o;
    o.create_initial_run = false;
    auto w = std::make_unique<MainWindow>(o);
    w->resize(1400, 900);
    w->show();
    w->files()->set_confirm_prompt([](const QString&) { return true; });
    return w;
  }
  static Run* add(MainWindow& w, const QString& name, const RunSettings& s) {
    const int id = w.runs().add(std::make_unique<Session>(s, w.runs().dataset(s)), name);
    w.run_list()->select(id);
    return w.runs().find(id);
  }
  static void steps(MainWindow& w, Run* r, int n) {
    w.run_list()->select(r->id);
    w.step_n_box()->setValue(n);
    w.action("step_n")->trigger();
    r->session->wait_idle();
    w.refresh();
  }
  // Moves a live control as a user types into its box; the change reaches the session.
  static void set_live(MainWindow& w, const char* key, double v) {
    LiveSlider* s = w.controls()->slider(key);
    QVERIFY(s);
    s->spin_box()->setValue(v);
    QTest::qWait(120);  // the throttled edit is sent within 80 ms
  }
  static void close_discarding(std::unique_ptr<MainWindow>& w) {
    w->set_close_prompt([] { return QMessageBox::Discard; });
    w->close();
    w.reset();
  }
  void prompt(MainWindow& w, const QString& path) {
    w.files()->set_file_prompt([path](const QString&) { return path; });
  }
  static bool wait_signal(QSignalSpy& spy, int ms = 20000) { return spy.count() > 0 || spy.wait(ms); }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // never the user's settings or autosaves
    QCoreApplication::setOrganizationName("LossLabTest");
    QCoreApplication::setApplicationName("test_experiment_files");
    QSettings().clear();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QVERIFY(tmp_.isValid());
  }

  // The acceptance test of issue 7: GUI run -> settings.json -> CLI replay, bitwise.
  void guiRunReplaysBitwiseInTheCli() {
    auto w = window();
    Run* r = add(*w, "replayed", tiny());
    steps(*w, r, 12);
    set_live(*w, "lambda", 0.8);
    set_live(*w, "lr", 0.002);
    steps(*w, r, 9);
    QCOMPARE(r->session->step(), 21);
    const auto events = r->session->events();
    QCOMPARE(events.size(), std::size_t(2));  // the two live changes, at step 12
    QCOMPARE(events[0].step, 12);
    QCOMPARE(steps_of(*r).back().lambda, 0.8f);

    const QString settings = tmp_.filePath("gui-settings.json"), csv = tmp_.filePath("gui-metrics.csv");
    prompt(*w, settings);
    w->files()->action("save_settings")->trigger();
    prompt(*w, csv);
    w->files()->action("export_metrics")->trigger();
    QVERIFY(QFile::exists(settings) && QFile::exists(csv));

    QProcess cli;
    const QString out = tmp_.filePath("cli-out");
    cli.start(LOSSLAB_CLI_PATH, {"train", "--replay", settings, "--quiet", "--out", out});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QByteArray gui_bytes = read_all(csv), cli_bytes = read_all(out + "/metrics.csv");
    QCOMPARE(gui_bytes.count('\n'), 22);  // header + 21 steps
    QVERIFY2(gui_bytes == cli_bytes, "the CLI replay's metrics.csv differs from the GUI's");
    close_discarding(w);
  }

  void experimentRoundTripBringsEveryRunBack() {
    auto a = window();
    Run* r1 = add(*a, "first", tiny(1337, 0.5));
    Run* r2 = add(*a, "second", tiny(7, 0.2));
    steps(*a, r1, 8);
    a->run_list()->select(r1->id);
    set_live(*a, "lambda", 0.9);
    steps(*a, r1, 6);
    steps(*a, r2, 11);
    r2->visible = false;
    RunSettings pending = r2->session->settings();
    pending.model.n_layer = 2;
    r2->pending = pending;
    a->run_list()->select(r1->id);

    const QString file = tmp_.filePath("two-runs.losslab");
    prompt(*a, file);
    QSignalSpy saved(a->files(), &FileActions::experimentSaved);
    QElapsedTimer gui_part;
    gui_part.start();
    a->files()->action("save_experiment")->trigger();  // sessions saved here; packed on a worker
    qInfo("GUI thread busy %lld ms saving two runs", static_cast<long long>(gui_part.elapsed()));
    QVERIFY(wait_signal(saved));
    QCOMPARE(saved.first().at(1).toString(), QString());
    QCOMPARE(a->files()->experiment_path(), file);
    QVERIFY(a->windowTitle().contains("two-runs.losslab"));

    auto b = window();
    QSignalSpy opened(b->files(), &FileActions::experimentOpened);
    b->files()->open_path(file);
    QVERIFY(wait_signal(opened));
    QCOMPARE(opened.first().at(1).toString(), QString());
    QCOMPARE(b->runs().runs().size(), std::size_t(2));
    for (std::size_t i = 0; i < 2; ++i) {
      Run& x = *a->runs().runs()[i];
      Run& y = *b->runs().runs()[i];
      QCOMPARE(y.name(), x.name());
      QCOMPARE(y.color, x.color);
      QCOMPARE(y.visible, x.visible);
      QCOMPARE(y.session->state(), SessionState::Paused);
      QCOMPARE(y.session->step(), x.session->step());
      QCOMPARE(settings_to_json(y.session->settings()), settings_to_json(x.session->settings()));
      QCOMPARE(y.session->replay_json(), x.session->replay_json());  // start settings, options, event log
      const auto xs = steps_of(x), ys = steps_of(y);
      QCOMPARE(ys.size(), xs.size());
      for (std::size_t k = 0; k < xs.size(); ++k) QVERIFY(same_step(xs[k], ys[k], /*with_wall=*/true));
      const auto xe = evals_of(x), ye = evals_of(y);
      QCOMPARE(ye.size(), xe.size());
      for (std::size_t k = 0; k < xe.size(); ++k) QVERIFY(same_eval(xe[k], ye[k]));
      QVERIFY(!xe.empty());
      QCOMPARE(y.pending.has_value(), x.pending.has_value());
    }
    QCOMPARE(b->runs().runs()[1]->pending->model.n_layer, 2);
    QCOMPARE(b->current_run()->name(), QString("first"));
    b->refresh();
    QVERIFY(b->current_run()->history.size() == 14);  // the curves are back

    // Continuing one step equals continuing without the round trip.
    Run* x = a->runs().runs()[0].get();
    Run* y = b->runs().runs()[0].get();
    x->session->step_once();
    y->session->step_once();
    x->session->wait_idle();
    y->session->wait_idle();
    QVERIFY(same_step(steps_of(*x).back(), steps_of(*y).back()));
    QCOMPARE(steps_of(*y).back().step, 14);
    close_discarding(a);
    close_discarding(b);
  }

  void badExperimentFilesGiveAMessageAndChangeNothing() {
    auto w = window();
    Run* r = add(*w, "kept", tiny());
    steps(*w, r, 3);
    const QString good = tmp_.filePath("good.losslab");
    QSignalSpy saved(w->files(), &FileActions::experimentSaved);
    w->files()->save_experiment(good);
    QVERIFY(wait_signal(saved));
    const QByteArray bytes = read_all(good);

    auto try_open = [&](const QString& path, const QByteArray& content) {
      QFile f(path);
      f.open(QIODevice::WriteOnly);
      f.write(content);
      f.close();
      QSignalSpy opened(w->files(), &FileActions::experimentOpened);
      w->files()->open_experiment(path);
      if (!wait_signal(opened)) return QString("no answer");
      return opened.first().at(1).toString();
    };
    for (const auto& [name, content] :
         std::vector<std::pair<QString, QByteArray>>{{"garbage.losslab", QByteArray(5000, 'x')},
                                                     {"cut.losslab", bytes.left(bytes.size() / 2)},
                                                     {"empty.losslab", QByteArray()}}) {
      const QString err = try_open(tmp_.filePath(name), content);
      QVERIFY2(!err.isEmpty(), qPrintable(name));
      QCOMPARE(w->files()->bar()->level(), MessageBar::Level::Error);
      QVERIFY2(w->files()->bar()->text().contains(name), qPrintable(w->files()->bar()->text()));
      QCOMPARE(w->runs().runs().size(), std::size_t(1));  // nothing half-opened
      QCOMPARE(w->runs().runs()[0]->name(), QString("kept"));
    }
    // A file from a newer LossLab says so.
    QTemporaryDir staging;
    {
      std::ofstream(staging.filePath("manifest.json").toStdString())
          << R"({"schema": "losslab.experiment/2", "runs": []})";
    }
    const QString newer = tmp_.filePath("newer.losslab");
    pack_experiment(staging.path().toStdString(), newer.toStdString());
    QSignalSpy opened(w->files(), &FileActions::experimentOpened);
    w->files()->open_experiment(newer);
    QVERIFY(wait_signal(opened));
    QVERIFY2(w->files()->bar()->text().contains("newer version"), qPrintable(w->files()->bar()->text()));
    QCOMPARE(w->runs().runs().size(), std::size_t(1));
    close_discarding(w);
  }

  void badSettingsFileNamesEachFieldAndChangesNothing() {
    auto w = window();
    add(*w, "kept", tiny());
    const QString bad = tmp_.filePath("bad.json");
    {
      json j = {{"schema", "losslab.settings/1"},
                {"settings", {{"lambda", 2}, {"n_layer", "four"}, {"colour", 1}}},
                {"events", json::array({{{"step", 1}, {"kind", "teleport"}}})}};
      std::ofstream(bad.toStdString()) << j.dump();
    }
    w->files()->open_path(bad);
    const QString text = w->files()->bar()->text();
    for (const char* field : {"lambda", "n_layer", "colour", "events[0]"})
      QVERIFY2(text.contains(field), qPrintable(field + QString(" not in: ") + text));
    QTest::qWait(200);
    QCOMPARE(w->runs().runs().size(), std::size_t(1));
    QCOMPARE(w->runs().loading(), 0);

    const QString newer = tmp_.filePath("newer.json");
    std::ofstream(newer.toStdString()) << R"({"schema": "losslab.settings/2", "settings": {}})";
    w->files()->open_path(newer);
    QVERIFY(w->files()->bar()->text().contains("newer version"));
    close_discarding(w);
  }

  void settingsFileWithALogLetsTheUserChooseWhereToStart() {
    auto w = window();
    const QString path = tmp_.filePath("logged.json");
    {
      RunSettings s = tiny();
      json j = {{"schema", "losslab.settings/1"},
                {"settings", settings_to_json(s)},
                {"options", {{"snapshot_every", 10}, {"spike_factor", 0.0}, {"interaction_every", 0}}},
                {"events", json::array({{{"step", 4}, {"kind", "set"}, {"key", "lambda"}, {"old", 0.5}, {"new", 0.75}}})},
                {"end_step", 9}};
      std::ofstream(path.toStdString()) << j.dump();
    }
    w->files()->open_path(path);
    QVERIFY(w->files()->bar()->text().contains("losslab-cli train --replay"));
    QCOMPARE(w->runs().loading(), 0);  // nothing starts before the user chooses
    QPushButton* final_button = nullptr;
    for (QPushButton* b : w->files()->bar()->buttons())
      if (b->text().contains("final")) final_button = b;
    QVERIFY(final_button);
    final_button->click();
    QTRY_COMPARE_WITH_TIMEOUT(w->runs().runs().size(), std::size_t(1), 10000);
    Run* r = w->runs().runs()[0].get();
    QCOMPARE(r->session->settings().lambda, 0.75);
    QCOMPARE(r->session->options().snapshot_every, 10);  // the file's options are used
    QCOMPARE(r->name(), QString("logged"));
    QCOMPARE(w->files()->recent_files().value(0), QFileInfo(path).absoluteFilePath());
    close_discarding(w);
  }

  void droppingAFileOnTheWindowOpensIt() {
    auto w = window();
    const QString path = tmp_.filePath("dropped.json");
    std::ofstream(path.toStdString()) << settings_to_json(tiny(5, 0.3)).dump();  // a plain settings object
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at(w->width() / 2, w->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w.get(), &drop);
    QVERIFY(drop.isAccepted());
    QTRY_COMPARE_WITH_TIMEOUT(w->runs().runs().size(), std::size_t(1), 10000);
    QCOMPARE(w->runs().runs()[0]->session->settings().lambda, 0.3);
    QCOMPARE(w->runs().runs()[0]->session->settings().seed, 5u);
    QCOMPARE(w->runs().runs()[0]->session->step(), 0);  // paused, not trained
    close_discarding(w);
  }

  void autosaveAndCrashRestore() {
    QString leftover;
    {
      auto w = window();
      Run* r = add(*w, "autosaved", tiny());
      steps(*w, r, 5);
      QSignalSpy saved(w->files(), &FileActions::experimentSaved);
      w->files()->autosave_now();
      QVERIFY(wait_signal(saved));
      leftover = w->files()->autosave_file();
      QVERIFY(QFile::exists(leftover));
      QVERIFY(leftover.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
      w->files()->abandon_autosave_for_test();  // as a crash leaves it
      close_discarding(w);
    }
    QVERIFY(QFile::exists(leftover));
    auto w = window();  // the next start
    MessageBar* bar = w->files()->restore_bar();
    QVERIFY2(bar->text().contains("did not close cleanly"), qPrintable(bar->text()));
    QPushButton* restore = nullptr;
    for (QPushButton* b : bar->buttons())
      if (b->text() == "Restore") restore = b;
    QVERIFY(restore);
    QSignalSpy opened(w->files(), &FileActions::experimentOpened);
    restore->click();
    QVERIFY(wait_signal(opened));
    QCOMPARE(w->runs().runs().size(), std::size_t(1));
    QCOMPARE(w->runs().runs()[0]->name(), QString("autosaved"));
    QCOMPARE(w->runs().runs()[0]->session->step(), 5);
    QVERIFY(!QFile::exists(leftover));  // restored: the leftover is gone

    // An autosave while the run trains (saved at a step boundary); a clean
    // exit leaves no autosave behind, so the next start offers nothing.
    Run* r = w->runs().runs()[0].get();
    r->session->play();
    QTRY_VERIFY_WITH_TIMEOUT(r->session->step() >= 8, 10000);
    QSignalSpy saved(w->files(), &FileActions::experimentSaved);
    w->files()->autosave_now();
    QVERIFY(wait_signal(saved));
    QCOMPARE(saved.first().at(1).toString(), QString());
    r->session->pause();
    r->session->wait_idle();
    {
      QTemporaryDir staging;
      const LoadedExperiment back = load_experiment(w->files()->autosave_file().toStdString(), staging.path().toStdString());
      QCOMPARE(back.sessions.size(), std::size_t(1));
      const int64_t saved_step = back.sessions[0]->step();
      QVERIFY(saved_step >= 8 && saved_step <= r->session->step());
      std::vector<StepRecord> recs;
      back.sessions[0]->metrics()->steps.read_since(0, recs);
      QCOMPARE(static_cast<int64_t>(recs.size()), saved_step);  // a consistent cut: one record per step
      const auto live = steps_of(*r);
      QVERIFY(same_step(recs.back(), live[recs.size() - 1], /*with_wall=*/true));
    }
    const QString own = w->files()->autosave_file();
    QVERIFY(QFile::exists(own));
    close_discarding(w);
    QVERIFY(!QFile::exists(own));
    auto next = window();
    QVERIFY(next->files()->restore_bar()->text().isEmpty() || next->files()->restore_bar()->isHidden());
    QCOMPARE(next->files()->autosave_interval_ms(), 3 * 60 * 1000);  // the default
    close_discarding(next);
  }

  void recentFilesUpdateAndMissingOnesArePruned() {
    QSettings().remove("files/recent");
    auto w = window();
    Run* r = add(*w, "recent", tiny());
    steps(*w, r, 1);
    QStringList paths;
    for (int i = 0; i < 12; ++i) {
      paths << tmp_.filePath(QString("recent-%1.json").arg(i));
      QVERIFY(w->files()->save_settings(paths.back()));
    }
    QStringList recent = w->files()->recent_files();
    QCOMPARE(recent.size(), 10);  // at most ten, newest first
    QCOMPARE(recent.first(), QFileInfo(paths.last()).absoluteFilePath());
    QVERIFY(!recent.contains(QFileInfo(paths.first()).absoluteFilePath()));
    w->files()->save_settings(paths[5]);  // used again: back on top, once
    recent = w->files()->recent_files();
    QCOMPARE(recent.first(), QFileInfo(paths[5]).absoluteFilePath());
    QCOMPARE(recent.count(QFileInfo(paths[5]).absoluteFilePath()), 1);

    QFile::remove(paths[11]);
    emit w->files()->recent_menu()->aboutToShow();
    QVERIFY(!w->files()->recent_files().contains(QFileInfo(paths[11]).absoluteFilePath()));
    QVERIFY(w->files()->bar()->text().contains("recent-11.json"));
    int shown = 0;
    for (QAction* a : w->files()->recent_menu()->actions()) shown += a->data().toString().endsWith(".json");
    QCOMPARE(shown, 9);
    close_discarding(w);
  }

  void windowLayoutIsRemembered() {
    auto w = window();
    w->resize(1411, 877);
    QTest::qWait(50);
    w->close();  // no live run: closes at once and remembers the layout
    w.reset();
    auto again = window();
    again->files()->restore_layout();
    QCOMPARE(again->size(), QSize(1411, 877));
    close_discarding(again);
  }
};

QTEST_MAIN(TestExperimentFiles)
#include "test_experiment_files.moc"
