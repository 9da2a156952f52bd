// SPDX-License-Identifier: GPL-3.0-or-later
// Losses and AdamW against values computed by hand; the combined loss; the
// schedule; clipping; ECE.
#include <gtest/gtest.h>

#include <cmath>

#include "losslab/loss.hpp"
#include "losslab/model.hpp"
#include "losslab/optimizer.hpp"

using namespace losslab;

// logits (1, 2, 3): lse = ln(e + e^2 + e^3) = 3.4076059644443806 (by hand)
constexpr double kLse = 3.4076059644443806;

TEST(SmoothedCrossEntropy, HandComputedValues) {
  const double z[3] = {1, 2, 3};
  // eps = 0: plain CE = lse - z_y
  EXPECT_NEAR(smoothed_cross_entropy<double>(z, 3, 0, 0.0, nullptr, 1).loss, kLse - 1, 1e-14);
  EXPECT_NEAR(smoothed_cross_entropy<double>(z, 3, 2, 0.0, nullptr, 1).loss, kLse - 3, 1e-14);
  // eps = 0.1, y = 0: q = (0.9 + 0.1/3, 0.1/3, 0.1/3); CE = lse - 0.9*1 - (0.1/3)*6
  EXPECT_NEAR(smoothed_cross_entropy<double>(z, 3, 0, 0.1, nullptr, 1).loss, kLse - 0.9 - 0.2, 1e-14);
  // eps = 1: q uniform; CE = lse - mean(z)
  auto r = smoothed_cross_entropy<double>(z, 3, 1, 1.0, nullptr, 1);
  EXPECT_NEAR(r.loss, kLse - 2, 1e-14);
  EXPECT_NEAR(r.nll, kLse - 2, 1e-14);  // NLL is never smoothed: -log p_1 = lse - 2
  EXPECT_EQ(r.argmax, 2);
  EXPECT_NEAR(r.max_prob, std::exp(3 - kLse), 1e-14);
}

TEST(SmoothedCrossEntropy, GradientIsSoftmaxMinusQ) {
  const double z[3] = {1, 2, 3};
  double dz[3];
  smoothed_cross_entropy<double>(z, 3, 0, 0.1, dz, 2.0);
  const double p[3] = {std::exp(1 - kLse), std::exp(2 - kLse), std::exp(3 - kLse)};
  const double q[3] = {0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3};
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(dz[k], 2.0 * (p[k] - q[k]), 1e-14);
}

TEST(SmoothedCrossEntropy, TiesPredictLowestIndex) {
  const double z[4] = {0.5, 2, 2, 1};
  EXPECT_EQ(smoothed_cross_entropy<double>(z, 4, 0, 0, nullptr, 1).argmax, 1);
}

TEST(SmoothedCrossEntropy, FloorIsEntropyOfQ) {
  EXPECT_DOUBLE_EQ(smoothed_loss_floor(0.0, 10), 0.0);
  EXPECT_NEAR(smoothed_loss_floor(1.0, 10), std::log(10.0), 1e-12);
  // eps 0.1, K 4: q = (0.925, 0.025 x3)
  EXPECT_NEAR(smoothed_loss_floor(0.1, 4), -(0.925 * std::log(0.925) + 3 * 0.025 * std::log(0.025)), 1e-12);
  // and CE_eps reaches it when the logits are log q
  const double z[4] = {std::log(0.925), std::log(0.025), std::log(0.025), std::log(0.025)};
  EXPECT_NEAR(smoothed_cross_entropy<double>(z, 4, 0, 0.1, nullptr, 1).loss, smoothed_loss_floor(0.1, 4), 1e-12);
}

