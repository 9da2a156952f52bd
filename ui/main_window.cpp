// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "ui/advanced_panel.hpp"
#include "ui/chart_panel.hpp"
#include "ui/controls_panel.hpp"
#include "ui/file_actions.hpp"
#include "ui/glossary_dialog.hpp"
#include "ui/language.hpp"
#include "ui/export_menu.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/explain_panel.hpp"   // inspect docks (issue 8)
#include "ui/inspect_charts.hpp"  // inspect docks (issue 8)
#include "ui/inspect_panel.hpp"   // inspect docks (issue 8)
#include "ui/live_slider.hpp"
#include "ui/message_bar.hpp"
#include "ui/run_list_panel.hpp"
#include "ui/run_manager.hpp"

namespace losslab::ui {
namespace {

QString hms(double s) {
  if (!std::isfinite(s) || s < 0) return QStringLiteral("–");
  const long t = std::lround(s);
  if (t >= 3600) return QStringLiteral("%1:%2:%3").arg(t / 3600).arg(t / 60 % 60, 2, 10, QChar('0')).arg(t % 60, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QChar('0'));
}

QString si(double v) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  if (v >= 1e6) return QString::number(v / 1e6, 'f', 1) + "M";
  if (v >= 1e3) return QString::number(v / 1e3, 'f', 1) + "k";
  return QString::number(v, 'f', 0);
}

}  // namespace

RunSettings MainWindowOptions::default_gui_settings() {
  RunSettings s;  // the spec's defaults, with a model small enough to answer a slider within a step or two
  s.model.n_layer = 2;
  s.model.n_head = 4;
  s.model.n_embd = 64;
  return s;
}

MainWindow::MainWindow(QWidget* parent) : MainWindow(MainWindowOptions{}, parent) {}

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent), runs_(std::make_unique<RunManager>()), defaults_(options.settings) {
  setWindowTitle(tr("LossLab"));
  build_layout();
  build_actions();
  retranslate();

  charts_->set_source([this] {
    std::vector<RunView> v;
    for (const auto& r : runs_->runs()) v.push_back({r->id, r->name(), r->color, &r->history, r->visible});
    return v;
  });
  connect(runs_.get(), &RunManager::frame, this, &MainWindow::refresh);
  connect(runs_.get(), &RunManager::runAdded, this, [this, play = options.play](int id) mutable {
    refresh();
    run_list_->select(id);
    if (play) {
      play = false;
      if (Run* r = runs_->find(id)) r->session->play();
    }
  });
  connect(runs_.get(), &RunManager::runRemoved, this, [this] { refresh(); });
  connect(runs_.get(), &RunManager::loadFailed, this, [this](const QString& msg) {
    error_bar_->show_message(MessageBar::Level::Error,
                             tr("<b>Could not start the run.</b> %1<br>Check the file (CSV or TSV with a text and a "
                                "label column, fastText, a folder per class, or plain text), or choose another data "
                                "set.")
                                 .arg(msg.toHtmlEscaped()),
                             {{tr("Choose another file…"), [this] { import_data(); }},
                              {tr("Use built-in English"), [this] { start_with_data("builtin:en"); }}});
    refresh();
  });

  // A slow tick for what no training progress reports (pause, state, loaders).
  auto* tick = new QTimer(this);
  tick->setInterval(250);
  connect(tick, &QTimer::timeout, this, &MainWindow::refresh);
  tick->start();

  resize(1600, 1000);
  files_->restore_layout();
  files_->offer_crash_restore();
  if (options.create_initial_run) runs_->create_async(options.settings, tr("run 1"));
  run_counter_ = options.create_initial_run ? 1 : 0;
}

MainWindow::~MainWindow() {
  charts_->set_source({});
  runs_.reset();  // stop the sessions before the widgets go
}

