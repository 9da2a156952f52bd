// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/file_actions.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QLockFile>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

#include "losslab/atomic_file.hpp"
#include "losslab/metrics_csv.hpp"
#include "losslab/settings_file.hpp"
#include "ui/file_actions_internal.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/run_list_panel.hpp"
#include "ui/run_manager.hpp"

namespace losslab::ui {
using namespace file_settings;
namespace fs = std::filesystem;

namespace {


bool is_experiment(const QString& path) { return path.endsWith(".losslab", Qt::CaseInsensitive); }

fs::path to_fs(const QString& p) { return fs::path(p.toStdString()); }

QString html_list(const std::vector<std::string>& lines) {
  QString out = "<ul style=\"margin:0\">";
  for (const auto& l : lines) out += "<li>" + QString::fromStdString(l).toHtmlEscaped() + "</li>";
  return out + "</ul>";
}

// The settings in force after every logged change (resets keep the settings;
// a rollback returns the weights, not the settings).
RunSettings final_settings(const ReplayPlan& plan) {
  RunSettings s = plan.settings;
  for (const auto& e : plan.events)
    if (e.kind == "set") set_setting(s, e.key, e.new_value);
  return s;
}

}  // namespace

FileActions::FileActions(MainWindow* window)
    : QObject(window),
      window_(window),
      bar_(new MessageBar(window)),
      restore_bar_(new MessageBar(window)),
      autosave_timer_(new QTimer(this)) {
  // The bar goes on top of the window's own message bars, above the charts.
  if (auto* layout = qobject_cast<QVBoxLayout*>(window->centralWidget() ? window->centralWidget()->layout() : nullptr))
  {
    layout->insertWidget(0, bar_);
    layout->insertWidget(0, restore_bar_);
  }
  make_actions();
  retranslate();
  window->setAcceptDrops(true);
  window->installEventFilter(this);

  // This instance's autosave (locked from its first write on: claim_autosave).
  static int counter = 0;
  autosave_file_ = QDir(autosave_dir())
                       .filePath(QStringLiteral("autosave-%1-%2.losslab").arg(QCoreApplication::applicationPid()).arg(counter++));
  connect(autosave_timer_, &QTimer::timeout, this, &FileActions::autosave_now);
  set_autosave_interval_ms(QSettings().value(kAutosaveKey, kDefaultAutosaveMinutes).toInt() * 60 * 1000);
}

FileActions::~FileActions() {
  if (worker_) worker_->wait();
  if (!abandoned_) {
    QFile::remove(autosave_file_);  // a clean exit leaves nothing to restore
    if (autosave_lock_) autosave_lock_->unlock();
  }
}

QString FileActions::autosave_dir() const {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("autosave");
}

void FileActions::make_actions() {
  auto make = [&](const QString& name, QKeySequence key, auto fn) {
    auto* a = new QAction(window_);
    if (!key.isEmpty()) a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, fn);
    window_->addAction(a);
    actions_[name] = a;
    return a;
  };
  make("open_experiment", QKeySequence::Open, [this] {
    const QString p = ask_file("open_experiment");
    if (!p.isEmpty()) open_experiment(p);
  });
  make("save_experiment", QKeySequence::Save, [this] {
    const QString p = experiment_path_.isEmpty() ? ask_file("save_experiment") : experiment_path_;
    if (!p.isEmpty()) save_experiment(p);
  });
  make("save_experiment_as", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),  // QKeySequence::SaveAs is empty on some desktops
       [this] {
    const QString p = ask_file("save_experiment");
    if (!p.isEmpty()) save_experiment(p);
  });
  make("open_settings", QKeySequence(), [this] {
    const QString p = ask_file("open_settings");
    if (!p.isEmpty()) open_settings(p);
  });
  make("save_settings", QKeySequence(), [this] {
    const QString p = ask_file("save_settings");
    if (!p.isEmpty()) save_settings(p);
  });
  make("export_metrics", QKeySequence(), [this] {
    const QString p = ask_file("export_metrics");
    if (!p.isEmpty()) export_metrics(p);
  });
  make("clear_recent", QKeySequence(), [this] {
    QSettings().remove(kRecentKey);
    rebuild_recent_menu();
  });
  recent_menu_ = new QMenu(window_);
  connect(recent_menu_, &QMenu::aboutToShow, this, &FileActions::rebuild_recent_menu);
  autosave_menu_ = new QMenu(window_);
  autosave_group_ = new QActionGroup(this);
  for (int minutes : {0, 1, 3, 10}) {
    auto* a = autosave_menu_->addAction(QString());
    a->setCheckable(true);
    a->setData(minutes);
    autosave_group_->addAction(a);
    connect(a, &QAction::triggered, this, [this, minutes] {
      if (persistent()) QSettings().setValue(kAutosaveKey, minutes);
      set_autosave_interval_ms(minutes * 60 * 1000);
    });
  }
}

