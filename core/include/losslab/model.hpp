// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's GPT with both heads: forward, the combined smoothed loss and the
// hand-written backward. One flat parameter buffer and one flat gradient
// buffer (named views in ParamLayout); activations are sized once from
// (max_batch, block_size) and reused, so a step allocates nothing.
//
// Work is split into fixed chunks of kChunkExamples examples. Each chunk runs
// its whole forward and backward single-threaded (long GEMMs, no nested
// parallelism) and writes its own gradient buffer; the buffers are summed in
// chunk order. The chunking does not depend on the thread count, so results
// are bitwise identical with 1, 2 or 8 threads.
#pragma once

#include <cstdint>
#include <Eigen/Core>
#include <memory>
#include <span>
#include <vector>

#include "losslab/batch.hpp"
#include "losslab/param_layout.hpp"

namespace losslab {

// Losses and metrics of one batch, summed in a fixed order.
struct BatchLoss {
  double loss = 0;      // lambda * lm_loss + (1 - lambda) * ce_loss
  double lm_loss = 0;   // L_LM, smoothed, mean over non-pad targets
  double ce_loss = 0;   // L_CE, smoothed, mean over examples (0 when unlabelled)
  double lm_nll = 0;    // unsmoothed LM NLL
  double accuracy = 0;  // classification accuracy (0 when unlabelled)
  int64_t n_targets = 0;
  int n_examples = 0;
  bool has_labels = false;
};

// 64-byte aligned storage. Eigen's reductions and small products peel
// differently at different alignments, which changes the summation order;
// fixed alignment keeps results bitwise reproducible from run to run.
template <typename T>
using AlignedVector = std::vector<T, Eigen::aligned_allocator<T>>;

template <typename T>
class Gpt {
 public:
  static constexpr int kChunkExamples = 8;

  Gpt(const ModelConfig& config, int max_batch);
  ~Gpt();
  Gpt(const Gpt&) = delete;
  Gpt& operator=(const Gpt&) = delete;

  const ParamLayout& layout() const { return layout_; }
  const ModelConfig& config() const { return layout_.config; }
  AlignedVector<T>& params() { return params_; }
  const AlignedVector<T>& params() const { return params_; }
  AlignedVector<T>& grads() { return grads_; }
  const AlignedVector<T>& grads() const { return grads_; }

  // The spec's initialisation from a seed (identical on every machine).
  void init_weights(uint64_t seed);

  // Forward on the batch; with want_grad, also the backward pass, leaving
  // d(lambda*L_LM + (1-lambda)*L_CE)/d(params) in grads(). A term whose weight
  // is 0 is still measured but gets no backward work. Runs its parallel work
  // in the calling thread's oneTBB arena.
  BatchLoss run(const Batch& batch, double lambda, double eps, bool want_grad);

  // Per example of the last run() (first n_examples entries; labelled data only):
  std::span<const float> confidence() const { return {confidence_.data(), last_B_}; }  // top class probability
  std::span<const uint8_t> correct() const { return {correct_.data(), last_B_}; }      // prediction == label
  std::span<const int32_t> predicted() const { return {predicted_.data(), last_B_}; }  // argmax, lowest on ties

  // Forward only, as run(batch, lambda, eps, false), that also copies the
  // logits out (for inspection: sampling, probes, the explain panel):
  // lm_logits gets (B, T, V) example-major, cls_logits (B, C); an empty span
  // is not written. Sizes are checked (std::invalid_argument).
  BatchLoss forward_logits(const Batch& batch, double lambda, double eps, std::span<T> lm_logits,
                           std::span<T> cls_logits);

 private:
  struct Workspace;
  struct ChunkResult;
  void run_chunk(int chunk, const Batch& batch, T lambda, T eps, bool want_grad, Workspace& ws, T* grad_out,
                 ChunkResult& result);
  Workspace& workspace_for_this_thread();

  ParamLayout layout_;
  int max_batch_;
  AlignedVector<T> params_, grads_;
  std::vector<AlignedVector<T>> chunk_grads_;  // chunks 1.. (chunk 0 writes grads_)
  std::vector<std::unique_ptr<Workspace>> workspaces_;
  std::vector<ChunkResult> chunk_results_;
  std::vector<float> confidence_;     // (max_batch) per example, filled by run()
  std::vector<uint8_t> correct_;      // (max_batch)
  std::vector<int32_t> predicted_;    // (max_batch)
  std::size_t last_B_ = 0;
  T* lm_logits_out_ = nullptr;   // set only during forward_logits
  T* cls_logits_out_ = nullptr;
};

extern template class Gpt<float>;
extern template class Gpt<double>;

}  // namespace losslab