void MainWindow::build_layout() {
  charts_ = new ChartPanel(this);
  error_bar_ = new MessageBar(this);
  info_bar_ = new MessageBar(this);
  auto* center = new QWidget(this);
  auto* cl = new QVBoxLayout(center);
  cl->setContentsMargins(0, 0, 0, 0);
  cl->setSpacing(2);
  cl->addWidget(error_bar_);
  cl->addWidget(info_bar_);
  cl->addWidget(charts_, 1);
  setCentralWidget(center);

  controls_ = new ControlsPanel(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(controls_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* controls_dock = controls_dock_ = new QDockWidget(this);
  controls_dock->setObjectName("controls_dock");
  controls_dock->setWidget(scroll);
  controls_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, controls_dock);

  run_list_ = new RunListPanel(this);
  auto* runs_dock = runs_dock_ = new QDockWidget(this);
  runs_dock->setObjectName("runs_dock");
  runs_dock->setWidget(run_list_);
  runs_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, runs_dock);
  resizeDocks({controls_dock}, {400}, Qt::Horizontal);
  resizeDocks({controls_dock, runs_dock}, {700, 260}, Qt::Vertical);
  build_lessons_dock();
  build_inspect_docks();  // inspect docks (issue 8)

  connect(controls_, &ControlsPanel::settingEdited, this, &MainWindow::on_setting_edited);
  connect(controls_, &ControlsPanel::importRequested, this, &MainWindow::import_data);
  connect(run_list_, &RunListPanel::selectionChanged, this, [this] {
    info_bar_->clear_message();
    refresh();
    show_pending_notice();
  });
  connect(run_list_, &RunListPanel::visibilityChanged, this, [this](int id, bool on) {
    if (Run* r = runs_->find(id); r && r->visible != on) {
      r->visible = on;
      charts_->redraw();
    }
  });
  connect(run_list_, &RunListPanel::renamed, this, [this](int id, const QString& name) {
    if (Run* r = runs_->find(id); r && !name.trimmed().isEmpty() && r->name() != name.trimmed()) {
      r->session->set_name(name.trimmed().toStdString());
      charts_->redraw();
    }
  });
  connect(run_list_, &RunListPanel::newRequested, this, [this] {
    Run* r = current_run();
    RunSettings s = r ? r->pending.value_or(r->session->settings()) : defaults_;
    runs_->create_async(s, tr("run %1").arg(++run_counter_));
  });
  connect(run_list_, &RunListPanel::duplicateRequested, this, [this](int id) {
    if (Run* r = runs_->find(id)) runs_->create_async(r->session->settings(), tr("%1 copy").arg(r->name()));
  });
  connect(run_list_, &RunListPanel::forkRequested, this, [this](int id) {
    if (Run* r = runs_->find(id)) runs_->fork_async(id, tr("%1 fork").arg(r->name()));
  });
  connect(run_list_, &RunListPanel::deleteRequested, this, [this](int id) {
    Run* r = runs_->find(id);
    if (!r) return;
    if (r->session->step() > 0 &&
        QMessageBox::question(this, tr("Delete run"), tr("Delete run \"%1\" and its curves?").arg(r->name())) !=
            QMessageBox::Yes)
      return;
    runs_->remove(id);
  });

  auto* sb = statusBar();
  auto label = [&] {
    auto* l = new QLabel(this);
    l->setMinimumWidth(90);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    l->setFont(f);
    sb->addPermanentWidget(l);
    return l;
  };
  st_state_ = label();
  st_step_ = label();
  st_speed_ = label();
  st_elapsed_ = label();
  st_eta_ = label();
  st_threads_ = label();
}

