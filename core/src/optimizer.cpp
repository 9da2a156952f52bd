// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/optimizer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace losslab {

namespace {
constexpr std::size_t kBlock = 1 << 14;  // fixed, so reductions have one order
}

double scheduled_lr(const RunSettings& s, int64_t t) {
  const int64_t W = s.warmup_steps;
  if (t < W) return s.lr * static_cast<double>(t + 1) / static_cast<double>(W);
  if (s.schedule == Schedule::Constant) return s.lr;
  const double S = static_cast<double>(s.planned_steps);
  const double progress = std::min(1.0, static_cast<double>(t - W) / std::max(1.0, S - static_cast<double>(W)));
  const double r = s.min_lr_ratio;
  return s.lr * (r + (1.0 - r) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

double global_norm(std::span<const float> g) {
  // At most 256 partial sums, on the stack; the blocks depend only on the
  // size, so the order of the sum does not depend on the thread count.
  constexpr std::size_t kMaxBlocks = 256;
  const std::size_t n = g.size();
  const std::size_t block = std::max(kBlock, (n + kMaxBlocks - 1) / kMaxBlocks);
  const std::size_t nb = (n + block - 1) / block;
  std::array<double, kMaxBlocks> partial{};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nb), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t b = r.begin(); b != r.end(); ++b) {
      double s = 0.0;
      for (std::size_t i = b * block, e = std::min(n, (b + 1) * block); i < e; ++i)
        s += static_cast<double>(g[i]) * g[i];
      partial[b] = s;
    }
  });
  double total = 0.0;
  for (std::size_t b = 0; b < nb; ++b) total += partial[b];
  return std::sqrt(total);
}

double clip_gradients(std::span<float> g, double norm, double clip) {
  if (clip <= 0.0) return 1.0;
  const double c = clip / (norm + 1e-6);
  if (!(c < 1.0)) return 1.0;
  const float cf = static_cast<float>(c);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, g.size(), kBlock), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) g[i] *= cf;
  });
  return c;
}

AdamW::AdamW(const ParamLayout& layout) : decays_(layout.total, 0) {
  for (const auto& t : layout.tensors)
    if (t.decays) std::fill(decays_.begin() + t.offset, decays_.begin() + t.offset + t.size, 1);
}

void AdamW::step(std::span<float> params, std::span<const float> grads, std::span<float> m, std::span<float> v,
                 const AdamWHyper& h, int64_t t) const {
  const double step = static_cast<double>(t + 1);
  const float bc1 = static_cast<float>(1.0 - std::pow(h.beta1, step));
  const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(h.beta2, step)));
  const float lr = static_cast<float>(h.lr), b1 = static_cast<float>(h.beta1), b2 = static_cast<float>(h.beta2);
  const float eps = static_cast<float>(h.eps), decay = static_cast<float>(1.0 - h.lr * h.weight_decay);
  const float step_size = lr / bc1;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, params.size(), kBlock),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        float p = params[i];
                        if (decays_[i]) p *= decay;
                        const float gi = grads[i];
                        m[i] = b1 * m[i] + (1.0f - b1) * gi;
                        v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
                        const float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
                        params[i] = p - step_size * m[i] / denom;
                      }
                    });
}

}  // namespace losslab
