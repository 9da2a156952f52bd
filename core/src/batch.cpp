// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/batch.hpp"

#include <algorithm>
#include <stdexcept>

namespace losslab {

Batch Batch::from_tokens(const std::vector<std::vector<int32_t>>& texts, const std::vector<int32_t>& labels,
                         int block_size) {
  std::vector<const std::vector<int32_t>*> ptrs;
  ptrs.reserve(texts.size());
  for (const auto& t : texts) ptrs.push_back(&t);
  Batch b;
  b.fill(ptrs, labels, block_size);
  return b;
}

void Batch::fill(std::span<const std::vector<int32_t>* const> texts, std::span<const int32_t> labels_in,
                 int block_size) {
  if (texts.size() != labels_in.size()) throw std::invalid_argument("Batch: texts and labels differ in count");
  if (block_size < 2) throw std::invalid_argument("Batch: block_size must be at least 2");
  B = static_cast<int>(texts.size());
  const int max_chars = block_size - 1;
  int longest = 0;
  for (const auto* t : texts) longest = std::max(longest, std::min<int>(static_cast<int>(t->size()), max_chars));
  T = longest + 1;
  inputs.assign(static_cast<std::size_t>(B) * T, kPad);
  targets.assign(static_cast<std::size_t>(B) * T, kPad);
  labels.assign(labels_in.begin(), labels_in.end());
  last.resize(B);
  n_targets = 0;
  n_truncated = 0;
  for (int i = 0; i < B; ++i) {
    const auto& t = *texts[i];
    const int n = std::min<int>(static_cast<int>(t.size()), max_chars);
    if (static_cast<int>(t.size()) > max_chars) ++n_truncated;
    int32_t* x = &inputs[static_cast<std::size_t>(i) * T];
    int32_t* y = &targets[static_cast<std::size_t>(i) * T];
    x[0] = kBos;
    for (int j = 0; j < n; ++j) {
      x[j + 1] = t[j];
      y[j] = t[j];
    }
    y[n] = kEos;
    last[i] = n;
    n_targets += n + 1;
  }
}

}  // namespace losslab
