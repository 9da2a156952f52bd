// SPDX-License-Identifier: GPL-3.0-or-later
// The deterministic part of a run, shared by Session's worker thread and by
// replay_run: a Trainer plus everything that happens at a step boundary
// (snapshots, evaluations, gradient interaction, live settings, rollback,
// reset), so a live run and its replay go through the same code. No threads
// or locks here; the owner calls it from one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "losslab/session.hpp"

namespace losslab::detail {

// What a run reports as it goes. Called on the thread that drives the RunCore.
struct RunListener {
  virtual ~RunListener() = default;
  virtual void on_event(const SessionEvent&) {}
  // A new metrics generation (reset, rollback, restore); later records go there.
  virtual void on_generation(const std::shared_ptr<MetricLogs>&) {}
  virtual void on_step(const StepRecord&) {}
  virtual void on_eval(const EvalRecord&) {}
  virtual void on_interaction(const GradInteraction&) {}
};

enum class StepKind { Plain, LmOnly, CeOnly };

// Under LOSSLAB_TSAN_ONE_THREAD caps oneTBB at one thread for the whole
// process (Debian's libtbb is not instrumented for TSan), on top of the
// Trainer's own one-thread arena in that build. Idempotent. Otherwise each
// Trainer runs its work in its own oneTBB arena (trainer.cpp), so concurrent
// sessions share the cores through TBB's arena scheduling.
void setup_parallelism();

class RunCore {
 public:
  // Builds the Trainer from `settings` (initialised from the seed) and keeps
  // the first snapshot (step 0). `listener` must outlive the core.
  RunCore(const RunSettings& settings, std::shared_ptr<const DataSet> data, const SessionOptions& options,
          RunListener& listener);
  ~RunCore();

  // One attempt at a step. An LM-only / CE-only step is logged first. When
  // the trainer refuses the step, a "divergence" event is logged and its
  // message is returned in `divergence`; otherwise the record is stored and
  // the boundary work (snapshot, evaluation, interaction) is done.
  StepOutcome step(StepKind kind, std::string* divergence = nullptr);

  // Applies live changes together at this boundary (one event per key).
  // Throws SettingsError (nothing applied) if one is invalid or not live.
  void apply_sets(const std::vector<std::pair<std::string, nlohmann::json>>& sets);
  void reset();      // a new Trainer from the seed with the settings in force; a new generation
  int64_t rollback();  // back to the last snapshot; a new generation keeping the records up to it

  bool finished() const { return step() >= settings_.steps; }
  int64_t step() const;
  int64_t tokens() const;
  const RunSettings& settings() const { return settings_; }
  const SessionOptions& options() const { return options_; }
  const std::shared_ptr<MetricLogs>& logs() const { return logs_; }
  Trainer& trainer() { return *trainer_; }
  const Trainer& trainer() const { return *trainer_; }
  const std::optional<TrainerSnapshot>& last_snapshot() const { return snapshot_; }
  double active_seconds() const { return active_s_; }

  // For Session::load: the trainer state, the last good snapshot and the
  // metrics as saved.
  void restore_state(const TrainerSnapshot& current, std::optional<TrainerSnapshot> last_good,
                     std::shared_ptr<MetricLogs> logs, double active_s);

 private:
  void boundary_work();
  void new_generation(std::shared_ptr<MetricLogs> logs);
  void take_snapshot();

  RunSettings settings_;
  std::shared_ptr<const DataSet> data_;
  SessionOptions options_;
  RunListener& listener_;
  std::unique_ptr<Trainer> trainer_;
  std::optional<TrainerSnapshot> snapshot_;
  std::shared_ptr<MetricLogs> logs_;
  double active_s_ = 0.0;  // seconds spent in steps and evaluations (wall_s)
};

// Human-readable reason for a refused step.
const char* step_status_reason(StepStatus s);

}  // namespace losslab::detail