void MainWindow::build_actions() {
  auto* tb = addToolBar(tr("Transport"));
  tb->setObjectName("transport");
  tb->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
  tb->setIconSize(QSize(32, 32));
  QFont f = tb->font();
  f.setPointSizeF(f.pointSizeF() * 1.1);
  tb->setFont(f);
  // Texts are kept untranslated (QT_TR_NOOP) so retranslate() can set them again in another language.
  auto make = [&](const QString& name, QStyle::StandardPixmap icon, const char* text, const char* tip,
                  QList<QKeySequence> keys, auto fn) {
    auto* a = new QAction(style()->standardIcon(icon), QString(), this);
    a->setShortcuts(keys);
    action_texts_[a] = {text, tip};
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, fn);
    addAction(a);
    actions_[name] = a;
    return a;
  };
  auto each = [this](auto fn) {
    return [this, fn] {
      for (Run* r : selected_runs()) fn(*r);
      QTimer::singleShot(15, this, &MainWindow::refresh);
    };
  };
  tb->addAction(make("play", QStyle::SP_MediaPlay, QT_TR_NOOP("Play"), QT_TR_NOOP("Train the selected runs / pause them"),
                     {Qt::Key_Space}, [this] {
                       auto sel = selected_runs();
                       const bool any_running = std::any_of(sel.begin(), sel.end(), [](Run* r) {
                         return r->session->state() == SessionState::Running;
                       });
                       for (Run* r : sel) {
                         if (any_running) r->session->pause();
                         else if (r->session->state() == SessionState::Diverged) check_divergence(*r);
                         else r->session->play();
                       }
                       QTimer::singleShot(15, this, &MainWindow::refresh);
                     }));
  tb->addAction(make("step", QStyle::SP_MediaSeekForward, QT_TR_NOOP("Step"), QT_TR_NOOP("One training step"),
                     {Qt::Key_Right, Qt::Key_S}, each([](Run& r) { r.session->step_once(); })));
  tb->addAction(make("step_n", QStyle::SP_MediaSkipForward, QT_TR_NOOP("Step N"), QT_TR_NOOP("N training steps, then pause"),
                     {QKeySequence(Qt::SHIFT | Qt::Key_Right), Qt::Key_N},
                     each([this](Run& r) { r.session->step_n(step_n_box_->value()); })));
  step_n_box_ = new QSpinBox(this);
  step_n_box_->setRange(1, 100000);
  step_n_box_->setValue(10);
  tb->addWidget(step_n_box_);
  tb->addSeparator();
  tb->addAction(make("step_lm", QStyle::SP_ArrowUp, QT_TR_NOOP("Step LM only"),
                     QT_TR_NOOP("One step on the LM loss alone (λ = 1 for this step)"), {Qt::Key_L},
                     each([](Run& r) { r.session->step_lm_only(); })));
  tb->addAction(make("step_ce", QStyle::SP_ArrowDown, QT_TR_NOOP("Step CE only"),
                     QT_TR_NOOP("One step on the classification loss alone (λ = 0 for this step)"), {Qt::Key_C},
                     each([](Run& r) { r.session->step_ce_only(); })));
  tb->addSeparator();
  tb->addAction(make("reset", QStyle::SP_BrowserReload, QT_TR_NOOP("Reset"),
                     QT_TR_NOOP("Start the selected runs again from their seed (with any new data or model settings)"),
                     {QKeySequence(Qt::CTRL | Qt::Key_R)}, [this] { reset_selected(); }));
  tb->addSeparator();
  tb->addAction(make("new_run", QStyle::SP_FileIcon, QT_TR_NOOP("New run"),
                     QT_TR_NOOP("A new run with the current run's settings, trained alongside"),
                     {QKeySequence(QKeySequence::New)}, [this] { emit run_list_->newRequested(); }));
  make("save", QStyle::SP_DialogSaveButton, QT_TR_NOOP("Save runs…"), QT_TR_NOOP("Save every run into a folder"),
       {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S)}, [this] {
         const QString dir = dir_prompt_ ? dir_prompt_() : QFileDialog::getExistingDirectory(this, tr("Save runs into"));
         if (dir.isEmpty()) return;
         const QString err = save_runs(dir);
         if (!err.isEmpty()) show_error(err);
       });
  make("quit", QStyle::SP_DialogCloseButton, QT_TR_NOOP("Quit"), QT_TR_NOOP("Quit LossLab"), {QKeySequence(QKeySequence::Quit)},
       [this] { close(); });

  file_menu_ = menuBar()->addMenu(QString());
  auto* file = file_menu_;
  file->addAction(actions_["new_run"]);
  files_ = new FileActions(this);
  files_->add_to_menu(file);  // experiments, settings files, recent files, autosave
  file->addAction(actions_["save"]);
  export_menu_ = new ExportMenu(this);  // File ▸ Export (plots and metrics)
  file->addMenu(export_menu_);
  file->addSeparator();
  file->addAction(actions_["quit"]);
  run_menu_ = menuBar()->addMenu(QString());
  for (const char* n : {"play", "step", "step_n", "step_lm", "step_ce", "reset"}) run_menu_->addAction(actions_[n]);
  transport_ = tb;

  auto* presentation = make("presentation", QStyle::SP_DesktopIcon, QT_TR_NOOP("Presentation mode"),
                            QT_TR_NOOP("Full screen, large type, thick lines, advanced settings hidden: for a "
                                       "projector. F11 or Esc leaves it."),
                            {Qt::Key_F11}, [this] { set_presentation(!presentation_); });
  presentation->setCheckable(true);
  auto* leave = new QShortcut(QKeySequence(Qt::Key_Escape), this);
  connect(leave, &QShortcut::activated, this, [this] {
    if (presentation_) set_presentation(false);
  });
  make("glossary", QStyle::SP_DialogHelpButton, QT_TR_NOOP("Glossary"),
       QT_TR_NOOP("Loss, cross-entropy, label smoothing, perplexity, calibration, learning rate… in a few sentences each"),
       {QKeySequence(QKeySequence::HelpContents), Qt::Key_F1}, [this] {
         glossary()->show();
         glossary()->raise();
         glossary()->activateWindow();
       });
  make("about", QStyle::SP_MessageBoxInformation, QT_TR_NOOP("About LossLab"),
       QT_TR_NOOP("Version, licence and what LossLab is for"), {}, [this] {
         QMessageBox::about(this, tr("About LossLab"),
                            tr("<h3>LossLab %1</h3><p>Watch a small Transformer learn two tasks at once and see, "
                               "live, how the mixed loss L = λ·L<sub>LM</sub> + (1 − λ)·L<sub>CE</sub> behaves.</p>"
                               "<p>Free software under the GNU General Public License, version 3 or later. Built "
                               "with Qt, Eigen, oneTBB, nlohmann-json and libarchive.</p>")
                                .arg(QStringLiteral(LOSSLAB_VERSION)));
       });
  build_view_and_help_menus();
}

