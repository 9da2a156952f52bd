// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/inspect.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "losslab/loss.hpp"
#include "losslab/model.hpp"
#include "losslab/trainer.hpp"

namespace losslab {

std::shared_ptr<const ModelSnapshot> make_model_snapshot(const Trainer& trainer, std::shared_ptr<const DataSet> data) {
  auto s = std::make_shared<ModelSnapshot>();
  s->settings = trainer.settings();
  s->params.assign(trainer.params().begin(), trainer.params().end());
  s->tokenizer = trainer.tokenizer();
  s->class_names = trainer.data().class_names;
  s->step = trainer.step();
  s->data = std::move(data);
  return s;
}

namespace {

// The trainer's own model code, loaded with the snapshot's weights.
std::unique_ptr<Gpt<float>> load_model(const ModelSnapshot& snap, int max_batch) {
  auto m = std::make_unique<Gpt<float>>(snap.settings.model, max_batch);
  if (m->params().size() != snap.params.size())
    throw std::invalid_argument("model snapshot: " + std::to_string(snap.params.size()) +
                                " parameters, its settings need " + std::to_string(m->params().size()));
  std::copy(snap.params.begin(), snap.params.end(), m->params().begin());
  return m;
}

// softmax in double, max-subtracted.
std::vector<double> softmax(const float* z, int K) {
  std::vector<double> p(K);
  const double mx = *std::max_element(z, z + K);
  double sum = 0;
  for (int k = 0; k < K; ++k) sum += p[k] = std::exp(static_cast<double>(z[k]) - mx);
  for (auto& v : p) v /= sum;
  return p;
}

int argmax_lowest(const std::vector<double>& p) {
  return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());  // first maximum
}

// Ids ordered by probability, highest first; ties: the lower id first.
std::vector<int> order_by_prob(const std::vector<double>& p) {
  std::vector<int> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return p[a] > p[b]; });
  return idx;
}

// A uniform double in [0, 1) from 53 random bits: the same on every machine.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); }

// One example, as the batch code builds it.
Batch one_example(const std::vector<int32_t>& ids, int32_t label, int block_size) {
  return Batch::from_tokens({ids}, {label}, block_size);
}

std::string shown_token(const Tokenizer& tok, int32_t id) {
  if (id == kUnk) return "\xEF\xBF\xBD";  // U+FFFD
  if (id < kFirstChar) return {};
  return tok.token_text(id);
}

}  // namespace

std::vector<double> sampling_distribution(std::span<const float> logits, double temperature, int top_k, double top_p) {
  if (!(temperature > 0.0) || !std::isfinite(temperature))
    throw std::invalid_argument("sampling: temperature must be > 0, got " + std::to_string(temperature));
  if (top_k < 0) throw std::invalid_argument("sampling: top_k must be >= 0 (0 = off), got " + std::to_string(top_k));
  if (!(top_p > 0.0 && top_p <= 1.0))
    throw std::invalid_argument("sampling: top_p must be in (0, 1] (1 = off), got " + std::to_string(top_p));
  const int K = static_cast<int>(logits.size());
  if (K == 0) throw std::invalid_argument("sampling: no logits");
  std::vector<double> p(K);
  const double mx = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (int k = 0; k < K; ++k) sum += p[k] = std::exp((static_cast<double>(logits[k]) - mx) / temperature);
  for (auto& v : p) v /= sum;
  const auto order = order_by_prob(p);
  auto keep_first = [&](int n) {
    double kept = 0;
    for (int i = 0; i < K; ++i) {
      if (i < n) kept += p[order[i]];
      else p[order[i]] = 0.0;
    }
    for (auto& v : p) v /= kept;
  };
  if (top_k > 0 && top_k < K) keep_first(top_k);
  if (top_p < 1.0) {
    double cum = 0;
    int n = 0;
    while (n < K && (n == 0 || cum < top_p)) cum += p[order[n++]];
    keep_first(n);
  }
  return p;
}

