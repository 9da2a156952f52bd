// SPDX-License-Identifier: GPL-3.0-or-later
// inspect.hpp: sampling distributions (hand-computed), sampling determinism,
// the class probe, the validation report (its ECE equals the trainer's) and
// the term-by-term explanation of one example. The snapshot suite is named
// Session* so the ThreadSanitizer job runs it.
#include <gtest/gtest.h>

#include <cmath>
#include <future>
#include <iostream>
#include <numeric>
#include <random>
#include <thread>

#include "losslab/batch.hpp"
#include "losslab/inspect.hpp"
#include "losslab/loss.hpp"
#include "losslab/model.hpp"
#include "losslab/session.hpp"
#include "losslab/trainer.hpp"

using namespace losslab;

namespace {

std::shared_ptr<const DataSet> tiny_data() {
  static const std::shared_ptr<const DataSet> data = [] {
    auto d = std::make_shared<DataSet>();
    d->name = d->source = "test:inspect";
    d->format = "builtin";
    d->content_hash = "test-inspect-1";
    d->class_names = {"animals", "food", "weather"};
    const std::vector<std::vector<std::string>> words = {
        {"cat", "dog", "owl", "fox", "purrs", "barks"},
        {"bread", "soup", "rice", "apple", "tasty", "hot"},
        {"rain", "sun", "wind", "snow", "cold", "storm"}};
    std::mt19937 rng(3);
    for (int i = 0; i < 240; ++i) {
      Example e;
      e.label = i % 3;
      const int n = 2 + static_cast<int>(rng() % 4);
      for (int k = 0; k < n; ++k) e.text += (k ? " " : "") + words[e.label][rng() % 6];
      e.source_line = i + 1;
      (i % 8 == 0 ? d->val : d->train).push_back(e);
    }
    return d;
  }();
  return data;
}

RunSettings tiny_settings() {
  RunSettings s;
  s.data = "test:inspect";
  s.model.n_layer = 1;
  s.model.n_embd = 32;
  s.model.n_head = 2;
  s.model.block_size = 24;
  s.batch_size = 8;
  s.seed = 11;
  s.warmup_steps = 2;
  s.planned_steps = 100;
  s.steps = 30;
  s.eval_interval = 10;
  s.eval_batches = 3;
  s.lr = 3e-3;
  s.threads = 2;
  return s;
}

// A trainer after a few steps, so predictions are not uniform.
std::unique_ptr<Trainer> trained(int steps, double lambda = 0.5, double eps = 0.1) {
  RunSettings s = tiny_settings();
  s.lambda = lambda;
  s.eps = eps;
  auto t = std::make_unique<Trainer>(s, tiny_data());
  for (int i = 0; i < steps; ++i) t->train_step();
  return t;
}

std::vector<float> logs_of(std::initializer_list<double> p) {
  std::vector<float> z;
  for (double v : p) z.push_back(static_cast<float>(std::log(v)));
  return z;
}

void expect_dist(const std::vector<double>& got, std::initializer_list<double> want, double tol = 1e-6) {
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (double w : want) {
    if (w == 0.0) EXPECT_EQ(got[i], 0.0) << "id " << i;  // masked ids are exactly 0
    else EXPECT_NEAR(got[i], w, tol) << "id " << i;
    ++i;
  }
  EXPECT_NEAR(std::accumulate(got.begin(), got.end(), 0.0), 1.0, 1e-12);
}

}  // namespace

// ---- sampling_distribution, by hand -----------------------------------------

TEST(InspectSampling, PlainSoftmaxAndTemperature) {
  const auto z = logs_of({0.1, 0.2, 0.3, 0.4});
  expect_dist(sampling_distribution(z, 1.0, 0, 1.0), {0.1, 0.2, 0.3, 0.4});
  // T = 2 on logits log(1), log(4): p ~ (1, 2) -> (1/3, 2/3); T = 0.5: p ~ (1, 16).
  const auto z2 = logs_of({1.0, 4.0});
  expect_dist(sampling_distribution(z2, 2.0, 0, 1.0), {1.0 / 3, 2.0 / 3});
  expect_dist(sampling_distribution(z2, 0.5, 0, 1.0), {1.0 / 17, 16.0 / 17});
  // Large logits do not overflow (max-subtracted).
  expect_dist(sampling_distribution(std::vector<float>{1000.f, 1000.f}, 1.0, 0, 1.0), {0.5, 0.5});
}

