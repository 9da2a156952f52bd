// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's own copy of one run's metrics, as columns ready to plot. No Qt:
// it reads new records from the lock-free logs with its own cursors, so the
// trainer never waits for the GUI, and keeps the smoothed curves up to date
// incrementally (recomputed in full only when the smoothing weight changes).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "losslab/metrics.hpp"
#include "losslab/session.hpp"
#include "ui/series_math.hpp"

namespace losslab::ui {

class RunHistory {
 public:
  explicit RunHistory(double smoothing = 0.6);

  // Copies what is new in `logs` (a new generation, after a reset, starts
  // the columns afresh). vocab and classes give the reference lines.
  // Returns true when anything changed.
  bool update(const std::shared_ptr<const MetricLogs>& logs, int vocab, int classes);
  // The event log of the run; only the events after the last reset are kept.
  void set_events(const std::vector<SessionEvent>& events);

  void set_smoothing(double weight);
  double smoothing() const { return smoothing_; }

  std::size_t size() const { return step.size(); }
  // Tokens seen when `steps_done` updates were applied (interpolates nothing:
  // the record of that step, or 0 before the first).
  double tokens_at(double steps_done) const;

  // Training steps. x: step = updates done (record.step + 1), tokens = targets seen.
  std::vector<double> step, tokens;
  std::vector<double> loss, lm, ce, acc, nll, ppl, grad_norm, lr, lambda, eps, wall;
  std::vector<double> s_loss, s_lm, s_ce, s_acc, s_ppl;  // smoothed (debiased EMA)
  std::vector<double> floor_lm, floor_ce, floor_total;  // H(q) for the eps in force
  std::vector<double> chance_total;                      // lambda ln V + (1 - lambda) ln C
  // Evaluations (x: updates applied before the evaluation).
  std::vector<double> v_step, v_tokens, v_loss, v_lm, v_ce, v_acc, v_ppl, v_ece;
  std::vector<SessionEvent> events;
  int vocab = 0, classes = 0;
  std::size_t generation = 0;  // counts the metric generations seen

 private:
  void clear_columns();
  void append(const StepRecord& r);
  void append(const EvalRecord& r);

  std::shared_ptr<const MetricLogs> logs_;
  std::size_t step_cursor_ = 0, eval_cursor_ = 0;
  std::vector<StepRecord> step_buf_;
  std::vector<EvalRecord> eval_buf_;
  double smoothing_;
  DebiasedEma e_loss_, e_lm_, e_ce_, e_acc_, e_nll_;
};

}  // namespace losslab::ui
