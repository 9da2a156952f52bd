// SPDX-License-Identifier: GPL-3.0-or-later
// Finite-difference checks of every layer's backward, in float64: the
// objective is sum(out * probe) for a fixed random probe, so d(out) = probe.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <vector>

#include "../../core/src/model/layers.hpp"

using namespace losslab::layers;
using Vec = std::vector<double>;

namespace {

Vec random_vec(std::size_t n, std::mt19937_64& rng, double scale = 1.0) {
  std::normal_distribution<double> nd(0.0, scale);
  Vec v(n);
  for (auto& x : v) x = nd(rng);
  return v;
}

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Checks analytic[i] == d f / d x[i] by central differences, for every i.
void expect_gradient(const std::function<double()>& f, Vec& x, const Vec& analytic, const char* what) {
  ASSERT_EQ(x.size(), analytic.size());
  const double h = 1e-6;
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double keep = x[i];
    x[i] = keep + h;
    const double up = f();
    x[i] = keep - h;
    const double down = f();
    x[i] = keep;
    const double numeric = (up - down) / (2 * h);
    const double err = std::abs(numeric - analytic[i]) / (1e-6 + std::abs(numeric));
    worst = std::max(worst, err);
    ASSERT_LT(std::abs(numeric - analytic[i]), 1e-7 + 1e-6 * std::abs(numeric))
        << what << "[" << i << "]: analytic " << analytic[i] << " numeric " << numeric;
  }
  ::testing::Test::RecordProperty(what, std::to_string(worst));
}

}  // namespace

TEST(LayerGradcheck, Linear) {
  std::mt19937_64 rng(1);
  const int R = 5, K = 4, N = 3;
  Vec in = random_vec(R * K, rng), w = random_vec(N * K, rng), b = random_vec(N, rng), probe = random_vec(R * N, rng);
  Vec out(R * N);
  auto f = [&] {
    linear_forward(out.data(), in.data(), w.data(), b.data(), R, K, N);
    return dot(out, probe);
  };
  Vec din(R * K, 0.0), dw(N * K), db(N);
  f();
  linear_backward(din.data(), dw.data(), db.data(), probe.data(), in.data(), w.data(), R, K, N, false);
  expect_gradient(f, in, din, "d_in");
  expect_gradient(f, w, dw, "d_w");
  expect_gradient(f, b, db, "d_b");
  // accumulate mode adds to what is there
  Vec din2(R * K, 1.0);
  linear_backward(din2.data(), dw.data(), db.data(), probe.data(), in.data(), w.data(), R, K, N, true);
  for (int i = 0; i < R * K; ++i) EXPECT_NEAR(din2[i], din[i] + 1.0, 1e-12);
}

TEST(LayerGradcheck, LayerNorm) {
  std::mt19937_64 rng(2);
  const int R = 4, d = 6;
  Vec in = random_vec(R * d, rng, 2.0), w = random_vec(d, rng), b = random_vec(d, rng), probe = random_vec(R * d, rng);
  Vec out(R * d), mean(R), rstd(R);
  auto f = [&] {
    layernorm_forward(out.data(), mean.data(), rstd.data(), in.data(), w.data(), b.data(), R, d);
    return dot(out, probe);
  };
  f();
  Vec din(R * d, 0.0), dw(d), db(d);
  layernorm_backward(din.data(), dw.data(), db.data(), probe.data(), in.data(), mean.data(), rstd.data(), w.data(), R, d);
  expect_gradient(f, in, din, "d_in");
  expect_gradient(f, w, dw, "d_w");
  expect_gradient(f, b, db, "d_b");
}

TEST(LayerGradcheck, Gelu) {
  std::mt19937_64 rng(3);
  const int n = 40;
  Vec in = random_vec(n, rng, 3.0), probe = random_vec(n, rng), out(n);
  auto f = [&] {
    gelu_forward(out.data(), in.data(), n);
    return dot(out, probe);
  };
  Vec din(n);
  gelu_backward(din.data(), probe.data(), in.data(), n);
  expect_gradient(f, in, din, "d_in");
  // value check against the formula at a few points
  Vec u{-3.0, -0.5, 0.0, 0.7, 2.5}, o(5);
  gelu_forward(o.data(), u.data(), 5);
  for (int i = 0; i < 5; ++i) {
    const double x = u[i];
    EXPECT_NEAR(o[i], 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x))), 1e-15);
  }
}

TEST(LayerGradcheck, CausalAttention) {
  std::mt19937_64 rng(4);
  const int n_ex = 2, Tn = 5, d = 6, H = 2;
  Vec qkv = random_vec(n_ex * Tn * 3 * d, rng), probe = random_vec(n_ex * Tn * d, rng);
  Vec y(n_ex * Tn * d), att(n_ex * H * Tn * Tn), scratch(Tn * Tn);
  auto f = [&] {
    attention_forward(y.data(), att.data(), qkv.data(), n_ex, Tn, d, H);
    return dot(y, probe);
  };
  f();
  Vec dqkv(qkv.size());
  attention_backward(dqkv.data(), scratch.data(), probe.data(), qkv.data(), att.data(), n_ex, Tn, d, H);
  expect_gradient(f, qkv, dqkv, "d_qkv");
  // causality: rows of att sum to one and see nothing after t
  for (int bh = 0; bh < n_ex * H; ++bh)
    for (int t = 0; t < Tn; ++t) {
      double s = 0;
      for (int u = 0; u < Tn; ++u) {
        const double p = att[(bh * Tn + t) * Tn + u];
        if (u > t) {
          EXPECT_EQ(p, 0.0);
        }
        s += p;
      }
      EXPECT_NEAR(s, 1.0, 1e-12);
    }
}

TEST(LayerGradcheck, Embedding) {
  std::mt19937_64 rng(5);
  const int n_ex = 2, Tn = 3, V = 5, block = 4, d = 3;
  std::vector<int32_t> x{1, 4, 4, 1, 2, 0};
  Vec wte = random_vec(V * d, rng), wpe = random_vec(block * d, rng), probe = random_vec(n_ex * Tn * d, rng);
  Vec out(n_ex * Tn * d);
  auto f = [&] {
    embedding_forward(out.data(), x.data(), wte.data(), wpe.data(), n_ex, Tn, d);
    return dot(out, probe);
  };
  Vec dwte(V * d, 0.0), dwpe(block * d);
  embedding_backward(dwte.data(), dwpe.data(), probe.data(), x.data(), n_ex, Tn, block, d);
  expect_gradient(f, wte, dwte, "d_wte");
  expect_gradient(f, wpe, dwpe, "d_wpe");
}
