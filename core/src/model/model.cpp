// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/model.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "layers.hpp"
#include "losslab/loss.hpp"

namespace losslab {

using namespace layers;

// Activations of one chunk, sized once for kChunkExamples x block_size rows.
template <typename T>
struct Gpt<T>::Workspace {
  struct Block {
    AlignedVector<T> ln1, ln1_mean, ln1_rstd;  // (R,d), (R), (R)
    AlignedVector<T> qkv;                      // (R,3d)
    AlignedVector<T> att;                      // (n_ex,H,T,T)
    AlignedVector<T> att_y;                    // (R,d) heads concatenated
    AlignedVector<T> res_mid;                  // (R,d) residual after attention
    AlignedVector<T> ln2, ln2_mean, ln2_rstd;  // (R,d), (R), (R)
    AlignedVector<T> fc_pre, fc_act;           // (R,4d)
  };
  std::vector<AlignedVector<T>> res;  // L+1 residual streams (R,d): res[0] embeddings, res[l] input of block l
  std::vector<Block> blocks;
  AlignedVector<T> lnf, lnf_mean, lnf_rstd;  // (R,d), (R), (R)
  AlignedVector<T> logits;                   // (R,V), becomes dlogits
  AlignedVector<T> cls_in, cls_logits;       // (n_ex,d), (n_ex,C)
  // backward scratch
  AlignedVector<T> d_res, d_ln, d_small;  // (R,d) each
  AlignedVector<T> d_fc;                  // (R,4d)
  AlignedVector<T> d_qkv;                 // (R,3d)
  AlignedVector<T> d_att;                 // (T,T)

  Workspace(const ModelConfig& c) {
    const std::size_t R = static_cast<std::size_t>(kChunkExamples) * c.block_size, d = c.n_embd;
    res.assign(c.n_layer + 1, AlignedVector<T>(R * d));
    blocks.resize(c.n_layer);
    for (auto& b : blocks) {
      b.ln1.resize(R * d);
      b.ln1_mean.resize(R);
      b.ln1_rstd.resize(R);
      b.qkv.resize(R * 3 * d);
      b.att.resize(static_cast<std::size_t>(kChunkExamples) * c.n_head * c.block_size * c.block_size);
      b.att_y.resize(R * d);
      b.res_mid.resize(R * d);
      b.ln2.resize(R * d);
      b.ln2_mean.resize(R);
      b.ln2_rstd.resize(R);
      b.fc_pre.resize(R * 4 * d);
      b.fc_act.resize(R * 4 * d);
    }
    lnf.resize(R * d);
    lnf_mean.resize(R);
    lnf_rstd.resize(R);
    logits.resize(R * c.vocab_size);
    cls_in.resize(static_cast<std::size_t>(kChunkExamples) * d);
    cls_logits.resize(static_cast<std::size_t>(kChunkExamples) * c.n_class);
    d_res.resize(R * d);
    d_ln.resize(R * d);
    d_small.resize(static_cast<std::size_t>(kChunkExamples) * std::max<std::size_t>(d, c.n_class));
    d_fc.resize(R * 4 * d);
    d_qkv.resize(R * 3 * d);
    d_att.resize(static_cast<std::size_t>(c.block_size) * c.block_size);
  }
};

// Per-chunk sums, combined in chunk order.
template <typename T>
struct Gpt<T>::ChunkResult {
  double lm_loss_sum = 0, lm_nll_sum = 0, ce_loss_sum = 0;
  int64_t n_targets = 0, n_correct = 0;
};

template <typename T>
Gpt<T>::Gpt(const ModelConfig& config, int max_batch) : layout_(config), max_batch_(max_batch) {
  if (max_batch < 1) throw std::invalid_argument("Gpt: max_batch must be at least 1");
  params_.assign(layout_.total, T(0));
  grads_.assign(layout_.total, T(0));
  const int n_chunks = (max_batch + kChunkExamples - 1) / kChunkExamples;
  chunk_grads_.resize(n_chunks - 1);
  for (auto& g : chunk_grads_) g.assign(layout_.total, T(0));
  chunk_results_.resize(n_chunks);
  confidence_.assign(max_batch, 0.0f);
  correct_.assign(max_batch, 0);
  predicted_.assign(max_batch, 0);
}

template <typename T>
Gpt<T>::~Gpt() = default;

template <typename T>
void Gpt<T>::init_weights(uint64_t seed) {
  // mt19937_64 is fully specified by the standard, and Box-Muller is ours,
  // so the same seed gives the same weights everywhere (std::normal_distribution
  // is implementation-defined).
  std::mt19937_64 rng(seed);
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * (1.0 / 9007199254740992.0); };
  const double proj_std = 0.02 / std::sqrt(2.0 * layout_.config.n_layer);
  for (const auto& t : layout_.tensors) {
    T* p = params_.data() + t.offset;
    const bool is_ln_weight = t.name.find("ln_") != std::string::npos && t.name.ends_with(".weight");
    if (t.shape.size() == 1) {
      std::fill(p, p + t.size, is_ln_weight ? T(1) : T(0));
      continue;
    }
    const bool residual_proj = t.name.ends_with("attn.c_proj.weight") || t.name.ends_with("mlp.c_proj.weight");
    const double stddev = residual_proj ? proj_std : 0.02;
    for (std::size_t i = 0; i < t.size; i += 2) {
      const double u1 = uniform(), u2 = uniform();
      const double r = std::sqrt(-2.0 * std::log(u1));
      p[i] = static_cast<T>(stddev * r * std::cos(2.0 * M_PI * u2));
      if (i + 1 < t.size) p[i + 1] = static_cast<T>(stddev * r * std::sin(2.0 * M_PI * u2));
    }
  }
}

