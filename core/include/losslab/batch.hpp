// SPDX-License-Identifier: GPL-3.0-or-later
// A batch of tokenised examples, laid out as the spec says: x = [<bos>, c1..cn],
// y = [c1..cn, <eos>], right-padded with <pad> to the batch's length T.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace losslab {

inline constexpr int32_t kPad = 0, kBos = 1, kEos = 2, kUnk = 3, kFirstChar = 4;

struct Batch {
  int B = 0;                     // examples
  int T = 0;                     // positions, <= block_size
  std::vector<int32_t> inputs;   // (B,T) row-major
  std::vector<int32_t> targets;  // (B,T); kPad where there is no target
  std::vector<int32_t> labels;   // (B) class ids; -1 when the data set has no labels
  std::vector<int32_t> last;     // (B) index of the last non-pad input = position predicting <eos>
  int n_targets = 0;             // non-pad targets in the whole batch (divides L_LM)
  int n_truncated = 0;           // texts cut to block_size - 1 characters

  // Builds a batch from token ids (already mapped, without <bos>/<eos>).
  // Texts longer than block_size-1 keep their first block_size-1 tokens.
  static Batch from_tokens(const std::vector<std::vector<int32_t>>& texts, const std::vector<int32_t>& labels,
                           int block_size);
  // The same, in place: reuses this batch's memory, so a training step that
  // refills one Batch allocates nothing once it has seen its largest batch.
  void fill(std::span<const std::vector<int32_t>* const> texts, std::span<const int32_t> labels, int block_size);
};

}  // namespace losslab