TEST(InspectSampling, TopK) {
  const auto z = logs_of({0.1, 0.2, 0.3, 0.4});
  expect_dist(sampling_distribution(z, 1.0, 2, 1.0), {0, 0, 3.0 / 7, 4.0 / 7});
  expect_dist(sampling_distribution(z, 1.0, 1, 1.0), {0, 0, 0, 1});
  expect_dist(sampling_distribution(z, 1.0, 3, 1.0), {0, 2.0 / 9, 3.0 / 9, 4.0 / 9});
  // k >= K is no cut at all.
  expect_dist(sampling_distribution(z, 1.0, 4, 1.0), {0.1, 0.2, 0.3, 0.4});
  expect_dist(sampling_distribution(z, 1.0, 99, 1.0), {0.1, 0.2, 0.3, 0.4});
}

TEST(InspectSampling, TopKTiesKeepTheLowerIds) {
  const std::vector<float> z{1.f, 1.f, 1.f, 0.f};
  expect_dist(sampling_distribution(z, 1.0, 2, 1.0), {0.5, 0.5, 0, 0});
  expect_dist(sampling_distribution(z, 1.0, 1, 1.0), {1, 0, 0, 0});
  // Ties in the middle of the order: ids 1 and 3 tie for second place.
  const auto z2 = logs_of({0.1, 0.3, 0.4, 0.3});
  expect_dist(sampling_distribution(z2, 1.0, 2, 1.0), {0, 3.0 / 7, 4.0 / 7, 0});
}

TEST(InspectSampling, TopP) {
  const auto z = logs_of({0.1, 0.2, 0.3, 0.4});
  // 0.4 < 0.5, 0.4 + 0.3 >= 0.5: the two most probable.
  expect_dist(sampling_distribution(z, 1.0, 0, 0.5), {0, 0, 3.0 / 7, 4.0 / 7});
  // 0.4 + 0.3 + 0.2 = 0.9 >= 0.8: three.
  expect_dist(sampling_distribution(z, 1.0, 0, 0.8), {0, 2.0 / 9, 3.0 / 9, 4.0 / 9});
  // A tiny top_p still keeps the most probable id.
  expect_dist(sampling_distribution(z, 1.0, 0, 1e-9), {0, 0, 0, 1});
  // top_p = 1 is off.
  expect_dist(sampling_distribution(z, 1.0, 0, 1.0), {0.1, 0.2, 0.3, 0.4});
}

TEST(InspectSampling, TopPExactBoundaryAndTies) {
  // Four equal logits: 0.25 each (exact in binary). top_p = 0.5 is reached
  // exactly after two ids, so it keeps two (the lower ids), not three.
  const std::vector<float> z(4, 0.f);
  expect_dist(sampling_distribution(z, 1.0, 0, 0.5), {0.5, 0.5, 0, 0}, 0);
  expect_dist(sampling_distribution(z, 1.0, 0, 0.25), {1, 0, 0, 0}, 0);
  expect_dist(sampling_distribution(z, 1.0, 0, 0.5000001), {1.0 / 3, 1.0 / 3, 1.0 / 3, 0});
}

TEST(InspectSampling, TopKThenTopP) {
  // top_k = 3 first: (2, 3, 4)/9; then top_p = 0.5 on that: 4/9 < 0.5, 7/9 >= 0.5.
  const auto z = logs_of({0.1, 0.2, 0.3, 0.4});
  expect_dist(sampling_distribution(z, 1.0, 3, 0.5), {0, 0, 3.0 / 7, 4.0 / 7});
  // Temperature before the cuts: T = 0.5 on (0.1, .., 0.4) gives p ~ (1, 4, 9, 16)/30;
  // top_p = 0.5: 16/30 >= 0.5 keeps one.
  expect_dist(sampling_distribution(z, 0.5, 0, 0.5), {0, 0, 0, 1});
  expect_dist(sampling_distribution(z, 0.5, 0, 0.9), {0, 4.0 / 29, 9.0 / 29, 16.0 / 29});
}