template <typename T>
typename Gpt<T>::Workspace& Gpt<T>::workspace_for_this_thread() {
  const int slot = tbb::this_task_arena::current_thread_index();
  return *workspaces_.at(static_cast<std::size_t>(slot));
}

template <typename T>
BatchLoss Gpt<T>::run(const Batch& batch, double lambda, double eps, bool want_grad) {
  const auto& c = layout_.config;
  if (batch.B < 1 || batch.B > max_batch_)
    throw std::invalid_argument("Gpt::run: batch of " + std::to_string(batch.B) + " examples, model sized for 1.." +
                                std::to_string(max_batch_));
  if (batch.T < 1 || batch.T > c.block_size)
    throw std::invalid_argument("Gpt::run: batch length " + std::to_string(batch.T) + " exceeds block_size " +
                                std::to_string(c.block_size));
  for (std::size_t i = 0; i < batch.inputs.size(); ++i)
    if (batch.inputs[i] < 0 || batch.inputs[i] >= c.vocab_size || batch.targets[i] < 0 ||
        batch.targets[i] >= c.vocab_size)
      throw std::invalid_argument("Gpt::run: token id out of range for vocab_size " + std::to_string(c.vocab_size));
  const bool has_labels = std::all_of(batch.labels.begin(), batch.labels.end(), [&](int32_t y) {
    return y >= 0 && y < c.n_class;
  });

  // Workspaces are created once per arena slot (the first step only).
  const int slots = tbb::this_task_arena::max_concurrency();
  while (static_cast<int>(workspaces_.size()) < slots) workspaces_.push_back(std::make_unique<Workspace>(c));

  const int n_chunks = (batch.B + kChunkExamples - 1) / kChunkExamples;
  const T lam = has_labels ? static_cast<T>(lambda) : T(1);
  tbb::parallel_for(tbb::blocked_range<int>(0, n_chunks, 1), [&](const tbb::blocked_range<int>& r) {
    for (int ch = r.begin(); ch != r.end(); ++ch) {
      T* g = ch == 0 ? grads_.data() : chunk_grads_[ch - 1].data();
      run_chunk(ch, batch, lam, static_cast<T>(eps), want_grad, workspace_for_this_thread(), g,
                chunk_results_[ch]);
    }
  });

  if (want_grad && n_chunks > 1) {
    // grads = chunk 0 + chunk 1 + ... in this order, whatever the thread count.
    constexpr std::size_t kBlock = 1 << 14;
    const std::size_t n = grads_.size();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (n + kBlock - 1) / kBlock),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t blk = r.begin(); blk != r.end(); ++blk) {
                          const std::size_t lo = blk * kBlock, hi = std::min(n, lo + kBlock);
                          for (int ch = 1; ch < n_chunks; ++ch) {
                            const T* src = chunk_grads_[ch - 1].data();
                            for (std::size_t i = lo; i < hi; ++i) grads_[i] += src[i];
                          }
                        }
                      });
  }

  BatchLoss out;
  last_B_ = has_labels ? static_cast<std::size_t>(batch.B) : 0;
  out.n_examples = batch.B;
  out.has_labels = has_labels;
  double lm_sum = 0, nll_sum = 0, ce_sum = 0;
  int64_t correct = 0;
  for (int ch = 0; ch < n_chunks; ++ch) {
    lm_sum += chunk_results_[ch].lm_loss_sum;
    nll_sum += chunk_results_[ch].lm_nll_sum;
    ce_sum += chunk_results_[ch].ce_loss_sum;
    out.n_targets += chunk_results_[ch].n_targets;
    correct += chunk_results_[ch].n_correct;
  }
  out.lm_loss = out.n_targets ? lm_sum / out.n_targets : 0.0;
  out.lm_nll = out.n_targets ? nll_sum / out.n_targets : 0.0;
  if (has_labels) {
    out.ce_loss = ce_sum / batch.B;
    out.accuracy = static_cast<double>(correct) / batch.B;
  }
  out.loss = has_labels ? lambda * out.lm_loss + (1.0 - lambda) * out.ce_loss : out.lm_loss;
  return out;
}

