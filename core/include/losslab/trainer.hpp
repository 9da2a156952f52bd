// SPDX-License-Identifier: GPL-3.0-or-later
// One training run, driven step by step from one thread (oneTBB does the
// parallel work inside a step). No threads or locks of its own: Session
// (session.hpp) runs a Trainer on a worker thread.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "losslab/data/dataset.hpp"
#include "losslab/metrics.hpp"
#include "losslab/param_layout.hpp"
#include "losslab/settings.hpp"

namespace losslab {

template <typename T>
class Gpt;  // model.hpp
class AdamW;  // optimizer.hpp

// Why a step was not applied.
enum class StepStatus { Applied, NonFiniteLoss, NonFiniteGrad, LossSpike };

struct StepOutcome {
  StepStatus status = StepStatus::Applied;
  StepRecord record;  // filled in all cases (losses as measured); the update only when Applied
};

// Everything needed to resume: parameters, Adam moments, step count.
struct TrainerSnapshot {
  int64_t step = 0;
  int64_t tokens = 0;
  std::vector<float> params, adam_m, adam_v;
};

class Trainer {
 public:
  // Initialises the model from settings.seed. The data set must outlive the trainer.
  Trainer(const RunSettings& settings, std::shared_ptr<const DataSet> data);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  const RunSettings& settings() const { return settings_; }
  // Replaces the live settings (lambda, eps, lr, ...). Settings that change
  // the model or data must be equal to the current ones (throws SettingsError).
  void apply_live_settings(const RunSettings& s);

  // One optimiser step on the next training batch. lambda_override forces
  // lambda for this step only ("step LM only" = 1, "step CE only" = 0).
  // A non-finite loss or gradient (or, when spike_factor > 0, a loss above
  // spike_factor * the running mean) is caught before the update: nothing is
  // applied, the step counter does not move, and the status says why.
  StepOutcome train_step(std::optional<double> lambda_override = std::nullopt, double spike_factor = 0.0);

  // Validation losses and metrics on the fixed validation subset, at the current weights.
  EvalRecord evaluate();
  // Norms of the LM-term and CE-term gradients on the shared trunk and their cosine, on the next batch.
  GradInteraction grad_interaction();

  int64_t step() const { return step_; }     // updates applied so far
  int64_t tokens() const { return tokens_; }  // training targets seen so far
  double lr_at(int64_t t) const;              // the schedule: lr * f(t)

  TrainerSnapshot snapshot() const;
  void restore(const TrainerSnapshot& s);

  const ParamLayout& layout() const;
  // Flat buffers laid out by layout(): parameters and Adam moments.
  std::span<const float> params() const;
  std::span<float> mutable_params();
  std::span<const float> adam_m() const;
  std::span<const float> adam_v() const;
  // Restores parameters, moments and the step counter from a checkpoint.
  void load_state(std::span<const float> params, std::span<const float> m, std::span<const float> v, int64_t step,
                  int64_t tokens);
  const Tokenizer& tokenizer() const { return tokenizer_; }
  const DataSet& data() const { return *data_; }
  int threads() const;  // worker threads in use

  // Testing hook: the next train_step sees a NaN in one gradient element, as
  // a real overflow would produce.
  void inject_nonfinite_gradient_once() { inject_nan_ = true; }

 private:
  RunSettings settings_;
  std::shared_ptr<const DataSet> data_;
  Tokenizer tokenizer_;
  std::unique_ptr<BatchSource> batches_;
  Batch batch_;  // the training batch, refilled in place every step
  struct Parallel;  // the oneTBB arena this trainer's work runs in
  std::unique_ptr<Parallel> parallel_;
  std::unique_ptr<Gpt<float>> model_;
  std::unique_ptr<AdamW> adamw_;
  std::vector<float> trunk_scratch_;  // gradient interaction: the LM-term trunk gradient
  bool inject_nan_ = false;
  std::vector<float, Eigen::aligned_allocator<float>> adam_m_, adam_v_;
  int64_t step_ = 0, tokens_ = 0;
  double loss_ema_ = 0.0;  // for the optional spike guard
  int64_t loss_ema_n_ = 0;
};

}  // namespace losslab