TEST(InspectSampling, BadArgumentsThrowNamingTheKnob) {
  const std::vector<float> z{0.f, 1.f};
  auto message = [&](double t, int k, double p) {
    try {
      sampling_distribution(z, t, k, p);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no throw");
  };
  EXPECT_NE(message(0.0, 0, 1.0).find("temperature"), std::string::npos);
  EXPECT_NE(message(-1.0, 0, 1.0).find("temperature"), std::string::npos);
  EXPECT_NE(message(NAN, 0, 1.0).find("temperature"), std::string::npos);
  EXPECT_NE(message(INFINITY, 0, 1.0).find("temperature"), std::string::npos);
  EXPECT_NE(message(1.0, -1, 1.0).find("top_k"), std::string::npos);
  EXPECT_NE(message(1.0, 0, 0.0).find("top_p"), std::string::npos);
  EXPECT_NE(message(1.0, 0, 1.5).find("top_p"), std::string::npos);
  EXPECT_NE(message(1.0, 0, NAN).find("top_p"), std::string::npos);
  EXPECT_THROW(sampling_distribution(std::vector<float>{}, 1.0, 0, 1.0), std::invalid_argument);
}

// ---- on a trained snapshot ---------------------------------------------------

TEST(InspectSample, DeterministicPerSeed) {
  auto t = trained(15);
  const auto snap = make_model_snapshot(*t, tiny_data());
  EXPECT_EQ(snap->step, 15);
  const auto a = sample_text(*snap, "cat", 30, 1.5, 0, 1.0, 5);
  const auto b = sample_text(*snap, "cat", 30, 1.5, 0, 1.0, 5);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.text, b.text);
  EXPECT_FALSE(a.ids.empty());
  EXPECT_LE(a.ids.size(), 30u);
  for (int32_t id : a.ids) EXPECT_NE(id, kPad);
  // Another seed, at a high temperature, takes another path.
  bool differs = false;
  for (uint64_t seed = 6; seed < 10 && !differs; ++seed)
    differs = sample_text(*snap, "cat", 30, 1.5, 0, 1.0, seed).ids != a.ids;
  EXPECT_TRUE(differs);
  // top_k = 1 is greedy: the seed does not matter.
  EXPECT_EQ(sample_text(*snap, "cat", 20, 1.0, 1, 1.0, 1).ids, sample_text(*snap, "cat", 20, 1.0, 1, 1.0, 2).ids);
  // Contexts longer than block_size keep the last block_size ids.
  const auto longer = sample_text(*snap, "", 60, 1.0, 0, 1.0, 3);
  EXPECT_LE(longer.ids.size(), 60u);
  // Unknown prompt characters are counted; bad knobs throw.
  EXPECT_EQ(sample_text(*snap, "cat\xE2\x98\x83", 1, 1.0, 0, 1.0, 1).prompt_unknown, 1);
  EXPECT_THROW(sample_text(*snap, "cat", 5, 0.0, 0, 1.0, 1), std::invalid_argument);
  EXPECT_THROW(sample_text(*snap, "cat", -1, 1.0, 0, 1.0, 1), std::invalid_argument);
}

TEST(InspectClassify, ProbabilitiesSumToOneAndMatchTheTrainer) {
  auto t = trained(20);
  const auto snap = make_model_snapshot(*t, tiny_data());
  const auto r = classify_text(*snap, "cat dog purrs");
  ASSERT_EQ(r.probabilities.size(), 3u);
  EXPECT_NEAR(std::accumulate(r.probabilities.begin(), r.probabilities.end(), 0.0), 1.0, 1e-12);
  EXPECT_EQ(r.predicted, static_cast<int>(std::max_element(r.probabilities.begin(), r.probabilities.end()) -
                                          r.probabilities.begin()));
  EXPECT_EQ(r.chars, 13);
  EXPECT_EQ(r.chars_used, 13);
  EXPECT_FALSE(r.truncated);
  const auto cut = classify_text(*snap, std::string(100, 'a'));
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(cut.chars_used, tiny_settings().model.block_size - 1);
  EXPECT_EQ(classify_text(*snap, "cat\xE2\x98\x83 zz").unknown, 3);  // the snowman and z are not in the vocabulary
  // An LM-only snapshot has no class head.
  auto lm_only = std::make_shared<ModelSnapshot>(*snap);
  lm_only->class_names.clear();
  EXPECT_THROW(classify_text(*lm_only, "cat"), std::invalid_argument);
}

