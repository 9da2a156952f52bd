// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/trainer.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "losslab/loss.hpp"
#include "losslab/model.hpp"
#include "losslab/optimizer.hpp"

namespace losslab {

struct Trainer::Parallel {
  tbb::task_arena arena;
  explicit Parallel(int threads) : arena(threads) {}
};

namespace {

int resolve_threads(int requested) {
#ifdef LOSSLAB_TSAN_ONE_THREAD
  // Debian's oneTBB is not built for TSan; one thread keeps its reports about our code.
  (void)requested;
  return 1;
#else
  const int cores = tbb::info::default_concurrency();
  return requested > 0 ? requested : std::max(1, cores);
#endif
}


}  // namespace

Trainer::Trainer(const RunSettings& settings, std::shared_ptr<const DataSet> data)
    : settings_(settings), data_(std::move(data)) {
  if (!data_) throw std::invalid_argument("Trainer: no data set");
  if (data_->train.empty()) throw DataError("data set '" + data_->name + "' has no training examples");
  tokenizer_ = train_tokenizer(*data_);
  settings_.model.vocab_size = tokenizer_.vocab_size();
  settings_.model.n_class = data_->n_class();
  if (!data_->has_labels()) settings_.lambda = 1.0;  // LM only: there is no classification term
  settings_.data_hash = data_->content_hash;
  settings_.validate();
  parallel_ = std::make_unique<Parallel>(resolve_threads(settings_.threads));
  batches_ = std::make_unique<BatchSource>(*data_, tokenizer_, settings_.batch_size, settings_.model.block_size,
                                           settings_.seed);
  model_ = std::make_unique<Gpt<float>>(settings_.model, settings_.batch_size);
  model_->init_weights(settings_.seed);
  adamw_ = std::make_unique<AdamW>(model_->layout());
  adam_m_.assign(model_->layout().total, 0.0f);
  adam_v_.assign(model_->layout().total, 0.0f);
  trunk_scratch_.assign(model_->layout().total, 0.0f);
}

Trainer::~Trainer() = default;

void Trainer::apply_live_settings(const RunSettings& s) {
  for (const auto& key : setting_keys()) {
    if (key.live || key.key == "data_hash") continue;
    if (get_setting(s, key.key) != get_setting(settings_, key.key))
      throw SettingsError("setting '" + std::string(key.key) +
                          "' can't change while a run is live: it needs a new model or data; reset the run with "
                          "the new value");
  }
  RunSettings next = s;
  next.model = settings_.model;  // vocab_size and n_class come from the data
  next.data_hash = settings_.data_hash;
  if (!data_->has_labels()) next.lambda = 1.0;
  next.validate();
  settings_ = next;
}

double Trainer::lr_at(int64_t t) const { return scheduled_lr(settings_, t); }

int Trainer::threads() const { return parallel_->arena.max_concurrency(); }

const ParamLayout& Trainer::layout() const { return model_->layout(); }
std::span<const float> Trainer::params() const { return model_->params(); }
std::span<float> Trainer::mutable_params() { return model_->params(); }
std::span<const float> Trainer::adam_m() const { return adam_m_; }
std::span<const float> Trainer::adam_v() const { return adam_v_; }

void Trainer::load_state(std::span<const float> params, std::span<const float> m, std::span<const float> v,
                         int64_t step, int64_t tokens) {
  TrainerSnapshot s{step, tokens, {params.begin(), params.end()}, {m.begin(), m.end()}, {v.begin(), v.end()}};
  restore(s);
}

StepOutcome Trainer::train_step(std::optional<double> lambda_override, double spike_factor) {
  const double lambda = data_->has_labels() ? lambda_override.value_or(settings_.lambda) : 1.0;
  const double eps = settings_.eps;
  const double lr = lr_at(step_);
  Batch& batch = batch_;
  batches_->train_batch(step_, batch);  // reuses batch_'s memory

  StepOutcome out;
  StepRecord& rec = out.record;
  BatchLoss loss;
  double norm = 0.0;
  parallel_->arena.execute([&] {
    loss = model_->run(batch, lambda, eps, /*want_grad=*/true);
    if (inject_nan_) {
      model_->grads()[model_->grads().size() / 2] = std::numeric_limits<float>::quiet_NaN();
      inject_nan_ = false;
    }
    norm = global_norm(model_->grads());
  });
  rec.step = step_;
  rec.loss = static_cast<float>(loss.loss);
  rec.lm_loss = static_cast<float>(loss.lm_loss);
  rec.ce_loss = static_cast<float>(loss.ce_loss);
  rec.lm_nll = static_cast<float>(loss.lm_nll);
  rec.accuracy = static_cast<float>(loss.accuracy);
  rec.grad_norm = static_cast<float>(norm);
  rec.lr = static_cast<float>(lr);
  rec.lambda = static_cast<float>(lambda);
  rec.eps = static_cast<float>(eps);
  if (lambda_override) rec.flags = *lambda_override >= 1.0 ? kStepLmOnly : kStepCeOnly;

  // Divergence guard: judged before anything is applied.
  if (!std::isfinite(loss.loss)) out.status = StepStatus::NonFiniteLoss;
  else if (!std::isfinite(norm)) out.status = StepStatus::NonFiniteGrad;
  else if (spike_factor > 0.0 && loss_ema_n_ >= 20 && loss.loss > spike_factor * loss_ema_)
    out.status = StepStatus::LossSpike;
  if (out.status != StepStatus::Applied) {
    rec.tokens = tokens_;
    return out;
  }

  parallel_->arena.execute([&] {
    clip_gradients(model_->grads(), norm, settings_.grad_clip);
    adamw_->step(model_->params(), model_->grads(), adam_m_, adam_v_,
                 {lr, settings_.beta1, settings_.beta2, settings_.eps_adam, settings_.weight_decay}, step_);
  });
  loss_ema_ = loss_ema_n_ == 0 ? loss.loss : 0.95 * loss_ema_ + 0.05 * loss.loss;
  ++loss_ema_n_;
  ++step_;
  tokens_ += loss.n_targets;
  rec.tokens = tokens_;
  return out;
}

EvalRecord Trainer::evaluate() {
  EvalRecord e;
  e.step = step_;
  const int n = std::min(settings_.eval_batches, batches_->n_val_batches());
  double lm_sum = 0, nll_sum = 0, ce_sum = 0, correct = 0;
  int64_t targets = 0, examples = 0;
  std::vector<float> conf;
  std::vector<uint8_t> ok;
  bool labels = false;
  for (int i = 0; i < n; ++i) {
    const Batch batch = batches_->val_batch(i);
    BatchLoss l;
    parallel_->arena.execute([&] { l = model_->run(batch, settings_.lambda, settings_.eps, false); });
    lm_sum += l.lm_loss * static_cast<double>(l.n_targets);
    nll_sum += l.lm_nll * static_cast<double>(l.n_targets);
    targets += l.n_targets;
    if (l.has_labels) {
      labels = true;
      ce_sum += l.ce_loss * l.n_examples;
      correct += l.accuracy * l.n_examples;
      examples += l.n_examples;
      conf.insert(conf.end(), model_->confidence().begin(), model_->confidence().end());
      ok.insert(ok.end(), model_->correct().begin(), model_->correct().end());
    }
  }
  const double lm = targets ? lm_sum / static_cast<double>(targets) : 0.0;
  const double nll = targets ? nll_sum / static_cast<double>(targets) : 0.0;
  const double ce = examples ? ce_sum / static_cast<double>(examples) : 0.0;
  const double lambda = labels ? settings_.lambda : 1.0;
  e.lm_loss = static_cast<float>(lm);
  e.ce_loss = static_cast<float>(ce);
  e.loss = static_cast<float>(lambda * lm + (1.0 - lambda) * ce);
  e.lm_nll = static_cast<float>(nll);
  e.ppl = static_cast<float>(std::exp(nll));
  e.accuracy = static_cast<float>(examples ? correct / static_cast<double>(examples) : 0.0);
  e.ece = static_cast<float>(expected_calibration_error(conf.data(), ok.data(), static_cast<int64_t>(conf.size())));
  e.smoothed_floor_lm = static_cast<float>(smoothed_loss_floor(settings_.eps, settings_.model.vocab_size));
  e.smoothed_floor_ce = static_cast<float>(smoothed_loss_floor(settings_.eps, settings_.model.n_class));
  return e;
}

GradInteraction Trainer::grad_interaction() {
  GradInteraction gi;
  gi.step = step_;
  if (!data_->has_labels()) return gi;
  batches_->train_batch(step_, batch_);
  const Batch& batch = batch_;
  // The shared trunk: every tensor but the two heads (cls_head, and wte, which is the LM head).
  std::vector<std::pair<std::size_t, std::size_t>> trunk;
  for (const auto& t : model_->layout().tensors)
    if (t.name != "transformer.wte.weight" && t.name.rfind("cls_head.", 0) != 0) trunk.emplace_back(t.offset, t.size);
  parallel_->arena.execute([&] {
    model_->run(batch, 1.0, settings_.eps, true);
    std::copy(model_->grads().begin(), model_->grads().end(), trunk_scratch_.begin());
    model_->run(batch, 0.0, settings_.eps, true);
  });
  double lm2 = 0, ce2 = 0, dot = 0;
  const auto& g = model_->grads();
  for (auto [off, n] : trunk)
    for (std::size_t i = off; i < off + n; ++i) {
      lm2 += static_cast<double>(trunk_scratch_[i]) * trunk_scratch_[i];
      ce2 += static_cast<double>(g[i]) * g[i];
      dot += static_cast<double>(trunk_scratch_[i]) * g[i];
    }
  gi.lm_norm = static_cast<float>(std::sqrt(lm2));
  gi.ce_norm = static_cast<float>(std::sqrt(ce2));
  gi.cosine = (lm2 > 0 && ce2 > 0) ? static_cast<float>(dot / std::sqrt(lm2 * ce2)) : 0.0f;
  return gi;
}

TrainerSnapshot Trainer::snapshot() const {
  const auto& p = model_->params();
  return {step_, tokens_, {p.begin(), p.end()}, {adam_m_.begin(), adam_m_.end()}, {adam_v_.begin(), adam_v_.end()}};
}

void Trainer::restore(const TrainerSnapshot& s) {
  if (s.params.size() != model_->params().size() || s.adam_m.size() != adam_m_.size() ||
      s.adam_v.size() != adam_v_.size())
    throw std::invalid_argument("Trainer::restore: snapshot is for a different model size");
  step_ = s.step;
  tokens_ = s.tokens;
  std::copy(s.params.begin(), s.params.end(), model_->params().begin());
  std::copy(s.adam_m.begin(), s.adam_m.end(), adam_m_.begin());
  std::copy(s.adam_v.begin(), s.adam_v.end(), adam_v_.begin());
  loss_ema_ = 0.0;
  loss_ema_n_ = 0;
}

}  // namespace losslab
