// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/batch.hpp"

#include <algorithm>
#include <stdexcept>

namespace losslab {

Batch Batch::from_tokens(const std::vector<std::vector<int32_t>>& texts, const std::vector<int32_t>& labels,
                         int block_size) {
  if (texts.size() != labels.size()) throw std::invalid_argument("Batch: texts and labels differ in count");
  if (block_size < 2) throw std::invalid_argument("Batch: block_size must be at least 2");
  Batch b;
  b.B = static_cast<int>(texts.size());
  const int max_chars = block_size - 1;
  int longest = 0;
  for (const auto& t : texts) longest = std::max(longest, std::min<int>(static_cast<int>(t.size()), max_chars));
  b.T = longest + 1;
  b.inputs.assign(static_cast<std::size_t>(b.B) * b.T, kPad);
  b.targets.assign(static_cast<std::size_t>(b.B) * b.T, kPad);
  b.labels = labels;
  b.last.resize(b.B);
  for (int i = 0; i < b.B; ++i) {
    const auto& t = texts[i];
    const int n = std::min<int>(static_cast<int>(t.size()), max_chars);
    if (static_cast<int>(t.size()) > max_chars) ++b.n_truncated;
    int32_t* x = &b.inputs[static_cast<std::size_t>(i) * b.T];
    int32_t* y = &b.targets[static_cast<std::size_t>(i) * b.T];
    x[0] = kBos;
    for (int j = 0; j < n; ++j) {
      x[j + 1] = t[j];
      y[j] = t[j];
    }
    y[n] = kEos;
    b.last[i] = n;
    b.n_targets += n + 1;
  }
  return b;
}

}  // namespace losslab
