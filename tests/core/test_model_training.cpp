// SPDX-License-Identifier: GPL-3.0-or-later
// The float model as it trains: loss at initialisation, overfitting one
// batch, bitwise determinism across thread counts, a golden trajectory.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <random>

#include "losslab/model.hpp"
#include "losslab/optimizer.hpp"

using namespace losslab;

namespace {

ModelConfig small_config() {
  ModelConfig c;
  c.vocab_size = 40;
  c.n_class = 4;
  c.block_size = 24;
  c.n_layer = 2;
  c.n_head = 2;
  c.n_embd = 32;
  return c;
}

Batch random_batch(uint64_t seed, int B, const ModelConfig& c) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<int32_t>> texts(B);
  std::vector<int32_t> labels(B);
  for (int b = 0; b < B; ++b) {
    const int n = static_cast<int>(rng() % (c.block_size + 4));  // some get cut
    for (int i = 0; i < n; ++i) texts[b].push_back(static_cast<int32_t>(kFirstChar + rng() % (c.vocab_size - 4)));
    labels[b] = static_cast<int32_t>(rng() % c.n_class);
  }
  return Batch::from_tokens(texts, labels, c.block_size);
}

// A short training run: losses of each step.
std::vector<float> train(int threads, int steps) {
  tbb::task_arena arena(threads);
  std::vector<float> losses;
  arena.execute([&] {
    const auto c = small_config();
    Gpt<float> m(c, 16);
    m.init_weights(42);
    AdamW opt(m.layout());
    std::vector<float> mo(m.layout().total, 0), vo(m.layout().total, 0);
    for (int t = 0; t < steps; ++t) {
      const Batch b = random_batch(100 + t, 16, c);
      const auto r = m.run(b, 0.5, 0.1, true);
      const double n = global_norm(m.grads());
      clip_gradients(m.grads(), n, 1.0);
      opt.step(m.params(), m.grads(), mo, vo, {3e-3, 0.9, 0.95, 1e-8, 0.1}, t);
      losses.push_back(static_cast<float>(r.loss));
    }
    losses.push_back(m.params()[m.layout().blocks[1].fc_w + 5]);
  });
  return losses;
}

}  // namespace

TEST(ModelTraining, InitialLossNearChance) {
  ModelConfig c = small_config();
  c.vocab_size = 96;
  Gpt<float> m(c, 32);
  m.init_weights(1);
  const auto r = m.run(random_batch(5, 32, c), 0.5, 0.0, false);
  EXPECT_NEAR(r.lm_loss, std::log(96.0), 0.05);
  EXPECT_NEAR(r.ce_loss, std::log(4.0), 0.05);
}

TEST(ModelTraining, InitIsSeededAndSpecShaped) {
  const auto c = small_config();
  Gpt<float> a(c, 4), b(c, 4), d(c, 4);
  a.init_weights(9);
  b.init_weights(9);
  d.init_weights(10);
  EXPECT_EQ(a.params(), b.params());
  EXPECT_NE(a.params(), d.params());
  const auto& L = a.layout();
  auto stddev = [&](const std::string& name) {
    const auto* t = L.find(name);
    double s = 0;
    for (std::size_t i = 0; i < t->size; ++i) s += double(a.params()[t->offset + i]) * a.params()[t->offset + i];
    return std::sqrt(s / t->size);
  };
  EXPECT_NEAR(stddev("transformer.h.0.mlp.c_fc.weight"), 0.02, 0.002);
  EXPECT_NEAR(stddev("transformer.h.0.attn.c_proj.weight"), 0.02 / std::sqrt(4.0), 0.002);
  EXPECT_EQ(a.params()[L.blocks[0].ln1_w], 1.0f);
  EXPECT_EQ(a.params()[L.blocks[0].attn_b], 0.0f);
}

TEST(ModelTraining, OverfitsOneBatch) {
  ModelConfig c = small_config();
  Gpt<float> m(c, 8);
  m.init_weights(3);
  AdamW opt(m.layout());
  std::vector<float> mo(m.layout().total, 0), vo(m.layout().total, 0);
  const Batch b = random_batch(77, 8, c);
  double first = 0, last = 0;
  for (int t = 0; t < 150; ++t) {
    const auto r = m.run(b, 0.5, 0.0, true);
    if (t == 0) first = r.loss;
    last = r.loss;
    opt.step(m.params(), m.grads(), mo, vo, {3e-3, 0.9, 0.95, 1e-8, 0.0}, t);
  }
  const auto r = m.run(b, 0.5, 0.0, false);
  EXPECT_LT(last, 0.1 * first) << "first " << first << " last " << last;
  EXPECT_EQ(r.accuracy, 1.0);
}

TEST(ModelTraining, BitwiseIdenticalAcrossThreadCounts) {
  const auto one = train(1, 6), two = train(2, 6), eight = train(8, 6);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i], two[i]) << "step " << i;
    EXPECT_EQ(one[i], eight[i]) << "step " << i;
  }
}

TEST(ModelTraining, GoldenTrajectory) {
  // The first 20 losses of a fixed run. Regenerate only for an intended
  // numerical change, and say why in the commit.
  const std::vector<float> golden = {
#include "golden_trajectory.inc"
  };
  const auto losses = train(2, 20);
  ASSERT_EQ(golden.size(), 20u) << "golden file has " << golden.size() << " values";
  double worst = 0;
  for (int i = 0; i < 20; ++i) {
    worst = std::max(worst, std::abs(double(losses[i]) - golden[i]));
    EXPECT_NEAR(losses[i], golden[i], 1e-5 * std::abs(golden[i])) << "step " << i;
  }
  std::printf("golden trajectory: first %.6f last %.6f, max |diff| %.3g\n", losses[0], losses[19], worst);
}