void FileActions::add_to_menu(QMenu* file) {
  file->addAction(actions_["open_experiment"]);
  file->addMenu(recent_menu_);
  file->addAction(actions_["save_experiment"]);
  file->addAction(actions_["save_experiment_as"]);
  file->addSeparator();
  file->addAction(actions_["open_settings"]);
  file->addAction(actions_["save_settings"]);
  file->addAction(actions_["export_metrics"]);
  file->addSeparator();
  file->addMenu(autosave_menu_);
}

void FileActions::retranslate() {
  struct Text {
    const char* name;
    QString text, tip;
  };
  const Text texts[] = {
      {"open_experiment", tr("Open experiment…"), tr("Open an experiment file (.losslab): every run as it was saved, paused")},
      {"save_experiment", tr("Save experiment"),
       tr("Save every run (settings, event log, curves, model and optimiser state) into the experiment file")},
      {"save_experiment_as", tr("Save experiment as…"), tr("Save every run into a new experiment file (.losslab)")},
      {"open_settings", tr("Open settings…"),
       tr("Start a new run with the settings of a settings file (.json) that LossLab or losslab-cli wrote")},
      {"save_settings", tr("Save settings…"),
       tr("Save the current run's settings and event log (.json); losslab-cli train --replay reproduces the run "
          "exactly")},
      {"export_metrics", tr("Save metrics CSV…"), tr("Save the current run's metrics, one row per step (metrics.csv)")},
      {"clear_recent", tr("Clear recent files"), tr("Forget the list of recently used files")},
  };
  for (const auto& t : texts) {
    QAction* a = actions_.at(t.name);
    a->setText(t.text);
    const QString keys = a->shortcut().toString(QKeySequence::NativeText);
    a->setToolTip(keys.isEmpty() ? t.tip : tr("%1 (%2)").arg(t.tip, keys));
    a->setStatusTip(t.tip);
  }
  recent_menu_->setTitle(tr("Open recent"));
  recent_menu_->setToolTipsVisible(true);
  recent_menu_->menuAction()->setToolTip(tr("Experiments and settings files used lately"));
  autosave_menu_->setTitle(tr("Autosave"));
  autosave_menu_->setToolTipsVisible(true);
  autosave_menu_->menuAction()->setToolTip(
      tr("How often every run is saved in the background while runs are live, to be restored after a crash"));
  for (QAction* a : autosave_group_->actions()) {
    const int m = a->data().toInt();
    a->setText(m == 0 ? tr("Off") : tr("Every %n minute(s)", nullptr, m));
    a->setToolTip(m == 0 ? tr("Never save in the background") : tr("Save every run in the background every %n minute(s)", nullptr, m));
  }
  update_title();
}

QAction* FileActions::action(const QString& name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : it->second;
}

