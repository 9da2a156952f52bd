// SPDX-License-Identifier: GPL-3.0-or-later
// One flat buffer per role (parameters, gradients, Adam m and v), described
// once by a table of named views. Names and shapes are the spec's
// checkpoint names (../shared/spec/model.md), in a fixed order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "losslab/settings.hpp"

namespace losslab {

struct TensorView {
  std::string name;              // e.g. "transformer.h.0.attn.c_attn.weight"
  std::vector<int64_t> shape;    // row-major
  std::size_t offset = 0;        // in elements, into the flat buffer
  std::size_t size = 0;          // product of shape
  bool decays = false;           // AdamW weight decay: tensors of 2+ dims only
};

// Offsets of one block's tensors, so the model reads them without string lookups.
struct BlockOffsets {
  std::size_t ln1_w, ln1_b, attn_w, attn_b, attn_proj_w, attn_proj_b;
  std::size_t ln2_w, ln2_b, fc_w, fc_b, fc_proj_w, fc_proj_b;
};

struct ParamLayout {
  ModelConfig config;
  std::vector<TensorView> tensors;
  std::size_t total = 0;
  std::size_t wte = 0, wpe = 0, lnf_w = 0, lnf_b = 0, cls_w = 0, cls_b = 0;
  std::vector<BlockOffsets> blocks;

  explicit ParamLayout(const ModelConfig& cfg);
  const TensorView* find(const std::string& name) const;  // nullptr if absent
};

}  // namespace losslab