void MainWindow::build_view_and_help_menus() {
  view_menu_ = menuBar()->addMenu(QString());
  view_menu_->addAction(actions_["presentation"]);
  view_menu_->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly))
    view_menu_->addAction(d->toggleViewAction());  // the dock's title, in the language of the moment
  view_menu_->addSeparator();
  language_menu_ = view_menu_->addMenu(QString());
  auto* group = new QActionGroup(this);
  // Each language in its own words, so that someone who reads only that one can find it.
  const std::pair<QString, QString> names[] = {{QStringLiteral("en"), QStringLiteral("English")},
                                               {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
  for (const auto& [code, name] : names) {
    auto* a = language_menu_->addAction(name);
    a->setCheckable(true);
    a->setData(code);
    group->addAction(a);
    language_actions_[code] = a;
    connect(a, &QAction::triggered, this, [this, code = code] {
      if (!set_language(code)) {
        show_error(tr("The %1 translation is not built into this copy of LossLab.").arg(code));
        return;
      }
      if (!QCoreApplication::organizationName().isEmpty())  // unit tests leave the user's settings alone
        QSettings().setValue(QStringLiteral("ui/language"), code);
    });
  }
  help_menu_ = menuBar()->addMenu(QString());
  help_menu_->addAction(actions_["glossary"]);
  help_menu_->addSeparator();
  help_menu_->addAction(actions_["about"]);
}

GlossaryDialog* MainWindow::glossary() {
  if (!glossary_) glossary_ = new GlossaryDialog(this);
  return glossary_;
}

void MainWindow::set_presentation(bool on) {
  if (on == presentation_) return;
  presentation_ = on;
  if (on) {
    before_presentation_.geometry = saveGeometry();
    before_presentation_.state = saveState();
    before_presentation_.font = QApplication::font();
    before_presentation_.maximized = isMaximized();
    QFont big = before_presentation_.font;
    big.setPointSizeF(big.pointSizeF() * 1.35);
    QApplication::setFont(big);  // every widget without a font of its own follows
    controls_->advanced()->hide();
    runs_dock_->hide();  // the class watches curves; View ▸ Runs brings the list back
    // One column of tabs on the left (controls, lessons, …) leaves the charts the rest of a
    // 1280-pixel projector; restoreState() puts the docks back when presentation ends.
    QDockWidget* first_tab = controls_dock_;
    for (QDockWidget* d : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
      if (d == controls_dock_ || d == runs_dock_ || !d->isVisible() || d->isFloating()) continue;
      tabifyDockWidget(first_tab, d);
      first_tab = d;
    }
    controls_dock_->raise();  // the live sliders first; the other tabs are one click away
    resizeDocks({controls_dock_}, {390}, Qt::Horizontal);
    showFullScreen();
    // Without a window manager (a bare X server driving a projector) full screen is only a
    // request that nobody grants: then take the screen's size ourselves.
    QTimer::singleShot(400, this, [this] {
      if (QScreen* sc = screen(); sc && presentation_ && geometry() != sc->geometry()) setGeometry(sc->geometry());
    });
  } else {
    QFont normal = QApplication::font();  // the family may have changed with the language meanwhile
    normal.setPointSizeF(before_presentation_.font.pointSizeF());
    QApplication::setFont(normal);
    controls_->advanced()->show();
    if (before_presentation_.maximized) showMaximized();
    else showNormal();
    // Docks and window sizes come back once the layouts have taken in the smaller type.
    QTimer::singleShot(0, this, [this] {
      if (presentation_) return;
      restoreState(before_presentation_.state);
      restoreGeometry(before_presentation_.geometry);
    });
  }
  charts_->set_presentation(on);
  // Compact transport row: a projector has few lines to spare.
  transport_->setIconSize(on ? QSize(28, 28) : QSize(32, 32));
  transport_->setToolButtonStyle(on ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonTextUnderIcon);
  actions_["presentation"]->setChecked(on);
}

void MainWindow::retranslate() {
  setWindowTitle(tr("LossLab"));
  for (auto& [a, t] : action_texts_) {
    a->setText(tr(t.first));
    QStringList ks;
    for (const auto& k : a->shortcuts()) ks << k.toString(QKeySequence::NativeText);
    a->setToolTip(ks.isEmpty() ? tr(t.second) : QStringLiteral("%1 (%2)").arg(tr(t.second), ks.join(", ")));
  }
  if (transport_) transport_->setWindowTitle(tr("Transport"));
  if (file_menu_) file_menu_->setTitle(tr("&File"));
  if (run_menu_) run_menu_->setTitle(tr("&Run"));
  if (view_menu_) view_menu_->setTitle(tr("&View"));
  if (help_menu_) help_menu_->setTitle(tr("&Help"));
  if (step_n_box_) {
    step_n_box_->setToolTip(tr("N for Step N"));
    step_n_box_->setPrefix(tr("N = "));
  }
  if (controls_dock_) controls_dock_->setWindowTitle(tr("Controls"));
  if (lessons_dock_) lessons_dock_->setWindowTitle(tr("Lessons"));
  if (language_menu_) language_menu_->setTitle(tr("&Language"));
  if (language_menu_) language_menu_->setToolTip(tr("The language of the interface (remembered for the next start)"));
  for (auto& [code, a] : language_actions_) a->setChecked(code == current_language());
  if (runs_dock_) runs_dock_->setWindowTitle(tr("Runs"));
  st_state_->setToolTip(tr("State of the current run"));
  st_step_->setToolTip(tr("Steps done / steps planned"));
  st_speed_->setToolTip(tr("Training tokens per second (last few seconds)"));
  st_elapsed_->setToolTip(tr("Training time so far"));
  st_eta_->setToolTip(tr("Estimated time left to the planned steps"));
  st_threads_->setToolTip(tr("Worker threads the run uses"));
  update_play_action();
  update_status();
}

void MainWindow::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(e);
}

