// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/run_history.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::ui {

RunHistory::RunHistory(double smoothing)
    : smoothing_(smoothing),
      e_loss_(smoothing),
      e_lm_(smoothing),
      e_ce_(smoothing),
      e_acc_(smoothing),
      e_nll_(smoothing) {}

void RunHistory::clear_columns() {
  for (auto* c : {&step, &tokens, &loss, &lm, &ce, &acc, &nll, &ppl, &grad_norm, &lr, &lambda, &eps, &wall,
                  &s_loss, &s_lm, &s_ce, &s_acc, &s_ppl, &floor_lm, &floor_ce, &floor_total, &chance_total,
                  &v_step, &v_tokens, &v_loss, &v_lm, &v_ce, &v_acc, &v_ppl, &v_ece})
    c->clear();
  for (auto* e : {&e_loss_, &e_lm_, &e_ce_, &e_acc_, &e_nll_}) *e = DebiasedEma(smoothing_);
  step_cursor_ = eval_cursor_ = 0;
}

void RunHistory::append(const StepRecord& r) {
  step.push_back(static_cast<double>(r.step + 1));
  tokens.push_back(static_cast<double>(r.tokens));
  loss.push_back(r.loss);
  lm.push_back(r.lm_loss);
  ce.push_back(r.ce_loss);
  acc.push_back(r.accuracy);
  nll.push_back(r.lm_nll);
  ppl.push_back(std::exp(static_cast<double>(r.lm_nll)));
  grad_norm.push_back(r.grad_norm);
  lr.push_back(r.lr);
  lambda.push_back(r.lambda);
  eps.push_back(r.eps);
  wall.push_back(r.wall_s);
  s_loss.push_back(e_loss_.push(r.loss));
  s_lm.push_back(e_lm_.push(r.lm_loss));
  s_ce.push_back(e_ce_.push(r.ce_loss));
  s_acc.push_back(e_acc_.push(r.accuracy));
  s_ppl.push_back(std::exp(e_nll_.push(r.lm_nll)));
  const double hv = vocab > 1 ? smoothed_loss_floor(r.eps, vocab) : NAN;
  const double hc = classes > 1 ? smoothed_loss_floor(r.eps, classes) : NAN;
  floor_lm.push_back(hv);
  floor_ce.push_back(hc);
  floor_total.push_back(r.lambda * hv + (1.0 - r.lambda) * hc);
  const double lv = vocab > 1 ? std::log(vocab) : NAN, lc = classes > 1 ? std::log(classes) : NAN;
  chance_total.push_back(r.lambda * lv + (1.0 - r.lambda) * lc);
}

void RunHistory::append(const EvalRecord& r) {
  v_step.push_back(static_cast<double>(r.step));
  v_tokens.push_back(tokens_at(static_cast<double>(r.step)));
  v_loss.push_back(r.loss);
  v_lm.push_back(r.lm_loss);
  v_ce.push_back(r.ce_loss);
  v_acc.push_back(r.accuracy);
  v_ppl.push_back(r.ppl);
  v_ece.push_back(r.ece);
}

double RunHistory::tokens_at(double steps_done) const {
  // step[] is ascending: the record whose x equals steps_done, or the last before it.
  auto it = std::upper_bound(step.begin(), step.end(), steps_done);
  if (it == step.begin()) return 0.0;
  return tokens[static_cast<std::size_t>(it - step.begin()) - 1];
}

bool RunHistory::update(const std::shared_ptr<const MetricLogs>& logs, int vocab_size, int n_classes) {
  bool changed = false;
  if (logs != logs_) {
    logs_ = logs;
    vocab = vocab_size;
    classes = n_classes;
    clear_columns();
    ++generation;
    changed = true;
  }
  if (!logs_) return changed;
  if (vocab_size != vocab || n_classes != classes) {
    vocab = vocab_size;
    classes = n_classes;
  }
  step_buf_.clear();
  step_cursor_ = logs_->steps.read_since(step_cursor_, step_buf_);
  for (const auto& r : step_buf_) append(r);
  eval_buf_.clear();
  eval_cursor_ = logs_->evals.read_since(eval_cursor_, eval_buf_);
  for (const auto& r : eval_buf_) append(r);
  return changed || !step_buf_.empty() || !eval_buf_.empty();
}

void RunHistory::set_events(const std::vector<SessionEvent>& all) {
  std::size_t first = 0;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].kind == "reset") first = i + 1;
  events.assign(all.begin() + static_cast<std::ptrdiff_t>(first), all.end());
}

void RunHistory::set_smoothing(double weight) {
  if (weight == smoothing_) return;
  smoothing_ = weight;
  s_loss = debiased_ema(loss, weight);
  s_lm = debiased_ema(lm, weight);
  s_ce = debiased_ema(ce, weight);
  s_acc = debiased_ema(acc, weight);
  s_ppl = debiased_ema(nll, weight);
  for (double& v : s_ppl) v = std::exp(v);
  // Continue from the state the full pass ends in.
  for (auto* e : {&e_loss_, &e_lm_, &e_ce_, &e_acc_, &e_nll_}) *e = DebiasedEma(weight);
  for (double v : loss) e_loss_.push(v);
  for (double v : lm) e_lm_.push(v);
  for (double v : ce) e_ce_.push(v);
  for (double v : acc) e_acc_.push(v);
  for (double v : nll) e_nll_.push(v);
}

}  // namespace losslab::ui
