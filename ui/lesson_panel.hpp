// SPDX-License-Identifier: GPL-3.0-or-later
// The guided lessons (docs/lessons.md): pick a lesson, commit to a prediction,
// Start creates the lesson's runs (through a starter the window provides),
// the steps guide the class, and Explain shows why, with each check of the
// lesson's promise measured on the runs the class actually trained.
#pragma once

#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "losslab/lesson.hpp"
#include "ui/lesson_library.hpp"

class QAbstractButton;
class QButtonGroup;
class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace losslab::ui {

class RunManager;
struct Run;

class LessonPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LessonPanel(RunManager& runs, QWidget* parent = nullptr);

  // Creates the lesson's runs; the window sets it (default: RunManager::create_async for each).
  using Starter = std::function<void(const std::vector<LessonRun>&)>;
  void set_starter(Starter fn) { starter_ = std::move(fn); }

  // The flow, as the buttons drive it (public for tests).
  int lesson_count() const { return static_cast<int>(entries_.size()); }
  bool select_lesson(const QString& id);  // by the lesson's id; false if there is none
  bool open_file(const QString& path);    // adds and selects it; false (and the message shown) if it is bad
  void choose_answer(int index);
  void start();
  void play();
  void explain();
  bool runs_finished() const;  // every lesson run exists and has stopped (finished, diverged or stopped)
  const std::vector<CheckResult>& results() const { return results_; }
  const Lesson* lesson() const;

  QLabel* error_label() const { return error_; }
  QLabel* checks_view() const { return checks_; }  // one row per check: ✓ or ✗, the promise, the numbers
  QPushButton* start_button() const { return start_btn_; }
  QPushButton* explain_button() const { return explain_btn_; }

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void rebuild_list();
  void on_lesson_picked(int index);
  void render_lesson();   // the lesson's texts in the current language
  void render_results();  // explanation and verdicts
  void update_progress();
  Run* run_of(const std::string& name) const;
  QString text(const LocalText& t) const;

  RunManager& runs_;
  Starter starter_;
  std::vector<LessonEntry> entries_;
  int current_ = -1;
  int chosen_answer_ = -1;
  bool started_ = false, explained_ = false;
  int baseline_id_ = 0;  // lesson runs are those created after Start (id above this)
  std::vector<CheckResult> results_;

  QScrollArea* scroll_ = nullptr;
  QComboBox* list_ = nullptr;
  QToolButton* open_btn_ = nullptr;
  QToolButton* reload_btn_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* title_ = nullptr;
  QLabel* summary_ = nullptr;
  QGroupBox* predict_box_ = nullptr;
  QLabel* question_ = nullptr;
  QVBoxLayout* answers_layout_ = nullptr;
  QButtonGroup* answers_ = nullptr;
  std::vector<QAbstractButton*> answer_buttons_;
  std::vector<QLabel*> answer_labels_;
  QPushButton* start_btn_ = nullptr;
  QGroupBox* steps_box_ = nullptr;
  QLabel* steps_ = nullptr;
  QLabel* progress_ = nullptr;
  QPushButton* play_btn_ = nullptr;
  QPushButton* explain_btn_ = nullptr;
  QGroupBox* result_box_ = nullptr;
  QLabel* verdict_ = nullptr;
  QLabel* explanation_ = nullptr;
  QLabel* checks_title_ = nullptr;
  QLabel* checks_ = nullptr;
};

}  // namespace losslab::ui