void MainWindow::build_lessons_dock() {
  lessons_ = new LessonPanel(*runs_, this);
  lessons_dock_ = new QDockWidget(tr("Lessons"), this);
  lessons_dock_->setObjectName("lessons_dock");
  lessons_dock_->setWidget(lessons_);
  lessons_dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                             QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::RightDockWidgetArea, lessons_dock_);
  resizeDocks({lessons_dock_}, {430}, Qt::Horizontal);
  // A lesson's runs take the stage: the runs already there pause (they would share the cores) and hide.
  lessons_->set_starter([this](const std::vector<LessonRun>& lesson_runs) {
    for (const auto& r : runs_->runs()) {
      r->session->pause();
      r->visible = false;
    }
    for (const LessonRun& r : lesson_runs)
      runs_->create_async(r.settings, QString::fromStdString(r.name), r.options, false);
    refresh();
  });
}

QAction* MainWindow::action(const QString& name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : it->second;
}

Run* MainWindow::current_run() {
  Run* r = runs_->find(run_list_->current_id());
  if (!r && !runs_->runs().empty()) r = runs_->runs().back().get();
  return r;
}

std::vector<Run*> MainWindow::selected_runs() {
  std::vector<Run*> out;
  for (int id : run_list_->selected_ids())
    if (Run* r = runs_->find(id)) out.push_back(r);
  if (out.empty())
    if (Run* r = current_run()) out.push_back(r);
  return out;
}

