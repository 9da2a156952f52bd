// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/param_layout.hpp"

namespace losslab {

ParamLayout::ParamLayout(const ModelConfig& cfg) : config(cfg) {
  cfg.validate();
  const int64_t d = cfg.n_embd, V = cfg.vocab_size, C = cfg.n_class, Tb = cfg.block_size;
  auto add = [this](std::string name, std::vector<int64_t> shape) {
    TensorView t;
    t.name = std::move(name);
    t.size = 1;
    for (auto s : shape) t.size *= static_cast<std::size_t>(s);
    t.shape = std::move(shape);
    t.offset = total;
    t.decays = t.shape.size() >= 2;
    total += t.size;
    tensors.push_back(std::move(t));
    return tensors.back().offset;
  };
  wte = add("transformer.wte.weight", {V, d});
  wpe = add("transformer.wpe.weight", {Tb, d});
  for (int i = 0; i < cfg.n_layer; ++i) {
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    BlockOffsets b{};
    b.ln1_w = add(p + "ln_1.weight", {d});
    b.ln1_b = add(p + "ln_1.bias", {d});
    b.attn_w = add(p + "attn.c_attn.weight", {3 * d, d});
    b.attn_b = add(p + "attn.c_attn.bias", {3 * d});
    b.attn_proj_w = add(p + "attn.c_proj.weight", {d, d});
    b.attn_proj_b = add(p + "attn.c_proj.bias", {d});
    b.ln2_w = add(p + "ln_2.weight", {d});
    b.ln2_b = add(p + "ln_2.bias", {d});
    b.fc_w = add(p + "mlp.c_fc.weight", {4 * d, d});
    b.fc_b = add(p + "mlp.c_fc.bias", {4 * d});
    b.fc_proj_w = add(p + "mlp.c_proj.weight", {d, 4 * d});
    b.fc_proj_b = add(p + "mlp.c_proj.bias", {d});
    blocks.push_back(b);
  }
  lnf_w = add("transformer.ln_f.weight", {d});
  lnf_b = add("transformer.ln_f.bias", {d});
  cls_w = add("cls_head.weight", {C, d});
  cls_b = add("cls_head.bias", {C});
}

const TensorView* ParamLayout::find(const std::string& name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace losslab