TEST(CombinedLoss, ZeroWeightsGiveHandComputedValues) {
  // All weights 0: every LN output is its bias (0), so LM logits are 0 and
  // L_LM = ln V for any eps; class logits are the class bias (1, 2, 3).
  ModelConfig c;
  c.vocab_size = 9;
  c.n_class = 3;
  c.block_size = 6;
  c.n_layer = 1;
  c.n_head = 2;
  c.n_embd = 4;
  Gpt<double> m(c, 4);
  std::fill(m.params().begin(), m.params().end(), 0.0);
  m.params()[m.layout().cls_b + 0] = 1;
  m.params()[m.layout().cls_b + 1] = 2;
  m.params()[m.layout().cls_b + 2] = 3;
  const Batch b = Batch::from_tokens({{4, 5}, {6, 7, 8}}, {0, 2}, 6);
  EXPECT_EQ(b.n_targets, 3 + 4);
  const double lambda = 0.3, eps = 0.1;
  auto r = m.run(b, lambda, eps, false);
  EXPECT_NEAR(r.lm_loss, std::log(9.0), 1e-12);
  EXPECT_NEAR(r.lm_nll, std::log(9.0), 1e-12);
  const double ce0 = kLse - 0.9 * 1 - 0.2, ce2 = kLse - 0.9 * 3 - 0.2;
  EXPECT_NEAR(r.ce_loss, (ce0 + ce2) / 2, 1e-12);
  EXPECT_NEAR(r.loss, lambda * std::log(9.0) + (1 - lambda) * (ce0 + ce2) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(r.accuracy, 0.5);  // both predict class 2
}

TEST(AdamW, OneStepByHand) {
  ModelConfig c;
  c.vocab_size = 5;
  c.n_class = 2;
  c.block_size = 2;
  c.n_layer = 1;
  c.n_head = 1;
  c.n_embd = 1;
  ParamLayout L(c);
  AdamW opt(L);
  std::vector<float> p(L.total, 1.0f), g(L.total, 0.5f), m(L.total, 0.0f), v(L.total, 0.0f);
  opt.step(p, g, m, v, {0.1, 0.9, 0.95, 1e-8, 0.1}, 0);
  // matrices: p = 1*(1 - 0.1*0.1) = 0.99; m = 0.05, v = 0.0125; m/bc1 = 0.5, sqrt(v/bc2) = 0.5
  // p = 0.99 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.89
  EXPECT_NEAR(p[L.wte], 0.89f, 1e-6);
  EXPECT_NEAR(p[L.blocks[0].attn_w], 0.89f, 1e-6);
  // vectors (biases, LayerNorm) are not decayed: 1 - 0.1 = 0.9
  EXPECT_NEAR(p[L.blocks[0].ln1_w], 0.9f, 1e-6);
  EXPECT_NEAR(p[L.cls_b], 0.9f, 1e-6);
  EXPECT_NEAR(m[0], 0.05f, 1e-7);
  EXPECT_NEAR(v[0], 0.0125f, 1e-8);
  // second step, g = -0.25: m = 0.045 - 0.025 = 0.02, v = 0.011875 + 0.003125 = 0.015
  std::fill(g.begin(), g.end(), -0.25f);
  const float before = p[L.cls_b];
  opt.step(p, g, m, v, {0.1, 0.9, 0.95, 1e-8, 0.1}, 1);
  const double bc1 = 1 - 0.81, bc2 = 1 - 0.9025;
  const double expect = before - 0.1 * (0.02 / bc1) / (std::sqrt(0.015 / bc2) + 1e-8);
  EXPECT_NEAR(p[L.cls_b], expect, 1e-6);
}

TEST(Schedule, WarmupThenCosine) {
  RunSettings s;
  s.lr = 1.0;
  s.warmup_steps = 10;
  s.planned_steps = 110;
  s.min_lr_ratio = 0.1;
  EXPECT_DOUBLE_EQ(scheduled_lr(s, 0), 0.1);   // (t+1)/W
  EXPECT_DOUBLE_EQ(scheduled_lr(s, 9), 1.0);
  EXPECT_DOUBLE_EQ(scheduled_lr(s, 10), 1.0);  // cos(0)
  EXPECT_NEAR(scheduled_lr(s, 60), 0.1 + 0.9 * 0.5, 1e-12);  // halfway
  EXPECT_NEAR(scheduled_lr(s, 110), 0.1, 1e-12);
  EXPECT_NEAR(scheduled_lr(s, 5000), 0.1, 1e-12);  // clamped at S
  s.schedule = Schedule::Constant;
  EXPECT_DOUBLE_EQ(scheduled_lr(s, 60), 1.0);
  s.warmup_steps = 0;
  EXPECT_DOUBLE_EQ(scheduled_lr(s, 0), 1.0);
}

TEST(Clipping, AsClipGradNorm) {
  std::vector<float> g{3, 4};  // norm 5
  const double n = global_norm(g);
  EXPECT_NEAR(n, 5.0, 1e-12);
  EXPECT_NEAR(clip_gradients(g, n, 1.0), 1.0 / (5 + 1e-6), 1e-12);
  EXPECT_NEAR(g[0], 3 / (5 + 1e-6), 1e-6);
  std::vector<float> h{0.3f, 0.4f};
  EXPECT_EQ(clip_gradients(h, global_norm(h), 1.0), 1.0);  // below the clip: untouched
  EXPECT_EQ(h[0], 0.3f);
}

TEST(Calibration, EceByHand) {
  // bins of width 1/15; 0.95 and 0.97 share the last bin, 0.5 is alone, 0.2 is alone
  const float conf[4] = {0.95f, 0.97f, 0.5f, 0.2f};
  const uint8_t ok[4] = {1, 0, 1, 0};
  // last bin: acc 0.5, conf 0.96 -> 0.46 * 2/4; 0.5-bin: |1 - 0.5| * 1/4; 0.2-bin: |0 - 0.2| * 1/4
  EXPECT_NEAR(expected_calibration_error(conf, ok, 4), 0.46 * 0.5 + 0.5 * 0.25 + 0.2 * 0.25, 1e-6);
  const float perfect[2] = {1.0f, 1.0f};
  const uint8_t yes[2] = {1, 1};
  EXPECT_NEAR(expected_calibration_error(perfect, yes, 2), 0.0, 1e-12);
}
