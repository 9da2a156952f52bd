// SPDX-License-Identifier: GPL-3.0-or-later
// "What does the model do?": text sampled from the current run's model every
// N steps (temperature, top-k, top-p, a prompt), a probe box where one types
// a sentence and sees the class probabilities, and the confusion matrix and
// reliability diagram of the validation set. All forward passes run off the
// GUI thread on model snapshots.
#pragma once

#include <QWidget>
#include <memory>
#include <optional>

#include "losslab/inspect.hpp"
#include "ui/inspect_feed.hpp"

class QCheckBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace losslab {
class Session;
}

namespace losslab::ui {

class DistributionChart;
class ConfusionMatrixView;
class ReliabilityView;

class InspectPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InspectPanel(QWidget* parent = nullptr);
  ~InspectPanel() override;

  // GUI thread, on every window refresh: the current run (null: none). Asks
  // for a model snapshot when the run is new, has gone N steps further, was
  // reset, or "Sample now" was pressed. Pointers are used during the call only.
  void show_run(int run_id, Session* session);
  static QString dock_title() { return tr("Inside the model"); }

  std::shared_ptr<const ModelSnapshot> snapshot() const { return snap_; }
  const std::optional<ClassifyResult>& probe() const { return probe_; }
  const std::optional<ValidationReport>& report() const { return report_; }
  const std::optional<SampleResult>& last_sample() const { return sample_; }

  QLineEdit* prompt_edit() const { return prompt_; }
  QSpinBox* every_box() const { return every_; }
  QDoubleSpinBox* temperature_box() const { return temperature_; }
  QSpinBox* top_k_box() const { return top_k_; }
  QDoubleSpinBox* top_p_box() const { return top_p_; }
  QSpinBox* length_box() const { return length_; }
  QPushButton* sample_button() const { return sample_now_; }
  QPlainTextEdit* samples_view() const { return samples_; }
  QLineEdit* probe_edit() const { return probe_edit_; }
  DistributionChart* probe_chart() const { return probe_chart_; }
  ConfusionMatrixView* confusion_view() const { return confusion_; }
  ReliabilityView* reliability_view() const { return reliability_; }
  SnapshotFeed& feed() { return feed_; }

 signals:
  void sampled();          // a new sample is shown
  void probed();           // new class probabilities are shown
  void reportReady();      // a new validation report is shown

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void poll();
  void on_snapshot();
  void run_sample();
  void run_probe();
  void run_report();

  int run_id_ = 0;
  int64_t last_fetch_step_ = -1;
  bool want_fetch_ = false;
  std::shared_ptr<const ModelSnapshot> snap_;
  std::optional<ClassifyResult> probe_;
  std::optional<ValidationReport> report_;
  std::optional<SampleResult> sample_;
  uint64_t probe_serial_ = 0;
  uint64_t samples_asked_ = 0;  // seeds: step * 1000003 + this

  QGroupBox *sample_group_, *probe_group_, *valid_group_;
  QLabel *prompt_label_, *every_label_, *temperature_label_, *top_k_label_, *top_p_label_, *length_label_;
  QLineEdit* prompt_;
  QSpinBox *every_, *top_k_, *length_;
  QDoubleSpinBox *temperature_, *top_p_;
  QPushButton* sample_now_;
  QPlainTextEdit* samples_;
  QLineEdit* probe_edit_;
  QLabel* probe_label_;
  DistributionChart* probe_chart_;
  QCheckBox* whole_split_;
  QLabel* valid_label_;
  ConfusionMatrixView* confusion_;
  ReliabilityView* reliability_;
  QTimer *poll_timer_, *probe_timer_;
  SnapshotFeed feed_;  // last: its thread ends first
};

}  // namespace losslab::ui