SampleResult sample_text(const ModelSnapshot& snap, const std::string& prompt, int n_tokens, double temperature,
                         int top_k, double top_p, uint64_t seed) {
  sampling_distribution(std::vector<float>{0.0f}, temperature, top_k, top_p);  // validates the knobs
  if (n_tokens < 0) throw std::invalid_argument("sampling: n_tokens must be >= 0");
  const auto& c = snap.settings.model;
  SampleResult out;
  std::vector<int32_t> ctx{kBos};
  for (int32_t id : snap.tokenizer.encode(prompt, &out.prompt_unknown)) ctx.push_back(id);
  auto model = load_model(snap, 1);
  tbb::task_arena arena(1);
  std::mt19937_64 rng(seed);
  Batch b;
  b.B = 1;
  b.labels = {-1};
  std::vector<float> logits;
  for (int i = 0; i < n_tokens; ++i) {
    const int T = std::min<int>(static_cast<int>(ctx.size()), c.block_size);
    b.T = T;
    b.inputs.assign(ctx.end() - T, ctx.end());
    b.targets.assign(T, kPad);  // no loss: only the logits are wanted
    b.last = {T - 1};
    b.n_targets = 0;
    logits.resize(static_cast<std::size_t>(T) * c.vocab_size);
    arena.execute([&] { model->forward_logits(b, 1.0, 0.0, logits, {}); });
    const auto p = sampling_distribution(
        std::span<const float>(logits.data() + static_cast<std::size_t>(T - 1) * c.vocab_size, c.vocab_size),
        temperature, top_k, top_p);
    const double u = uniform01(rng);
    double cum = 0;
    int32_t next = -1;
    for (int k = 0; k < c.vocab_size && next < 0; ++k)
      if (p[k] > 0 && (cum += p[k]) > u) next = k;
    if (next < 0)  // rounding left u above the total: the last id with mass
      for (int k = c.vocab_size - 1; k >= 0 && next < 0; --k)
        if (p[k] > 0) next = k;
    out.ids.push_back(next);
    if (next == kEos) {
      out.ended_with_eos = true;
      break;
    }
    out.text += shown_token(snap.tokenizer, next);
    ctx.push_back(next);
  }
  return out;
}

ClassifyResult classify_text(const ModelSnapshot& snap, const std::string& text) {
  if (snap.class_names.empty())
    throw std::invalid_argument("classify: this run's data set has no labels, so there is no class head to ask");
  const auto& c = snap.settings.model;
  ClassifyResult r;
  const auto ids = snap.tokenizer.encode(text, &r.unknown);
  const Batch b = one_example(ids, -1, c.block_size);
  r.chars = static_cast<int64_t>(ids.size());
  r.chars_used = b.last[0];
  r.truncated = b.n_truncated > 0;
  std::vector<float> cls(c.n_class);
  auto model = load_model(snap, 1);
  tbb::task_arena(1).execute([&] { model->forward_logits(b, snap.settings.lambda, snap.settings.eps, {}, cls); });
  r.probabilities = softmax(cls.data(), c.n_class);
  r.predicted = argmax_lowest(r.probabilities);
  return r;
}

ValidationReport validation_report(const ModelSnapshot& snap, const DataSet& data, bool whole_split, int bins) {
  if (!data.has_labels()) throw std::invalid_argument("validation report: the data set has no labels");
  if (data.val.empty()) throw std::invalid_argument("validation report: the validation split is empty");
  if (bins < 1) throw std::invalid_argument("validation report: bins must be >= 1");
  const auto& s = snap.settings;
  const int C = s.model.n_class;
  // The batches the trainer's evaluate() reads, built by the same code.
  const BatchSource source(data, snap.tokenizer, s.batch_size, s.model.block_size, s.seed);
  const int n_batches = whole_split ? source.n_val_batches() : std::min(s.eval_batches, source.n_val_batches());
  ValidationReport rep;
  rep.n_class = C;
  rep.confusion.assign(static_cast<std::size_t>(C) * C, 0);
  rep.n_val = static_cast<int64_t>(data.val.size());
  rep.step = snap.step;
  std::vector<float> conf;
  std::vector<uint8_t> ok;
  auto model = load_model(snap, s.batch_size);
  tbb::task_arena arena;
  for (int i = 0; i < n_batches; ++i) {
    const Batch b = source.val_batch(i);
    arena.execute([&] { model->run(b, s.lambda, s.eps, false); });
    for (int j = 0; j < b.B; ++j) {
      ++rep.confusion[static_cast<std::size_t>(b.labels[j]) * C + model->predicted()[j]];
      conf.push_back(model->confidence()[j]);
      ok.push_back(model->correct()[j]);
    }
  }
  rep.n = static_cast<int64_t>(conf.size());
  int64_t right = 0;
  for (int k = 0; k < C; ++k) right += rep.at(k, k);
  rep.accuracy = rep.n ? static_cast<double>(right) / static_cast<double>(rep.n) : 0.0;
  rep.ece = expected_calibration_error(conf.data(), ok.data(), rep.n, bins);
  // The bins of that ECE: (b/M, (b+1)/M], confidence 0 in the first (loss.cpp).
  rep.bins.resize(bins);
  for (int k = 0; k < bins; ++k) {
    rep.bins[k].lo = static_cast<double>(k) / bins;
    rep.bins[k].hi = static_cast<double>(k + 1) / bins;
  }
  std::vector<double> conf_sum(bins, 0.0), acc_sum(bins, 0.0);
  for (std::size_t i = 0; i < conf.size(); ++i) {
    const int k = std::clamp(static_cast<int>(std::ceil(static_cast<double>(conf[i]) * bins)) - 1, 0, bins - 1);
    ++rep.bins[k].count;
    conf_sum[k] += conf[i];
    acc_sum[k] += ok[i] ? 1.0 : 0.0;
  }
  for (int k = 0; k < bins; ++k)
    if (rep.bins[k].count > 0) {
      rep.bins[k].mean_confidence = conf_sum[k] / static_cast<double>(rep.bins[k].count);
      rep.bins[k].accuracy = acc_sum[k] / static_cast<double>(rep.bins[k].count);
    }
  return rep;
}