TEST(InspectValidation, EceAndAccuracyEqualTheTrainersEvaluation) {
  auto t = trained(25);
  const EvalRecord e = t->evaluate();
  const auto snap = make_model_snapshot(*t, tiny_data());
  const auto rep = validation_report(*snap, *tiny_data());
  EXPECT_EQ(static_cast<float>(rep.ece), e.ece);
  EXPECT_EQ(static_cast<float>(rep.accuracy), e.accuracy);
  EXPECT_GT(rep.ece, 0.0);
  EXPECT_EQ(rep.n, 3 * 8);  // eval_batches * batch_size
  EXPECT_EQ(rep.n_val, 30);
  EXPECT_EQ(rep.step, 25);
  int64_t sum = 0, binned = 0;
  for (int64_t c : rep.confusion) sum += c;
  for (const auto& b : rep.bins) binned += b.count;
  EXPECT_EQ(sum, rep.n);
  EXPECT_EQ(binned, rep.n);
  ASSERT_EQ(rep.bins.size(), 15u);
  // ECE recomputed from the bins: sum_b (n_b / n) |acc_b - conf_b|.
  double ece = 0;
  for (const auto& b : rep.bins) {
    ece += static_cast<double>(b.count) / rep.n * std::abs(b.accuracy - b.mean_confidence);
    if (b.count) {
      EXPECT_GT(b.mean_confidence, b.lo);
      EXPECT_LE(b.mean_confidence, b.hi + 1e-7);
    }
  }
  EXPECT_NEAR(ece, rep.ece, 1e-6);
  // The whole split: every validation example once.
  const auto all = validation_report(*snap, *tiny_data(), true, 10);
  EXPECT_EQ(all.n, 30);
  EXPECT_EQ(all.bins.size(), 10u);
  EXPECT_THROW(validation_report(*snap, *tiny_data(), false, 0), std::invalid_argument);
}

TEST(InspectExplain, TargetsSumToOneAndTheLossIsTheMix) {
  const double eps = 0.2;
  auto t = trained(20, 0.3, eps);
  const auto snap = make_model_snapshot(*t, tiny_data());
  const auto& data = *tiny_data();
  const int V = snap->settings.model.vocab_size;
  for (int idx : {0, 7}) {
    const auto e = explain_example(*snap, data, idx, 3, eps);
    EXPECT_EQ(e.example_index, idx);
    EXPECT_EQ(e.text, data.val[idx].text);
    EXPECT_EQ(e.lambda, 0.3);
    EXPECT_EQ(e.label, data.val[idx].label);
    ASSERT_EQ(e.q_class.size(), 3u);
    EXPECT_NEAR(std::accumulate(e.q_class.begin(), e.q_class.end(), 0.0), 1.0, 1e-12);
    EXPECT_NEAR(std::accumulate(e.p_class.begin(), e.p_class.end(), 0.0), 1.0, 1e-12);
    EXPECT_DOUBLE_EQ(e.q_class[e.label], 1.0 - eps + eps / 3);
    // LM target: q_target = 1 - eps + eps/V, the others eps/V; they sum to 1.
    EXPECT_DOUBLE_EQ(e.q_lm_target, 1.0 - eps + eps / V);
    EXPECT_DOUBLE_EQ(e.q_lm_other, eps / V);
    EXPECT_NEAR(e.q_lm_target + (V - 1) * e.q_lm_other, 1.0, 1e-12);
    EXPECT_EQ(e.lm_target.q, e.q_lm_target);
    EXPECT_EQ(e.lm_position, 3);
    EXPECT_EQ(e.n_positions, static_cast<int>(data.val[idx].text.size()) + 1);  // ASCII: chars + <eos>
    EXPECT_EQ(e.lm_target.text, data.val[idx].text.substr(3, 1));
    EXPECT_EQ(e.lm_context, data.val[idx].text.substr(0, 3));
    ASSERT_EQ(e.lm_top.size(), 8u);
    for (std::size_t i = 1; i < e.lm_top.size(); ++i) EXPECT_GE(e.lm_top[i - 1].p, e.lm_top[i].p);
    // The mix, recomputed.
    EXPECT_DOUBLE_EQ(e.loss, 0.3 * e.lm_loss + 0.7 * e.ce_loss);
    // The same example through the model's own fused loss (float): equal terms.
    Gpt<float> model(snap->settings.model, 1);
    std::copy(snap->params.begin(), snap->params.end(), model.params().begin());
    const Batch b = Batch::from_tokens({snap->tokenizer.encode(data.val[idx].text)}, {data.val[idx].label},
                                       snap->settings.model.block_size);
    const BatchLoss l = model.run(b, 0.3, eps, false);
    EXPECT_NEAR(e.lm_loss, l.lm_loss, 1e-5 * l.lm_loss);
    EXPECT_NEAR(e.ce_loss, l.ce_loss, 1e-5 * l.ce_loss);
    EXPECT_NEAR(e.loss, l.loss, 1e-5 * l.loss);
    // And the class term from smoothed_cross_entropy on p: -sum q log p.
    double ce = 0;
    for (int k = 0; k < 3; ++k) ce -= e.q_class[k] * std::log(e.p_class[k]);
    EXPECT_NEAR(ce, e.ce_loss, 1e-9);
    // The position's loss from its own target: -sum q log p over all V needs
    // every p; check its lower bound H(q) instead.
    EXPECT_GE(e.lm_position_loss, smoothed_loss_floor(eps, V) - 1e-9);
  }
  // eps moves q.
  const auto e0 = explain_example(*snap, data, 0, 3, 0.0);
  EXPECT_EQ(e0.q_class[e0.label], 1.0);
  EXPECT_EQ(e0.q_lm_other, 0.0);
  // Positions are clamped; bad arguments throw.
  EXPECT_EQ(explain_example(*snap, data, 0, 999, eps).lm_position, e0.n_positions - 1);
  EXPECT_THROW(explain_example(*snap, data, -1, 0, eps), std::out_of_range);
  EXPECT_THROW(explain_example(*snap, data, 30, 0, eps), std::out_of_range);
  EXPECT_THROW(explain_example(*snap, data, 0, 0, 1.5), std::invalid_argument);
}

