// SPDX-License-Identifier: GPL-3.0-or-later
// Smoothed cross-entropy exactly as PyTorch's F.cross_entropy(label_smoothing=eps):
//   q_k = (1 - eps) [k == y] + eps / K,   CE_eps = - sum_k q_k log softmax(z)_k
// fused with its gradient dz = softmax(z) - q.
#pragma once

#include <cmath>
#include <cstdint>

namespace losslab {

template <typename T>
struct CeResult {
  T loss;  // CE_eps
  T nll;   // -log softmax(z)_y (unsmoothed)
  int argmax;  // lowest index among ties
  T max_prob;  // confidence
};

// z: K logits. When dz is non-null, writes scale * (softmax(z) - q) into it.
template <typename T>
CeResult<T> smoothed_cross_entropy(const T* z, int K, int y, T eps, T* dz, T scale) {
  T mx = z[0];
  int am = 0;
  for (int k = 1; k < K; ++k)
    if (z[k] > mx) { mx = z[k]; am = k; }
  T sum = 0, zsum = 0;
  for (int k = 0; k < K; ++k) {
    sum += std::exp(z[k] - mx);
    zsum += z[k];
  }
  const T lse = mx + std::log(sum);
  CeResult<T> r;
  r.nll = lse - z[y];
  // -sum_k q_k (z_k - lse) = lse - (1-eps) z_y - (eps/K) sum_k z_k
  r.loss = lse - (T(1) - eps) * z[y] - eps / T(K) * zsum;
  r.argmax = am;
  r.max_prob = T(1) / sum;  // exp(mx - lse)
  if (dz) {
    const T inv = T(1) / sum;
    for (int k = 0; k < K; ++k) dz[k] = scale * (std::exp(z[k] - mx) * inv - eps / T(K));
    dz[y] -= scale * (T(1) - eps);
  }
  return r;
}

// H(q): the smallest value CE_eps can reach over K classes (the "floor").
inline double smoothed_loss_floor(double eps, int K) {
  if (K <= 1) return 0.0;
  const double hi = 1.0 - eps + eps / K, lo = eps / K;
  double h = 0.0;
  if (hi > 0) h -= hi * std::log(hi);
  if (lo > 0) h -= (K - 1) * lo * std::log(lo);
  return h;
}

// Expected calibration error over 15 equal bins (i/15, (i+1)/15].
double expected_calibration_error(const float* confidence, const uint8_t* correct, int64_t n, int bins = 15);

}  // namespace losslab