ExampleExplanation explain_example(const ModelSnapshot& snap, const DataSet& data, int example_index, int lm_position,
                                   double eps, int top_k) {
  if (example_index < 0 || example_index >= static_cast<int>(data.val.size()))
    throw std::out_of_range("explain: example " + std::to_string(example_index) + " not in the validation split [0, " +
                            std::to_string(data.val.size()) + ")");
  if (!(eps >= 0.0 && eps <= 1.0)) throw std::invalid_argument("explain: eps must be in [0, 1]");
  const auto& c = snap.settings.model;
  const Example& ex = data.val[example_index];
  const bool labelled = data.has_labels() && ex.label >= 0 && ex.label < c.n_class;
  const auto ids = snap.tokenizer.encode(ex.text);
  const Batch b = one_example(ids, labelled ? ex.label : -1, c.block_size);

  ExampleExplanation e;
  e.example_index = example_index;
  e.text = ex.text;
  e.lambda = labelled ? snap.settings.lambda : 1.0;
  e.eps = eps;
  e.truncated = b.n_truncated > 0;
  e.vocab_size = c.vocab_size;
  std::vector<float> lm(static_cast<std::size_t>(b.T) * c.vocab_size), cls(c.n_class);
  auto model = load_model(snap, 1);
  tbb::task_arena(1).execute([&] { model->forward_logits(b, e.lambda, eps, lm, cls); });

  if (labelled) {
    const int C = c.n_class;
    e.label = ex.label;
    e.n_class = C;
    e.p_class = softmax(cls.data(), C);
    e.q_class.assign(C, eps / C);
    e.q_class[e.label] += 1.0 - eps;
    e.ce_loss = smoothed_cross_entropy<double>(std::vector<double>(cls.begin(), cls.end()).data(), C, e.label, eps,
                                               nullptr, 0.0).loss;
  }

  // LM: every target of the example (positions 0..last), CE_eps at each.
  const int V = c.vocab_size;
  e.n_positions = b.last[0] + 1;
  e.lm_position = std::clamp(lm_position, 0, e.n_positions - 1);
  std::vector<double> z(V);
  double lm_sum = 0;
  for (int t = 0; t < e.n_positions; ++t) {
    const float* row = lm.data() + static_cast<std::size_t>(t) * V;
    std::copy(row, row + V, z.begin());
    const double loss = smoothed_cross_entropy<double>(z.data(), V, b.targets[t], eps, nullptr, 0.0).loss;
    lm_sum += loss;
    if (t == e.lm_position) e.lm_position_loss = loss;
  }
  e.lm_loss = lm_sum / e.n_positions;
  e.loss = labelled ? e.lambda * e.lm_loss + (1.0 - e.lambda) * e.ce_loss : e.lm_loss;

  const int t = e.lm_position;
  const auto p = softmax(lm.data() + static_cast<std::size_t>(t) * V, V);
  e.q_lm_other = eps / V;
  e.q_lm_target = 1.0 - eps + eps / V;
  const int32_t target = b.targets[t];
  for (int j = 1; j <= t; ++j) e.lm_context += shown_token(snap.tokenizer, b.inputs[j]);
  auto token = [&](int32_t id) {
    return TokenProb{id, snap.tokenizer.token_text(id), p[id], id == target ? e.q_lm_target : e.q_lm_other};
  };
  e.lm_target = token(target);
  const auto order = order_by_prob(p);
  for (int i = 0; i < std::min(top_k, V); ++i) e.lm_top.push_back(token(order[i]));
  return e;
}

}  // namespace losslab
