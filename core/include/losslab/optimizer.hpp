// SPDX-License-Identifier: GPL-3.0-or-later
// AdamW with PyTorch's semantics, the warmup + cosine/constant schedule and
// global-norm clipping, as the spec fixes them. Flat loops over the one
// parameter buffer; parallel over fixed blocks, so the result does not
// depend on the thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "losslab/param_layout.hpp"
#include "losslab/settings.hpp"

namespace losslab {

// lr * f(t), t counted from 0 (the first update).
double scheduled_lr(const RunSettings& s, int64_t t);

// L2 norm of all gradients, summed in double over fixed blocks in a fixed order.
double global_norm(std::span<const float> g);

// clip_grad_norm_: multiplies every gradient by clip / (norm + 1e-6) when that is < 1.
// Returns the factor applied (1 when none). clip <= 0 disables it.
double clip_gradients(std::span<float> g, double norm, double clip);

struct AdamWHyper {
  double lr, beta1, beta2, eps, weight_decay;
};

// One AdamW update at step t (0-based): for each element,
// p -= lr*wd*p (decaying tensors only); m, v updated; p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
class AdamW {
 public:
  explicit AdamW(const ParamLayout& layout);
  void step(std::span<float> params, std::span<const float> grads, std::span<float> m, std::span<float> v,
            const AdamWHyper& h, int64_t t) const;

 private:
  std::vector<uint8_t> decays_;  // per element: 1 for tensors of 2+ dims
};

}  // namespace losslab
