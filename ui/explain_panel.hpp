// SPDX-License-Identifier: GPL-3.0-or-later
// "What is the loss made of?": the formula L = λ·L_LM + (1−λ)·L_CE with the
// current run's latest numbers in it, the two weighted terms as bars, and for
// one validation example the smoothed target q beside the model's p, for the
// class head and for one LM position. The example is explained on a model
// snapshot fetched a few times a second at most, computed off the GUI thread.
#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <optional>

#include "losslab/inspect.hpp"
#include "ui/inspect_feed.hpp"

class QLabel;
class QSpinBox;
class QTimer;
class QGroupBox;

namespace losslab {
class Session;
}

namespace losslab::ui {

class RunHistory;
class DistributionChart;
class ContributionBars;

class ExplainPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ExplainPanel(QWidget* parent = nullptr);
  ~ExplainPanel() override;

  // GUI thread, on every window refresh: the current run (session null: no
  // run). Shows its latest metrics at once; asks for a new model snapshot
  // when the run moved and the last one is older than refresh_interval_ms.
  // The pointers are used during this call only.
  void show_run(int run_id, Session* session, const RunHistory* history);
  void set_refresh_interval_ms(int ms) { refresh_ms_ = ms; }
  static QString dock_title() { return tr("Explain the loss"); }

  // The numbers in the formula: the last training step's record.
  struct Formula {
    bool valid = false;
    int64_t step = 0;  // updates done
    double loss = 0, lambda = 0, lm = 0, ce = 0;
    bool has_ce = true;
  };
  const Formula& formula() const { return formula_; }
  // The explanation on screen and the snapshot it was computed from.
  const std::optional<ExampleExplanation>& explanation() const { return explanation_; }
  std::shared_ptr<const ModelSnapshot> snapshot() const { return snap_; }
  double last_compute_ms() const { return compute_ms_; }  // background thread time of the last explanation

  QLabel* formula_numbers_label() const { return numbers_; }
  QSpinBox* example_box() const { return example_; }
  QSpinBox* position_box() const { return position_; }
  DistributionChart* class_chart() const { return class_chart_; }
  DistributionChart* lm_chart() const { return lm_chart_; }
  ContributionBars* bars() const { return bars_; }
  SnapshotFeed& feed() { return feed_; }

 signals:
  void explained();  // a new explanation is on screen

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void poll();
  void recompute();
  void show_explanation(const ExampleExplanation& e, double ms);
  void show_formula();
  void update_formula(const RunHistory* history);

  int run_id_ = 0;
  int refresh_ms_ = 250;
  QElapsedTimer since_request_, formula_clock_;
  std::shared_ptr<const ModelSnapshot> snap_;
  std::optional<ExampleExplanation> explanation_;
  Formula formula_;
  double compute_ms_ = 0;
  uint64_t job_serial_ = 0;

  QLabel *title_, *symbolic_, *numbers_, *step_label_;
  ContributionBars* bars_;
  QGroupBox* example_group_;
  QLabel *example_label_, *position_label_, *text_label_, *class_title_, *lm_title_, *class_note_, *lm_note_;
  QSpinBox *example_, *position_;
  DistributionChart *class_chart_, *lm_chart_;
  QTimer* poll_timer_;
  SnapshotFeed feed_;  // last: its thread ends first
};

}  // namespace losslab::ui