bool FileActions::eventFilter(QObject* watched, QEvent* event) {
  if (watched == window_) {
    if (event->type() == QEvent::LanguageChange) {
      retranslate();
    } else if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
      auto* e = static_cast<QDropEvent*>(event);
      const auto urls = e->mimeData()->urls();
      if (!urls.isEmpty() && urls.first().isLocalFile()) {
        e->acceptProposedAction();
        return true;
      }
    } else if (event->type() == QEvent::Drop) {
      auto* e = static_cast<QDropEvent*>(event);
      const auto urls = e->mimeData()->urls();
      if (!urls.isEmpty() && urls.first().isLocalFile()) {
        e->acceptProposedAction();
        const QString path = urls.first().toLocalFile();
        QTimer::singleShot(0, this, [this, path] { open_path(path); });  // not inside the drop handler
        return true;
      }
    }
  }
  return QObject::eventFilter(watched, event);
}

QString FileActions::ask_file(const QString& purpose) {
  if (file_prompt_) return file_prompt_(purpose);
  const QString experiments = tr("LossLab experiments (*.losslab)");
  const QString settings = tr("Settings files (*.json)");
  const QString all = tr("All files (*)");
  QString path;
  if (purpose == "open_experiment")
    path = QFileDialog::getOpenFileName(window_, tr("Open experiment"), QString(), experiments + ";;" + all);
  else if (purpose == "save_experiment")
    path = QFileDialog::getSaveFileName(window_, tr("Save experiment"), experiment_path_, experiments);
  else if (purpose == "open_settings")
    path = QFileDialog::getOpenFileName(window_, tr("Open settings"), QString(), settings + ";;" + all);
  else if (purpose == "save_settings")
    path = QFileDialog::getSaveFileName(window_, tr("Save settings"), "settings.json", settings);
  else if (purpose == "export_metrics")
    path = QFileDialog::getSaveFileName(window_, tr("Save metrics CSV"), "metrics.csv", tr("CSV files (*.csv)"));
  if (path.isEmpty()) return path;
  const QString suffix = purpose == "save_experiment" ? ".losslab" : purpose == "save_settings" ? ".json"
                         : purpose == "export_metrics" ? ".csv" : "";
  if (!suffix.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += suffix;
  return path;
}

bool FileActions::confirm(const QString& text) {
  if (confirm_prompt_) return confirm_prompt_(text);
  return QMessageBox::question(window_, tr("LossLab"), text, QMessageBox::Yes | QMessageBox::Cancel,
                               QMessageBox::Cancel) == QMessageBox::Yes;
}

void FileActions::show_info(const QString& html) { bar_->show_message(MessageBar::Level::Info, html); }
void FileActions::show_error(const QString& html) { bar_->show_message(MessageBar::Level::Error, html); }

void FileActions::update_title() {
  window_->setWindowTitle(experiment_path_.isEmpty()
                              ? tr("LossLab")
                              : tr("%1 – LossLab").arg(QFileInfo(experiment_path_).fileName()));
}

// ---- opening by name ---------------------------------------------------------

void FileActions::open_path(const QString& path) {
  if (!QFileInfo(path).isFile()) {
    show_error(tr("<b>%1 is not there.</b> It may have been moved or deleted.").arg(path.toHtmlEscaped()));
    return;
  }
  if (is_experiment(path)) open_experiment(path);
  else if (path.endsWith(".json", Qt::CaseInsensitive)) open_settings(path);
  else
    show_error(tr("<b>LossLab can't open %1.</b> It opens experiments (.losslab) and settings files (.json); "
                  "to train on a data file, choose it under Data in the controls.")
                   .arg(path.toHtmlEscaped()));
}

// ---- settings files ------------------------------------------------------------

void FileActions::open_settings(const QString& path) {
  ReplayPlan plan;
  try {
    plan = read_settings_file(to_fs(path));
  } catch (const SettingsFileError& e) {
    if (e.newer_version)
      show_error(tr("<b>%1 was written by a newer version of LossLab</b> and this version can't read it. Nothing "
                    "was changed. Update LossLab to open it.")
                     .arg(path.toHtmlEscaped()));
    else
      show_error(tr("<b>%1 can't be opened; nothing was changed.</b> What is wrong, field by field:%2")
                     .arg(path.toHtmlEscaped(), html_list(e.problems)));
    return;
  }
  add_recent(path);
  if (plan.events.empty()) {
    start_settings_run(path, plan, false);
    return;
  }
  // An event log: the GUI does not replay it; say so, and let the user choose
  // where the new run starts. Nothing happens until then.
  int64_t first = plan.events.front().step;
  const QString command = QStringLiteral("losslab-cli train --replay \"%1\"").arg(path);
  bar_->show_message(
      MessageBar::Level::Warning,
      tr("<b>%1 holds a log of %n change(s)</b> made while its run trained (the first at step %2). A new run in "
         "the window starts at step 0 and does not apply the logged changes. To reproduce the logged run exactly, "
         "run <code>%3</code>.",
         nullptr, static_cast<int>(plan.events.size()))
          .arg(QFileInfo(path).fileName().toHtmlEscaped())
          .arg(first)
          .arg(command.toHtmlEscaped()),
      {{tr("New run with the starting settings"), [this, path, plan] { start_settings_run(path, plan, false); }},
       {tr("New run with the final settings"), [this, path, plan] { start_settings_run(path, plan, true); }},
       {tr("Copy the command"), [command] { QApplication::clipboard()->setText(command); }},
       {tr("Cancel"), [this] { bar_->clear_message(); }}});
}

void FileActions::start_settings_run(const QString& path, const ReplayPlan& plan, bool final) {
  RunSettings s = plan.settings;
  try {
    if (final) s = final_settings(plan);
    s.validate();
  } catch (const std::exception& e) {
    show_error(tr("<b>%1 can't be opened:</b> %2").arg(path.toHtmlEscaped(), QString(e.what()).toHtmlEscaped()));
    return;
  }
  window_->runs().create_async(s, QFileInfo(path).completeBaseName(), plan.options, /*require_same_data=*/true);
  show_info(tr("Starting a new run with the settings of %1 (paused: press Play to train it).")
                .arg(QFileInfo(path).fileName().toHtmlEscaped()));
}

bool FileActions::save_settings(const QString& path) {
  Run* r = window_->current_run();
  if (!r) {
    show_error(tr("<b>There is no run to save the settings of.</b>"));
    return false;
  }
  try {
    write_settings_file(to_fs(path), r->session->replay_json());
  } catch (const std::exception& e) {
    show_error(tr("<b>Could not save the settings.</b> %1").arg(QString(e.what()).toHtmlEscaped()));
    return false;
  }
  add_recent(path);
  show_info(tr("Saved the settings and event log of \"%1\" to %2. <code>losslab-cli train --replay</code> "
               "reproduces the run exactly.")
                .arg(r->name().toHtmlEscaped(), path.toHtmlEscaped()));
  return true;
}

bool FileActions::export_metrics(const QString& path) {
  Run* r = window_->current_run();
  if (!r) {
    show_error(tr("<b>There is no run to save the metrics of.</b>"));
    return false;
  }
  try {
    const auto logs = r->session->metrics();
    std::vector<StepRecord> steps;
    std::vector<EvalRecord> evals;
    logs->steps.read_since(0, steps);
    logs->evals.read_since(0, evals);
    write_metrics_csv(to_fs(path), steps, evals);
  } catch (const std::exception& e) {
    show_error(tr("<b>Could not save the metrics.</b> %1").arg(QString(e.what()).toHtmlEscaped()));
    return false;
  }
  show_info(tr("Saved the metrics of \"%1\" to %2.").arg(r->name().toHtmlEscaped(), path.toHtmlEscaped()));
  return true;
}

// ---- experiments -----------------------------------------------------------------

void FileActions::save_experiment(const QString& path) { start_save(path, SaveKind::User); }

ExperimentManifest FileActions::save_runs_into(const QTemporaryDir& staging) {
  if (!staging.isValid())
    throw std::runtime_error(tr("can't create a temporary folder (%1)").arg(staging.errorString()).toStdString());
  ExperimentManifest manifest;
  Run* current = window_->current_run();
  int i = 0;
  for (const auto& r : window_->runs().runs()) {
    ExperimentRun er;
    er.folder = "run-" + std::to_string(++i);
    er.name = r->name().toStdString();
    er.color = r->color;
    er.visible = r->visible;
    er.pending = r->pending;
    r->session->save(to_fs(staging.path()) / er.folder);
    if (r.get() == current) manifest.current = i - 1;
    manifest.runs.push_back(std::move(er));
  }
  write_file_atomically(to_fs(staging.path()) / "manifest.json", manifest_to_json(manifest).dump(2) + "\n");
  return manifest;
}

FileActions::CloseSave FileActions::save_before_closing() {
  const QString path = experiment_path_.isEmpty() ? ask_file("save_experiment") : experiment_path_;
  if (path.isEmpty()) return CloseSave::Cancelled;
  if (worker_) worker_->wait();  // an autosave in progress finishes first
  try {
    QTemporaryDir staging;
    save_runs_into(staging);
    pack_experiment(to_fs(staging.path()), to_fs(path));  // here: the window is closing anyway
  } catch (const std::exception& e) {
    show_error(tr("<b>Could not save the experiment.</b> %1").arg(QString(e.what()).toHtmlEscaped()));
    return CloseSave::Failed;
  }
  experiment_path_ = path;
  add_recent(path);
  return CloseSave::Saved;
}

void FileActions::start_save(const QString& path, SaveKind kind) {
  if (worker_) {
    if (kind == SaveKind::User) show_error(tr("<b>A file is still being saved or opened.</b> Try again in a moment."));
    return;
  }
  RunManager& runs = window_->runs();
  if (runs.runs().empty()) {
    if (kind == SaveKind::User) show_error(tr("<b>There are no runs to save.</b>"));
    return;
  }
  // Each session is saved at its next step boundary, here on the GUI thread;
  // the packing into one file happens on a worker.
  auto staging = std::make_shared<QTemporaryDir>();
  ExperimentManifest manifest;
  try {
    manifest = save_runs_into(*staging);
  } catch (const std::exception& e) {
    const QString msg = QString(e.what()).toHtmlEscaped();
    if (kind == SaveKind::User) show_error(tr("<b>Could not save the experiment.</b> %1").arg(msg));
    else show_error(tr("<b>Autosave failed.</b> %1").arg(msg));
    emit experimentSaved(path, e.what());
    return;
  }
  if (kind == SaveKind::Autosave) last_autosave_signature_ = state_signature();
  auto error = std::make_shared<QString>();
  worker_ = QThread::create([staging, path, error] {
    try {
      pack_experiment(to_fs(staging->path()), to_fs(path));
    } catch (const std::exception& e) {
      *error = QString::fromStdString(e.what());
    }
  });
  worker_->setParent(this);  // freed with us if we go first (the destructor waits for it)
  connect(worker_, &QThread::finished, this, [this, staging, path, error, kind, n = manifest.runs.size()] {
    worker_->deleteLater();
    worker_ = nullptr;
    if (!error->isEmpty()) {
      if (kind == SaveKind::Autosave) {
        last_autosave_signature_.clear();
        show_error(tr("<b>Autosave failed.</b> %1").arg(error->toHtmlEscaped()));
      } else {
        show_error(tr("<b>Could not save the experiment.</b> %1").arg(error->toHtmlEscaped()));
      }
    } else if (kind == SaveKind::User) {
      experiment_path_ = path;
      update_title();
      add_recent(path);
      show_info(tr("Saved %n run(s) to %1.", nullptr, static_cast<int>(n)).arg(path.toHtmlEscaped()));
    }
    emit experimentSaved(path, *error);
  });
  worker_->start();
}

void FileActions::open_experiment(const QString& path) { start_open(path, false); }

void FileActions::start_open(const QString& path, bool restoring) {
  if (worker_) {
    show_error(tr("<b>A file is still being saved or opened.</b> Try again in a moment."));
    return;
  }
  const auto& runs = window_->runs().runs();
  const int live = static_cast<int>(std::count_if(runs.begin(), runs.end(), [](const auto& r) {
    return r->session->step() > 0;
  }));
  if (!restoring && live > 0 &&
      !confirm(tr("Opening %1 replaces the %n run(s) in the window. Runs that were not saved are lost. Open it?",
                  nullptr, live)
                   .arg(QFileInfo(path).fileName())))
    return;
  auto staging = std::make_shared<QTemporaryDir>();
  auto loaded = std::make_shared<LoadedExperiment>();
  auto error = std::make_shared<QString>();
  auto newer = std::make_shared<bool>(false);
  worker_ = QThread::create([staging, path, loaded, error, newer] {
    lower_this_thread_priority();  // the loaded runs' workers inherit it, as new runs' do
    try {
      if (!staging->isValid()) throw std::runtime_error("can't create a temporary folder");
      *loaded = load_experiment(to_fs(path), to_fs(staging->path()));
    } catch (const ExperimentError& e) {
      *error = QString::fromStdString(e.what());
      *newer = e.newer_version;
    } catch (const std::exception& e) {
      *error = QString::fromStdString(e.what());
    }
  });
  worker_->setParent(this);
  connect(worker_, &QThread::finished, this, [this, path, restoring, loaded, error, newer, staging] {
    worker_->deleteLater();
    worker_ = nullptr;
    finish_open(path, restoring, *error, *newer, error->isEmpty() ? loaded : nullptr);
  });
  show_info(tr("Opening %1…").arg(QFileInfo(path).fileName().toHtmlEscaped()));
  worker_->start();
}

void FileActions::finish_open(const QString& path, bool restoring, const QString& error, bool newer,
                              const std::shared_ptr<LoadedExperiment>& loaded) {
  if (!loaded) {
    if (newer)
      show_error(tr("<b>%1 was saved by a newer version of LossLab</b> and this version can't open it. Nothing was "
                    "changed. Update LossLab to open it.")
                     .arg(path.toHtmlEscaped()));
    else
      show_error(tr("<b>Could not open the experiment; nothing was changed.</b> %1")
                     .arg(error.toHtmlEscaped().replace("\n", "<br>")));
    emit experimentOpened(path, error.isEmpty() ? QStringLiteral("failed") : error);
    return;
  }
  // All runs loaded: only now does the window change, all at once.
  RunManager& runs = window_->runs();
  std::vector<int> old;
  for (const auto& r : runs.runs()) old.push_back(r->id);
  for (int id : old) runs.remove(id);
  int select = -1;
  for (std::size_t i = 0; i < loaded->sessions.size(); ++i) {
    const ExperimentRun& er = loaded->manifest.runs[i];
    const int id = runs.add(std::move(loaded->sessions[i]), QString::fromStdString(er.name), er.color);
    if (Run* r = runs.find(id)) {
      r->visible = er.visible;
      r->pending = er.pending;
    }
    if (static_cast<int>(i) == loaded->manifest.current) select = id;
  }
  if (select >= 0) window_->run_list()->select(select);
  window_->refresh();
  if (restoring) {
    experiment_path_.clear();
    show_info(tr("Restored %n run(s) from the autosave, paused. Save them as an experiment to keep them.", nullptr,
                 static_cast<int>(loaded->sessions.size())));
  } else {
    experiment_path_ = path;
    add_recent(path);
    show_info(tr("Opened %1: %n run(s), paused where they were saved.", nullptr,
                 static_cast<int>(loaded->sessions.size()))
                  .arg(QFileInfo(path).fileName().toHtmlEscaped()));
  }
  update_title();
  emit experimentOpened(path, QString());
}

}  // namespace losslab::ui