template <typename T>
BatchLoss Gpt<T>::forward_logits(const Batch& batch, double lambda, double eps, std::span<T> lm_logits,
                                 std::span<T> cls_logits) {
  const auto& c = layout_.config;
  const std::size_t lm_need = static_cast<std::size_t>(batch.B) * batch.T * c.vocab_size;
  const std::size_t cls_need = static_cast<std::size_t>(batch.B) * c.n_class;
  if (!lm_logits.empty() && lm_logits.size() != lm_need)
    throw std::invalid_argument("Gpt::forward_logits: lm_logits holds " + std::to_string(lm_logits.size()) +
                                " values, the batch needs B*T*V = " + std::to_string(lm_need));
  if (!cls_logits.empty() && cls_logits.size() != cls_need)
    throw std::invalid_argument("Gpt::forward_logits: cls_logits holds " + std::to_string(cls_logits.size()) +
                                " values, the batch needs B*C = " + std::to_string(cls_need));
  lm_logits_out_ = lm_logits.empty() ? nullptr : lm_logits.data();
  cls_logits_out_ = cls_logits.empty() ? nullptr : cls_logits.data();
  struct Clear {
    Gpt* g;
    ~Clear() { g->lm_logits_out_ = g->cls_logits_out_ = nullptr; }
  } clear{this};
  return run(batch, lambda, eps, /*want_grad=*/false);
}

