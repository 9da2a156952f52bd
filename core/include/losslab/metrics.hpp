// SPDX-License-Identifier: GPL-3.0-or-later
// The records a run produces, and the store that keeps every one of them:
// the trainer appends, any thread reads new records in batches without
// blocking it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace losslab {

// One training step, as optimised. 64 bytes: a million steps take 64 MB.
struct StepRecord {
  int64_t step = 0;      // 0-based index of this update
  int64_t tokens = 0;    // training targets seen after this step
  float loss = 0, lm_loss = 0, ce_loss = 0;  // L, L_LM, L_CE (smoothed, as optimised)
  float lm_nll = 0;      // unsmoothed LM negative log-likelihood
  float accuracy = 0;    // classification accuracy on the batch
  float grad_norm = 0;   // global norm before clipping
  float lr = 0;          // learning rate used (after warmup/schedule)
  float lambda = 0, eps = 0;  // in force for this step
  float wall_s = 0;      // seconds since the run started (not part of determinism)
  int32_t flags = 0;     // kStepLmOnly / kStepCeOnly
};
inline constexpr int32_t kStepLmOnly = 1, kStepCeOnly = 2;

struct EvalRecord {
  int64_t step = 0;  // updates applied before this evaluation
  float loss = 0, lm_loss = 0, ce_loss = 0, lm_nll = 0, ppl = 0, accuracy = 0, ece = 0;
  float smoothed_floor_lm = 0, smoothed_floor_ce = 0;  // H(q) for the eps in force
};

struct GradInteraction {
  int64_t step = 0;
  float lm_norm = 0, ce_norm = 0, cosine = 0;  // on the shared trunk (everything but the two heads)
};

// Append-only, single writer, many readers, lock-free. Records live in
// fixed-size chunks that never move; the writer publishes the count with a
// release store, readers load it with acquire and copy what is new.
template <typename Record>
class RecordLog {
 public:
  static constexpr std::size_t kChunk = 4096;
  static constexpr std::size_t kMaxChunks = 1 << 16;  // 268 million records

  RecordLog() : chunks_(std::make_unique<std::atomic<Record*>[]>(kMaxChunks)) {
    for (std::size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr, std::memory_order_relaxed);
  }
  ~RecordLog() {
    for (std::size_t i = 0; i < kMaxChunks; ++i) delete[] chunks_[i].load(std::memory_order_relaxed);
  }
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Writer thread only.
  void push(const Record& r) {
    const std::size_t n = count_.load(std::memory_order_relaxed);
    const std::size_t c = n / kChunk;
    if (c >= kMaxChunks) return;  // full: 268M records; the run keeps going, the log stops growing
    Record* chunk = chunks_[c].load(std::memory_order_relaxed);
    if (!chunk) {
      chunk = new Record[kChunk];
      chunks_[c].store(chunk, std::memory_order_release);
    }
    chunk[n % kChunk] = r;
    count_.store(n + 1, std::memory_order_release);
  }
  // Any thread.
  std::size_t size() const { return count_.load(std::memory_order_acquire); }
  // Copies records [from, size()) into out (appending); returns the new cursor.
  std::size_t read_since(std::size_t from, std::vector<Record>& out) const {
    const std::size_t n = size();
    for (std::size_t i = from; i < n; ++i)
      out.push_back(chunks_[i / kChunk].load(std::memory_order_acquire)[i % kChunk]);
    return n > from ? n : from;
  }

 private:
  std::unique_ptr<std::atomic<Record*>[]> chunks_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace losslab