void MainWindow::refresh() {
  QElapsedTimer cost;
  cost.start();
  const bool changed = runs_->pull_all();
  if (changed) charts_->redraw_staggered();
  run_list_->refresh(*runs_);
  for (const auto& r : runs_->runs()) check_divergence(*r);
  if (Run* r = current_run()) {
    const RunSettings s = r->session->settings();
    controls_->show_settings(s, r->pending.value_or(s));
  } else {
    controls_->show_settings(defaults_, defaults_);
  }
  update_status();
  update_play_action();
  update_inspect_docks();  // inspect docks (issue 8)
  // Adaptive frame rate: reading, drawing and painting the charts may take
  // about a third of the GUI thread's time at most; the rest stays free for input.
  if (changed) {
    const double ms = cost.nsecsElapsed() / 1e6 + charts_->last_pass_ms();
    frame_ms_ = 0.7 * frame_ms_ + 0.3 * ms;
    runs_->set_frame_interval_ms(std::clamp(static_cast<int>(3 * frame_ms_), 33, 400));
  }
}

// ---- BEGIN inspect docks (issue 8) ----
// "Explain the loss" and "Inside the model", tabified on the right. They
// follow the current run; a hidden dock asks for nothing.
void MainWindow::build_inspect_docks() {
  auto dock = [this](QWidget* panel, const char* name, std::function<QString()> title) {
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* d = new RetranslatingDock(std::move(title), this);
    d->setObjectName(name);
    d->setWidget(scroll);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);  // as the other docks
    addDockWidget(Qt::RightDockWidgetArea, d);
    return d;
  };
  explain_ = new ExplainPanel(this);
  inspect_ = new InspectPanel(this);
  explain_dock_ = dock(explain_, "explain_dock", [] { return ExplainPanel::dock_title(); });
  inspect_dock_ = dock(inspect_, "inspect_dock", [] { return InspectPanel::dock_title(); });
  explain_dock_->setToolTip(tr("The loss formula with live numbers, and one example's targets against the model"));
  inspect_dock_->setToolTip(tr("Samples of the model's text, a sentence probe, the confusion matrix and the "
                               "reliability diagram"));
  // One column of tabs on the right: Lessons | Explain | Inspect, the lesson first.
  tabifyDockWidget(lessons_dock_, explain_dock_);
  tabifyDockWidget(explain_dock_, inspect_dock_);
  lessons_dock_->raise();
  QTimer::singleShot(0, this, [this] { resizeDocks({lessons_dock_}, {460}, Qt::Horizontal); });  // once laid out
}

void MainWindow::update_inspect_docks() {
  Run* r = current_run();
  Session* s = r ? r->session.get() : nullptr;
  const int id = r ? r->id : 0;
  // A dock behind another tab keeps isVisible(); what is on screen has a visible region.
  if (!explain_->visibleRegion().isEmpty()) explain_->show_run(id, s, r ? &r->history : nullptr);
  if (!inspect_->visibleRegion().isEmpty()) inspect_->show_run(id, s);
}
// ---- END inspect docks ----

void MainWindow::update_play_action() {
  auto sel = selected_runs();
  const bool running = std::any_of(sel.begin(), sel.end(), [](Run* r) {
    return r->session->state() == SessionState::Running;
  });
  QAction* a = actions_["play"];
  const QString text = running ? tr("Pause") : tr("Play");
  if (a->text() != text) {
    a->setText(text);
    a->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  }
}

