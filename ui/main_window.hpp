// SPDX-License-Identifier: GPL-3.0-or-later
// The window: transport toolbar, controls and run list docked on the left,
// the dashboard in the middle, a status bar. It drives Sessions and never
// computes the model. Widgets are touched on the GUI thread only; training
// progress arrives coalesced through RunManager::frame().
#pragma once

#include <QMainWindow>
#include <QFont>
#include <QMessageBox>
#include <functional>
#include <map>
#include <memory>

#include "losslab/session.hpp"
#include "losslab/settings.hpp"

class QAction;
class QDockWidget;
class QMenu;
class QToolBar;
class QLabel;
class QSpinBox;

namespace losslab::ui {

class ChartPanel;
class ExplainPanel;   // inspect docks (issue 8)
class InspectPanel;   // inspect docks (issue 8)
class ControlsPanel;
class FileActions;
class GlossaryDialog;
class ExportMenu;
class LessonPanel;
class MessageBar;
class RunListPanel;
class RunManager;
struct Run;

struct MainWindowOptions {
  RunSettings settings = default_gui_settings();  // the first run's
  bool create_initial_run = true;
  bool play = false;  // start training the first run once it is ready
  static RunSettings default_gui_settings();
};

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  explicit MainWindow(const MainWindowOptions& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  RunManager& runs() { return *runs_; }
  ChartPanel* charts() const { return charts_; }
  ControlsPanel* controls() const { return controls_; }
  RunListPanel* run_list() const { return run_list_; }
  LessonPanel* lessons() const { return lessons_; }
  MessageBar* error_bar() const { return error_bar_; }
  MessageBar* info_bar() const { return info_bar_; }
  // Settings files, experiments, recent files, autosave (ui/file_actions.hpp).
  FileActions* files() const { return files_; }
  // ---- BEGIN inspect docks (issue 8) ----
  ExplainPanel* explain_panel() const { return explain_; }
  InspectPanel* inspect_panel() const { return inspect_; }
  // ---- END inspect docks ----
  // "play", "step", "step_n", "reset", "step_lm", "step_ce", "new_run", "save"
  QAction* action(const QString& name) const;
  QSpinBox* step_n_box() const { return step_n_box_; }

  // Presentation mode (View ▸ Presentation mode, F11): full screen, the whole
  // interface in larger type, thick lines and darker axes on the charts, the
  // advanced settings hidden. Leaving it restores the window as it was.
  void set_presentation(bool on);
  bool presentation() const { return presentation_; }
  QMenu* view_menu() const { return view_menu_; }
  QMenu* help_menu() const { return help_menu_; }
  // Help ▸ Glossary, created on first use.
  GlossaryDialog* glossary();
  ExportMenu* export_menu() const { return export_menu_; }

  Run* current_run();
  std::vector<Run*> selected_runs();
  // Reads the runs and redraws now (the coalesced path calls this too).
  void refresh();
  // Saves every run into dir/<run name>; returns an error message or "".
  QString save_runs(const QString& dir);

  // For tests: answers the close dialog and the folder chooser instead of a user.
  void set_close_prompt(std::function<QMessageBox::StandardButton()> fn) { close_prompt_ = std::move(fn); }
  void set_dir_prompt(std::function<QString()> fn) { dir_prompt_ = std::move(fn); }

 protected:
  void closeEvent(QCloseEvent* e) override;
  void changeEvent(QEvent* e) override;

 private:
  void build_actions();
  void retranslate();  // every text again, in the language now installed
  void build_layout();
  void on_setting_edited(const QString& key, const QString& value_json);
  void show_pending_notice();
  void reset_selected();
  void apply_pending(Run& r, bool as_new_run);
  void check_divergence(Run& r);
  void update_status();
  void update_play_action();
  void import_data();
  // A data source chosen while no run exists (or after a run failed to start): a new run with it.
  void start_with_data(const std::string& source);
  void show_error(const QString& text);
  // ---- BEGIN inspect docks (issue 8) ----
  void build_inspect_docks();
  void update_inspect_docks();  // called from refresh(): the docks follow the current run
  ExplainPanel* explain_ = nullptr;
  InspectPanel* inspect_ = nullptr;
  QDockWidget *explain_dock_ = nullptr, *inspect_dock_ = nullptr;
  // ---- END inspect docks ----

  std::unique_ptr<RunManager> runs_;
  ChartPanel* charts_ = nullptr;
  ControlsPanel* controls_ = nullptr;
  RunListPanel* run_list_ = nullptr;
  FileActions* files_ = nullptr;
  LessonPanel* lessons_ = nullptr;
  QDockWidget* lessons_dock_ = nullptr;
  void build_lessons_dock();  // the Lessons dock on the right, and how a lesson starts its runs
  MessageBar* error_bar_ = nullptr;
  MessageBar* info_bar_ = nullptr;
  QSpinBox* step_n_box_ = nullptr;
  ExportMenu* export_menu_ = nullptr;
  std::map<QString, QAction*> actions_;
  std::map<QAction*, std::pair<const char*, const char*>> action_texts_;  // untranslated text, tooltip
  QMenu *file_menu_ = nullptr, *run_menu_ = nullptr, *view_menu_ = nullptr, *help_menu_ = nullptr;
  QToolBar* transport_ = nullptr;
  QMenu* language_menu_ = nullptr;
  std::map<QString, QAction*> language_actions_;  // "en", "zh_CN"
  GlossaryDialog* glossary_ = nullptr;
  void build_view_and_help_menus();
  bool presentation_ = false;
  struct {
    QByteArray geometry, state;
    QFont font;
    bool maximized = false;
  } before_presentation_;
  QDockWidget *controls_dock_ = nullptr, *runs_dock_ = nullptr;
  QLabel *st_step_, *st_speed_, *st_elapsed_, *st_eta_, *st_threads_, *st_state_;
  std::function<QMessageBox::StandardButton()> close_prompt_;
  std::function<QString()> dir_prompt_;
  int run_counter_ = 0;
  RunSettings defaults_;  // shown when there is no run
  double frame_ms_ = 5.0;  // running mean of a refresh's cost
};

}  // namespace losslab::ui