template <typename T>
void Gpt<T>::run_chunk(int ch, const Batch& batch, T lambda, T eps, bool want_grad, Workspace& ws, T* g,
                       ChunkResult& result) {
  const auto& c = layout_.config;
  const int d = c.n_embd, H = c.n_head, V = c.vocab_size, C = c.n_class, L = c.n_layer, Tn = batch.T;
  const int ex0 = ch * kChunkExamples;
  const int n_ex = std::min(kChunkExamples, batch.B - ex0);
  const int R = n_ex * Tn;
  const int32_t* x = batch.inputs.data() + static_cast<std::ptrdiff_t>(ex0) * Tn;
  const int32_t* y = batch.targets.data() + static_cast<std::ptrdiff_t>(ex0) * Tn;
  const T* P = params_.data();
  const bool has_labels = std::all_of(batch.labels.begin(), batch.labels.end(), [&](int32_t l) {
    return l >= 0 && l < C;
  });
  const bool lm_grad = want_grad && lambda != T(0);
  const bool ce_grad = want_grad && has_labels && lambda != T(1);

  // ------------------------------------------------------------ forward
  embedding_forward(ws.res[0].data(), x, P + layout_.wte, P + layout_.wpe, n_ex, Tn, d);  // (R,d)
  for (int l = 0; l < L; ++l) {
    const auto& o = layout_.blocks[l];
    auto& a = ws.blocks[l];
    layernorm_forward(a.ln1.data(), a.ln1_mean.data(), a.ln1_rstd.data(), ws.res[l].data(), P + o.ln1_w,
                      P + o.ln1_b, R, d);                                                           // (R,d)
    linear_forward(a.qkv.data(), a.ln1.data(), P + o.attn_w, P + o.attn_b, R, d, 3 * d);            // (R,3d)
    attention_forward(a.att_y.data(), a.att.data(), a.qkv.data(), n_ex, Tn, d, H);                  // (R,d)
    linear_forward(a.res_mid.data(), a.att_y.data(), P + o.attn_proj_w, P + o.attn_proj_b, R, d, d);  // (R,d)
    MapR<T>(a.res_mid.data(), R, d) += CMapR<T>(ws.res[l].data(), R, d);                           // residual
    layernorm_forward(a.ln2.data(), a.ln2_mean.data(), a.ln2_rstd.data(), a.res_mid.data(), P + o.ln2_w,
                      P + o.ln2_b, R, d);                                                           // (R,d)
    linear_forward(a.fc_pre.data(), a.ln2.data(), P + o.fc_w, P + o.fc_b, R, d, 4 * d);             // (R,4d)
    gelu_forward(a.fc_act.data(), a.fc_pre.data(), static_cast<std::ptrdiff_t>(R) * 4 * d);        // (R,4d)
    linear_forward(ws.res[l + 1].data(), a.fc_act.data(), P + o.fc_proj_w, P + o.fc_proj_b, R, 4 * d, d);  // (R,d)
    MapR<T>(ws.res[l + 1].data(), R, d) += CMapR<T>(a.res_mid.data(), R, d);                       // residual
  }
  layernorm_forward(ws.lnf.data(), ws.lnf_mean.data(), ws.lnf_rstd.data(), ws.res[L].data(), P + layout_.lnf_w,
                    P + layout_.lnf_b, R, d);                                                       // (R,d)
  linear_forward(ws.logits.data(), ws.lnf.data(), P + layout_.wte, static_cast<const T*>(nullptr), R, d, V);  // (R,V)
  if (lm_logits_out_)  // forward_logits: rows of this chunk's examples, before the loss overwrites them
    std::copy(ws.logits.begin(), ws.logits.begin() + static_cast<std::ptrdiff_t>(R) * V,
              lm_logits_out_ + static_cast<std::ptrdiff_t>(ex0) * Tn * V);

  // LM loss, fused with dlogits = lambda/N * (softmax - q); pad targets get 0.
  ChunkResult res;
  const T lm_scale = batch.n_targets > 0 ? lambda / T(batch.n_targets) : T(0);
  for (int r = 0; r < R; ++r) {
    T* z = ws.logits.data() + static_cast<std::ptrdiff_t>(r) * V;
    if (y[r] == kPad) {
      if (lm_grad) std::fill(z, z + V, T(0));
      continue;
    }
    auto ce = smoothed_cross_entropy<T>(z, V, y[r], eps, lm_grad ? z : nullptr, lm_scale);
    res.lm_loss_sum += static_cast<double>(ce.loss);
    res.lm_nll_sum += static_cast<double>(ce.nll);
    ++res.n_targets;
  }

  // Class head on the last real position of each example.
  const T ce_scale = (T(1) - lambda) / T(batch.B);
  for (int b = 0; b < n_ex; ++b) {
    const int row = b * Tn + batch.last[ex0 + b];
    MapRow<T>(ws.cls_in.data() + static_cast<std::ptrdiff_t>(b) * d, d) =
        CMapRow<T>(ws.lnf.data() + static_cast<std::ptrdiff_t>(row) * d, d);
  }
  linear_forward(ws.cls_logits.data(), ws.cls_in.data(), P + layout_.cls_w, P + layout_.cls_b, n_ex, d, C);  // (n_ex,C)
  if (cls_logits_out_)
    std::copy(ws.cls_logits.begin(), ws.cls_logits.begin() + static_cast<std::ptrdiff_t>(n_ex) * C,
              cls_logits_out_ + static_cast<std::ptrdiff_t>(ex0) * C);
  if (has_labels) {
    for (int b = 0; b < n_ex; ++b) {
      T* z = ws.cls_logits.data() + static_cast<std::ptrdiff_t>(b) * C;
      const int label = batch.labels[ex0 + b];
      auto ce = smoothed_cross_entropy<T>(z, C, label, eps, ce_grad ? z : nullptr, ce_scale);
      res.ce_loss_sum += static_cast<double>(ce.loss);
      res.n_correct += ce.argmax == label ? 1 : 0;
      confidence_[ex0 + b] = static_cast<float>(ce.max_prob);
      correct_[ex0 + b] = ce.argmax == label ? 1 : 0;
      predicted_[ex0 + b] = ce.argmax;
    }
  }
  result = res;
  if (!want_grad) return;

  // ------------------------------------------------------------ backward
  // d(lnf) from the LM head (tied to wte) and the class head.
  MapR<T> d_lnf(ws.d_ln.data(), R, d);
  if (lm_grad) {
    linear_backward(ws.d_ln.data(), g + layout_.wte, static_cast<T*>(nullptr), ws.logits.data(), ws.lnf.data(),
                    P + layout_.wte, R, d, V, /*accumulate_din=*/false);
  } else {
    d_lnf.setZero();
    MapR<T>(g + layout_.wte, V, d).setZero();
  }
  if (ce_grad) {
    linear_backward(ws.d_small.data(), g + layout_.cls_w, g + layout_.cls_b, ws.cls_logits.data(), ws.cls_in.data(),
                    P + layout_.cls_w, n_ex, d, C, false);  // d(cls_in) (n_ex,d)
    for (int b = 0; b < n_ex; ++b) {
      const int row = b * Tn + batch.last[ex0 + b];
      d_lnf.row(row) += CMapRow<T>(ws.d_small.data() + static_cast<std::ptrdiff_t>(b) * d, d);
    }
  } else {
    MapR<T>(g + layout_.cls_w, C, d).setZero();
    MapRow<T>(g + layout_.cls_b, C).setZero();
  }
  MapR<T>(ws.d_res.data(), R, d).setZero();
  layernorm_backward(ws.d_res.data(), g + layout_.lnf_w, g + layout_.lnf_b, ws.d_ln.data(), ws.res[L].data(),
                     ws.lnf_mean.data(), ws.lnf_rstd.data(), P + layout_.lnf_w, R, d);
  // ws.d_res: (R,d) gradient of the residual stream, walked back block by block
  for (int l = L - 1; l >= 0; --l) {
    const auto& o = layout_.blocks[l];
    auto& a = ws.blocks[l];
    // MLP: res[l+1] = res_mid + c_proj(gelu(c_fc(ln_2(res_mid))))
    linear_backward(ws.d_fc.data(), g + o.fc_proj_w, g + o.fc_proj_b, ws.d_res.data(), a.fc_act.data(),
                    P + o.fc_proj_w, R, 4 * d, d, false);                               // d(fc_act) (R,4d)
    gelu_backward(ws.d_fc.data(), ws.d_fc.data(), a.fc_pre.data(), static_cast<std::ptrdiff_t>(R) * 4 * d);  // d(fc_pre)
    linear_backward(ws.d_ln.data(), g + o.fc_w, g + o.fc_b, ws.d_fc.data(), a.ln2.data(), P + o.fc_w, R, d, 4 * d,
                    false);                                                             // d(ln2) (R,d)
    layernorm_backward(ws.d_res.data(), g + o.ln2_w, g + o.ln2_b, ws.d_ln.data(), a.res_mid.data(),
                       a.ln2_mean.data(), a.ln2_rstd.data(), P + o.ln2_w, R, d);         // += d(res_mid)
    // Attention: res_mid = res[l] + c_proj(attn(ln_1(res[l])))
    linear_backward(ws.d_ln.data(), g + o.attn_proj_w, g + o.attn_proj_b,
                    ws.d_res.data(), a.att_y.data(), P + o.attn_proj_w, R, d, d, false);  // d(att_y) (R,d)
    attention_backward(ws.d_qkv.data(), ws.d_att.data(), ws.d_ln.data(), a.qkv.data(), a.att.data(), n_ex, Tn, d,
                       H);                                                              // d(qkv) (R,3d)
    linear_backward(ws.d_ln.data(), g + o.attn_w, g + o.attn_b, ws.d_qkv.data(), a.ln1.data(), P + o.attn_w, R, d,
                    3 * d, false);                                                      // d(ln1) (R,d)
    layernorm_backward(ws.d_res.data(), g + o.ln1_w, g + o.ln1_b, ws.d_ln.data(), ws.res[l].data(),
                       a.ln1_mean.data(), a.ln1_rstd.data(), P + o.ln1_w, R, d);         // += d(res[l])
  }
  embedding_backward(g + layout_.wte, g + layout_.wpe, ws.d_res.data(), x, n_ex, Tn, c.block_size, d);
}

template class Gpt<float>;
template class Gpt<double>;

}  // namespace losslab
