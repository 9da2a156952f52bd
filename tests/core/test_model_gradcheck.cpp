// SPDX-License-Identifier: GPL-3.0-or-later
// Whole-model finite-difference checks in float64, at lambda in {0, 0.3, 1}
// and eps in {0, 0.1}, on a batch that spans two chunks, has an empty text
// and a truncated one.
#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "losslab/model.hpp"

using namespace losslab;

namespace {

ModelConfig tiny_config() {
  ModelConfig c;
  c.vocab_size = 11;
  c.n_class = 3;
  c.block_size = 8;
  c.n_layer = 2;
  c.n_head = 2;
  c.n_embd = 8;
  return c;
}

Batch tiny_batch() {
  // 6 examples: two chunks of kChunkExamples = 4; lengths 3, 0 (empty), 9 (cut to 7), 1, 5, 2
  std::vector<std::vector<int32_t>> texts{{4, 5, 6}, {}, {7, 8, 9, 10, 4, 5, 6, 7, 8}, {10}, {5, 5, 6, 9, 4}, {8, 7}};
  return Batch::from_tokens(texts, {0, 2, 1, 1, 0, 2}, 8);
}

void randomise(Gpt<double>& m, uint64_t seed) {
  // Random values everywhere (also LayerNorm and biases) so every path is exercised.
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 0.4);
  for (auto& p : m.params()) p = nd(rng);
}

}  // namespace

class ModelGradcheck : public ::testing::TestWithParam<std::tuple<double, double>> {};

TEST_P(ModelGradcheck, MatchesFiniteDifferences) {
  const auto [lambda, eps] = GetParam();
  Gpt<double> model(tiny_config(), 8);
  randomise(model, 7);
  const Batch batch = tiny_batch();
  ASSERT_EQ(batch.n_truncated, 1);
  const BatchLoss base = model.run(batch, lambda, eps, true);
  EXPECT_NEAR(base.loss, lambda * base.lm_loss + (1 - lambda) * base.ce_loss, 1e-12);
  const auto analytic = model.grads();
  const double h = 1e-5;
  double num2 = 0, diff2 = 0;
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    double& p = model.params()[i];
    const double keep = p;
    p = keep + h;
    const double up = model.run(batch, lambda, eps, false).loss;
    p = keep - h;
    const double down = model.run(batch, lambda, eps, false).loss;
    p = keep;
    const double numeric = (up - down) / (2 * h);
    ASSERT_LT(std::abs(numeric - analytic[i]), 1e-7 + 1e-5 * std::abs(numeric))
        << "parameter element " << i << " analytic " << analytic[i] << " numeric " << numeric;
    num2 += numeric * numeric;
    diff2 += (numeric - analytic[i]) * (numeric - analytic[i]);
  }
  EXPECT_GT(num2, 0.0);
  EXPECT_LT(std::sqrt(diff2 / num2), 1e-7);
}

INSTANTIATE_TEST_SUITE_P(LambdaEps, ModelGradcheck,
                         ::testing::Combine(::testing::Values(0.0, 0.3, 1.0), ::testing::Values(0.0, 0.1)));

TEST(ModelGrad, UnusedTermGetsNoGradient) {
  Gpt<double> model(tiny_config(), 8);
  randomise(model, 3);
  const Batch batch = tiny_batch();
  const auto& L = model.layout();
  // lambda = 1: the class head gets no gradient, but L_CE is still measured
  auto r1 = model.run(batch, 1.0, 0.1, true);
  EXPECT_GT(r1.ce_loss, 0.0);
  for (std::size_t i = 0; i < L.find("cls_head.weight")->size; ++i) EXPECT_EQ(model.grads()[L.cls_w + i], 0.0);
  // lambda = 0: L_LM is still measured; wte gets gradient only through... nothing of the LM head
  auto r0 = model.run(batch, 0.0, 0.1, true);
  EXPECT_GT(r0.lm_loss, 0.0);
  EXPECT_NEAR(r0.loss, r0.ce_loss, 1e-15);
}

TEST(ModelGrad, FloatMatchesDouble) {
  // The spec's tolerance for an independent implementation: gradients within 1e-4 relative.
  Gpt<double> md(tiny_config(), 8);
  Gpt<float> mf(tiny_config(), 8);
  randomise(md, 11);
  for (std::size_t i = 0; i < md.params().size(); ++i) mf.params()[i] = static_cast<float>(md.params()[i]);
  for (std::size_t i = 0; i < md.params().size(); ++i) md.params()[i] = static_cast<double>(mf.params()[i]);
  const Batch batch = tiny_batch();
  auto rd = md.run(batch, 0.4, 0.1, true);
  auto rf = mf.run(batch, 0.4, 0.1, true);
  EXPECT_NEAR(rf.loss, rd.loss, 1e-5 * rd.loss);
  double n2 = 0, d2 = 0;
  for (std::size_t i = 0; i < md.grads().size(); ++i) {
    n2 += md.grads()[i] * md.grads()[i];
    d2 += (md.grads()[i] - mf.grads()[i]) * (md.grads()[i] - mf.grads()[i]);
  }
  EXPECT_LT(std::sqrt(d2 / n2), 1e-5);
}