void MainWindow::update_status() {
  Run* r = current_run();
  if (!r) {
    st_state_->setText(runs_->loading() ? tr("loading data…") : tr("no run"));
    for (QLabel* l : {st_step_, st_speed_, st_elapsed_, st_eta_, st_threads_}) l->clear();
    return;
  }
  const RunSettings s = r->session->settings();
  const RunHistory& h = r->history;
  const SessionState state = r->session->state();
  st_state_->setText(QStringLiteral("<b>%1</b>: %2").arg(r->name().toHtmlEscaped(), RunListPanel::state_text(state)));
  st_step_->setText(tr("step %1 / %2").arg(r->session->step()).arg(s.steps));
  double tps = NAN, sps = NAN;
  if (h.size() >= 2) {
    const std::size_t last = h.size() - 1;
    std::size_t first = last;
    while (first > 0 && h.wall[last] - h.wall[first - 1] < 3.0) --first;
    const double dt = h.wall[last] - h.wall[first];
    if (dt > 0) {
      tps = (h.tokens[last] - h.tokens[first]) / dt;
      sps = (h.step[last] - h.step[first]) / dt;
    }
  }
  const bool running = state == SessionState::Running;
  st_speed_->setText(running ? tr("%1 tokens/s").arg(si(tps)) : tr("– tokens/s"));
  st_elapsed_->setText(tr("elapsed %1").arg(hms(h.size() ? h.wall.back() : 0.0)));
  const double left = s.steps - static_cast<double>(r->session->step());
  st_eta_->setText(tr("ETA %1").arg(running && sps > 0 && left > 0 ? hms(left / sps) : QStringLiteral("–")));
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  st_threads_->setText(tr("%n thread(s)", nullptr, s.threads > 0 ? s.threads : static_cast<int>(hw)));
}

void MainWindow::check_divergence(Run& r) {
  const SessionState st = r.session->state();
  if (st != SessionState::Diverged) {
    r.announced_divergence = false;
    return;
  }
  if (r.announced_divergence && error_bar_->isVisible()) return;
  r.announced_divergence = true;
  const int id = r.id;
  const QString why = QString::fromStdString(r.session->last_error());
  error_bar_->show_message(
      MessageBar::Level::Error,
      tr("<b>Run \"%1\" diverged at step %2.</b> %3<br>The bad step was not applied. Lower the learning rate and "
         "roll back to the last good snapshot, or reset the run.")
          .arg(r.name().toHtmlEscaped())
          .arg(r.session->step())
          .arg(why.toHtmlEscaped()),
      {{tr("Halve lr and roll back"),
        [this, id] {
          if (Run* x = runs_->find(id)) {
            try {
              x->session->set("lr", x->session->settings().lr / 2);
              x->session->rollback();
            } catch (const std::exception& e) {
              show_error(QString::fromStdString(e.what()));
            }
          }
        }},
       {tr("Roll back"), [this, id] {
          if (Run* x = runs_->find(id)) x->session->rollback();
        }},
       {tr("Reset"), [this, id] {
          if (Run* x = runs_->find(id)) x->session->reset();
        }}});
}

void MainWindow::show_error(const QString& text) {
  error_bar_->show_message(MessageBar::Level::Error, text.toHtmlEscaped());
}

void MainWindow::on_setting_edited(const QString& key, const QString& value_json) {
  const std::string k = key.toStdString();
  const nlohmann::json v = nlohmann::json::parse(value_json.toStdString(), nullptr, false);
  const SettingInfo* info = find_setting(k);
  if (!info || v.is_discarded()) {
    show_error(tr("Unknown setting or value: %1 = %2").arg(key, value_json));
    return;
  }
  if (runs_->runs().empty()) {  // no run yet: the settings of the next one
    try {
      set_setting(defaults_, k, v);
    } catch (const std::exception& e) {
      show_error(QString::fromStdString(e.what()));
    }
    return;
  }
  bool pending = false;
  for (Run* r : selected_runs()) {
    try {
      if (info->live) {
        r->session->set(k, v);
        if (r->pending) set_setting(*r->pending, k, v);
      } else {
        RunSettings p = r->pending.value_or(r->session->settings());
        set_setting(p, k, v);
        if (get_setting(p, k) == get_setting(r->session->settings(), k) && !r->pending) continue;
        r->pending = p;
        pending = true;
      }
    } catch (const std::exception& e) {
      show_error(QString::fromStdString(e.what()));
      return;
    }
  }
  if (pending) show_pending_notice();
  QTimer::singleShot(0, this, &MainWindow::refresh);
}