// ---- Session::model_snapshot while training ----------------------------------

TEST(SessionSnapshot, TakenAtAStepBoundaryWhileTraining) {
  RunSettings s = tiny_settings();
  s.steps = 120;
  Session session(s, tiny_data());
  session.play();
  std::vector<std::shared_ptr<const ModelSnapshot>> snaps;
  while (session.state() == SessionState::Running || snaps.empty()) {
    snaps.push_back(session.model_snapshot());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (snaps.size() > 200) break;
  }
  session.wait_idle();
  snaps.push_back(session.model_snapshot());
  EXPECT_EQ(snaps.back()->step, 120);
  // Each snapshot equals, bitwise, a fresh trainer run to its step: no torn copy.
  Trainer fresh(s, tiny_data());
  std::size_t checked = 0;
  for (const auto& snap : snaps) {
    while (fresh.step() < snap->step) fresh.train_step();
    ASSERT_EQ(fresh.step(), snap->step);
    ASSERT_EQ(snap->params.size(), fresh.params().size());
    EXPECT_TRUE(std::equal(snap->params.begin(), snap->params.end(), fresh.params().begin())) << "step " << snap->step;
    ++checked;
  }
  std::cout << "[ snapshots ] " << snaps.size() << " taken, last mid-run step " << snaps[snaps.size() - 2]->step << "\n";
  EXPECT_GE(checked, 2u);
  // At least one was taken mid-run (the worker was training meanwhile).
  EXPECT_TRUE(std::any_of(snaps.begin(), snaps.end(), [](const auto& p) { return p->step > 0 && p->step < 120; }));
  // After stop() it still answers.
  session.stop();
  EXPECT_EQ(session.model_snapshot()->step, 120);
}

TEST(SessionSnapshot, RequestedWithoutWaiting) {
  RunSettings s = tiny_settings();
  s.steps = 60;
  auto session = std::make_unique<Session>(s, tiny_data());
  session->play();
  auto got = std::make_shared<std::promise<std::shared_ptr<const ModelSnapshot>>>();
  auto fut = got->get_future();
  session->request_model_snapshot([got](std::shared_ptr<const ModelSnapshot> p) { got->set_value(std::move(p)); });
  const auto snap = fut.get();
  ASSERT_TRUE(snap);
  Trainer fresh(s, tiny_data());
  while (fresh.step() < snap->step) fresh.train_step();
  EXPECT_TRUE(std::equal(snap->params.begin(), snap->params.end(), fresh.params().begin()));
  // A request still queued when the session goes away is answered or dropped, never touches freed memory.
  auto count = std::make_shared<std::atomic<int>>(0);
  for (int i = 0; i < 5; ++i) session->request_model_snapshot([count](auto) { ++*count; });
  session.reset();
  EXPECT_LE(count->load(), 5);
  // After stop() the answer comes at once, on the calling thread.
  Session stopped(s, tiny_data());
  stopped.stop();
  stopped.wait_idle();
  std::shared_ptr<const ModelSnapshot> direct;
  stopped.request_model_snapshot([&](std::shared_ptr<const ModelSnapshot> p) { direct = std::move(p); });
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->step, 0);
}
