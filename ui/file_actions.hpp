// SPDX-License-Identifier: GPL-3.0-or-later
// The File menu's files: settings files (.json, `losslab-cli train --replay`
// reproduces them), the metrics CSV of a run, experiment files (.losslab:
// every run of the window), recent files, autosave with crash restore, and
// the window layout remembered between starts. Opening works from the menu,
// by dropping a file on the window and from the command line.
//
// Sessions are saved on the GUI thread (Session::save waits for a step
// boundary); packing and unpacking an experiment run on a worker thread, and
// only the finished result touches widgets, back on the GUI thread.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>

#include "losslab/session.hpp"
#include "ui/experiment_file.hpp"

class QAction;
class QActionGroup;
class QLockFile;
class QTemporaryDir;
class QMenu;
class QThread;
class QTimer;

namespace losslab::ui {

class MainWindow;
class MessageBar;

class FileActions : public QObject {
  Q_OBJECT
 public:
  explicit FileActions(MainWindow* window);
  ~FileActions() override;  // waits for a save in progress; a clean exit removes the autosave

  // Puts the actions into the File menu (called once by the window).
  void add_to_menu(QMenu* file);
  // "open_settings", "save_settings", "export_metrics", "open_experiment",
  // "save_experiment", "save_experiment_as", "clear_recent"
  QAction* action(const QString& name) const;
  QMenu* recent_menu() const { return recent_menu_; }
  QMenu* autosave_menu() const { return autosave_menu_; }
  // The bar above the charts where file messages and the restore offer appear.
  MessageBar* bar() const { return bar_; }
  // The crash-restore offer has a bar of its own, so other messages don't hide it.
  MessageBar* restore_bar() const { return restore_bar_; }

  // Opens a settings file (.json) or an experiment (.losslab): for the
  // command line, drops and the recent files.
  void open_path(const QString& path);
  void open_settings(const QString& path);
  bool save_settings(const QString& path);    // the current run's; false (and a message) on failure
  bool export_metrics(const QString& path);   // the current run's metrics.csv
  // Asynchronous: experimentOpened / experimentSaved follow (error "" = done).
  void open_experiment(const QString& path);
  void save_experiment(const QString& path);
  bool busy() const { return worker_ != nullptr; }
  // The window is closing and the user chose to save: every run into the
  // experiment file (asked for when there is none yet), before returning.
  enum class CloseSave { Saved, Cancelled, Failed };
  CloseSave save_before_closing();
  QString experiment_path() const { return experiment_path_; }

  QStringList recent_files() const;
  void add_recent(const QString& path);

  // Autosave of every run, every interval while runs are live (0 = off).
  void set_autosave_interval_ms(int ms);
  int autosave_interval_ms() const;
  QString autosave_file() const { return autosave_file_; }
  void autosave_now();
  // Looks for an autosave left by a LossLab that did not exit cleanly and
  // offers (in bar()) to restore or discard it. Returns whether it offered.
  bool offer_crash_restore();

  // The window layout, kept in QSettings between starts.
  void restore_layout();
  // A close was accepted: remember the layout; a clean exit removes the autosave.
  void window_closed();

  // For tests: answer the file dialogs (purpose is the action name) and the
  // "replace the runs?" question instead of a user.
  void set_file_prompt(std::function<QString(const QString& purpose)> fn) { file_prompt_ = std::move(fn); }
  void set_confirm_prompt(std::function<bool(const QString& text)> fn) { confirm_prompt_ = std::move(fn); }
  // For tests: leaves the autosave behind as a crash would (lock released, file kept).
  void abandon_autosave_for_test();

 signals:
  void experimentSaved(const QString& path, const QString& error);
  void experimentOpened(const QString& path, const QString& error);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;  // drops and language changes on the window

 private:
  enum class SaveKind { User, Autosave };
  void retranslate();
  void make_actions();
  QString ask_file(const QString& purpose);
  bool confirm(const QString& text);
  void start_save(const QString& path, SaveKind kind);
  void start_open(const QString& path, bool restoring);
  void finish_open(const QString& path, bool restoring, const QString& error, bool newer,
                   const std::shared_ptr<LoadedExperiment>& loaded);
  void start_settings_run(const QString& path, const ReplayPlan& plan, bool final_settings);
  void rebuild_recent_menu();
  void update_title();
  void show_info(const QString& html);
  void show_error(const QString& html);
  QString autosave_dir() const;
  bool claim_autosave();
  ExperimentManifest save_runs_into(const QTemporaryDir& staging);  // throws
  QString state_signature() const;

  MainWindow* window_;
  MessageBar* bar_;
  MessageBar* restore_bar_;
  std::map<QString, QAction*> actions_;
  QMenu* recent_menu_ = nullptr;
  QMenu* autosave_menu_ = nullptr;
  QActionGroup* autosave_group_ = nullptr;
  QTimer* autosave_timer_;
  QThread* worker_ = nullptr;
  QString experiment_path_;
  QString autosave_file_;
  std::unique_ptr<QLockFile> autosave_lock_;
  std::unique_ptr<QLockFile> leftover_lock_;  // held while a crash restore is offered
  QString last_autosave_signature_;
  bool abandoned_ = false;
  std::function<QString(const QString&)> file_prompt_;
  std::function<bool(const QString&)> confirm_prompt_;
};

}  // namespace losslab::ui