void MainWindow::show_pending_notice() {
  Run* r = current_run();
  if (!r || !r->pending) return;
  const int id = r->id;
  info_bar_->show_message(
      MessageBar::Level::Warning,
      tr("<b>New data or model settings for \"%1\"</b> take effect after a reset, which starts the run again from "
         "step 0.")
          .arg(r->name().toHtmlEscaped()),
      {{tr("Reset now with these settings"),
        [this, id] {
          if (Run* x = runs_->find(id)) apply_pending(*x, false);
        }},
       {tr("New run with them"), [this, id] {
          if (Run* x = runs_->find(id)) apply_pending(*x, true);
        }},
       {tr("Discard"), [this, id] {
          if (Run* x = runs_->find(id)) x->pending.reset();
          refresh();
        }}});
}

void MainWindow::apply_pending(Run& r, bool as_new_run) {
  if (!r.pending) return;
  RunSettings s = *r.pending;
  try {
    s.validate();
  } catch (const std::exception& e) {
    show_error(QString::fromStdString(e.what()));
    return;
  }
  if (as_new_run) {
    r.pending.reset();
    runs_->create_async(s, tr("run %1").arg(++run_counter_));
  } else {
    runs_->create_async(s, r.name(), r.id);
  }
  refresh();
}

void MainWindow::reset_selected() {
  for (Run* r : selected_runs()) {
    if (r->pending) apply_pending(*r, false);
    else r->session->reset();
  }
  QTimer::singleShot(15, this, &MainWindow::refresh);
}

void MainWindow::import_data() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Import a data set"), QString(),
      tr("Data files (*.csv *.tsv *.txt *.ft);;All files (*)"));
  if (path.isEmpty()) {
    refresh();  // puts the data chooser back
    return;
  }
  controls_->add_data_source(path);
  if (runs_->runs().empty() || (runs_->last_failed() && error_bar_->isVisible())) {
    start_with_data(path.toStdString());
    return;
  }
  on_setting_edited("data", QString::fromStdString(nlohmann::json(path.toStdString()).dump()));
}

void MainWindow::start_with_data(const std::string& source) {
  RunSettings s = runs_->last_failed().value_or(defaults_);
  s.data = source;
  s.data_hash.clear();
  if (!runs_->runs().empty() && !runs_->last_failed()) {
    on_setting_edited("data", QString::fromStdString(nlohmann::json(source).dump()));
    return;
  }
  error_bar_->clear_message();
  runs_->create_async(s, tr("run %1").arg(++run_counter_));
}

QString MainWindow::save_runs(const QString& dir) {
  QStringList failed, used;
  for (const auto& r : runs_->runs()) {
    QString name = r->name();
    name.replace(QRegularExpression("[^\\w.-]+", QRegularExpression::UseUnicodePropertiesOption), "_");
    if (name.isEmpty() || name.startsWith('.') || used.contains(name)) name += QString("_run%1").arg(r->id);
    used << name;
    const QString sub = QDir(dir).filePath(name);
    try {
      r->session->save(sub.toStdString());
    } catch (const std::exception& e) {
      failed << QStringLiteral("%1: %2").arg(r->name(), QString::fromStdString(e.what()));
    }
  }
  return failed.isEmpty() ? QString() : tr("Could not save: %1").arg(failed.join("; "));
}

void MainWindow::closeEvent(QCloseEvent* e) {
  const bool live = std::any_of(runs_->runs().begin(), runs_->runs().end(), [](const auto& r) {
    return r->session->step() > 0 || r->session->state() == SessionState::Running;
  });
  if (!live) {
    files_->window_closed();
    e->accept();
    return;
  }
  const auto answer = close_prompt_ ? close_prompt_()
                                    : QMessageBox::question(this, tr("Quit LossLab"),
                                                            tr("Runs are still live. Save them as an experiment before quitting?"),
                                                            QMessageBox::Save | QMessageBox::Discard |
                                                                QMessageBox::Cancel,
                                                            QMessageBox::Save);
  if (answer == QMessageBox::Cancel) {
    e->ignore();
    return;
  }
  if (answer == QMessageBox::Save) {
    for (const auto& r : runs_->runs()) r->session->pause();
    if (files_->save_before_closing() != FileActions::CloseSave::Saved) {  // into the experiment file
      e->ignore();
      return;
    }
  }
  files_->window_closed();
  e->accept();
}

}  // namespace losslab::ui
