// SPDX-License-Identifier: GPL-3.0-or-later
// A labelled text data set, split into train and validation, and the batches
// drawn from it. Every function here is deterministic in the seed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "losslab/batch.hpp"
#include "losslab/data/tokenizer.hpp"
#include "losslab/settings.hpp"

namespace losslab {

struct Example {
  std::string text;         // UTF-8 (invalid input already replaced by U+FFFD)
  int32_t label = -1;       // index into DataSet::class_names; -1 for an LM-only data set
  int64_t source_line = 0;  // 1-based line (or file index) it came from, for messages
};

// What came in: shown by `losslab-cli data inspect` and in the GUI.
struct DataReport {
  std::string source, format;
  int64_t n_examples = 0, n_train = 0, n_val = 0;
  std::vector<int64_t> class_counts;  // per class, whole data set
  int64_t n_empty = 0, n_duplicates = 0, n_truncated = 0;  // truncated: longer than block_size-1 chars
  int64_t n_invalid_utf8 = 0;                               // sequences replaced with U+FFFD
  std::vector<int64_t> invalid_utf8_lines;                 // the first few line numbers
  int64_t len_min = 0, len_max = 0, len_median = 0, len_p90 = 0;  // in code points
  int64_t n_unk_val = 0;                                   // val characters not in the train vocabulary
  std::vector<std::string> warnings;  // problems the user should see (skipped rows, cut texts, no labels, ...)
  std::vector<std::string> notes;     // information: what was read and how (columns chosen, corpus knobs)
  // Added by the data importer (beyond the first API draft):
  std::vector<std::string> class_names;                    // as DataSet::class_names
  std::vector<int64_t> val_class_counts;                   // per class, validation split
  std::string encoding;                                    // what the bytes were read as
  std::string content_hash;
  int block_size = 0;                                      // the limit n_truncated refers to
  int64_t n_conflicting = 0;     // distinct texts that occur with more than one label
  int64_t n_val_in_train = 0;    // validation texts that also occur in the training split
  int64_t n_skipped = 0;         // input rows that could not be used (see warnings)
  std::string to_text() const;                             // a human-readable report
};

struct DataSet {
  std::string name;     // e.g. "builtin:en" or the file name
  std::string source;   // path or builtin id, as in RunSettings::data
  std::string format;   // builtin, csv, tsv, fasttext, folder, text
  std::string content_hash;               // hex digest of the source bytes (or generator settings)
  std::vector<std::string> class_names;   // empty for an LM-only data set
  std::vector<Example> train, val;
  DataReport report;
  bool has_labels() const { return !class_names.empty(); }
  int n_class() const { return has_labels() ? static_cast<int>(class_names.size()) : 1; }
};

// Thrown with a message that names the file, line and column and what was expected.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using ProgressFn = std::function<void(double fraction)>;

// The spec's vocabulary: the code points of the training split.
Tokenizer train_tokenizer(const DataSet& data);

// Loads what RunSettings::data names ("builtin:en", "builtin:zh", or a path),
// splits it (stratified, 90/10, from the seed), fills the report (block_size
// from settings.model.block_size). Throws DataError. `cancel` is polled.
// The data string may carry options after '?', see docs/data.md:
//   builtin:en?n=8000&classes=4&noise=0&imbalance=0&len=60&negation=0.4&seed=1
//   reviews.csv?text=review&label=stars&header=yes&encoding=gb18030&sep=;
//   any source: val=0.1 (validation fraction)
DataSet load_dataset(const RunSettings& settings, const ProgressFn& progress = {},
                     const std::atomic<bool>* cancel = nullptr);

// Stratified split (by label; one group when labels are -1): about
// val_fraction of each class goes to validation, at least one example stays
// in training. Deterministic in seed; both outputs are shuffled from it.
void stratified_split(const std::vector<Example>& all, double val_fraction, uint64_t seed,
                      std::vector<Example>& train, std::vector<Example>& val);

// Fills the counts of a report from a split data set (ds.report's source,
// format, encoding, warnings and invalid-UTF-8 fields are kept).
void fill_report(DataSet& ds, int block_size);

// How training batches are drawn: Epoch walks a fresh permutation of the
// training split each epoch (every example once per epoch); Random draws each
// example independently (with replacement).
enum class Sampler { Epoch, Random };

// Draws batches. Stateless: the batch of a step depends only on (seed, step),
// so a run can be replayed or restored at any step.
class BatchSource {
 public:
  BatchSource(const DataSet& data, const Tokenizer& tok, int batch_size, int block_size, uint64_t seed,
              Sampler sampler = Sampler::Epoch);
  Batch train_batch(int64_t step) const;
  // The same batch, written into `out` (reusing its memory: no allocation once
  // warm). Not for concurrent calls on one BatchSource.
  void train_batch(int64_t step, Batch& out) const;
  // The fixed validation subset: batch i (0 <= i < n_val_batches()) of the
  // validation split, in order. Labels are -1 when the set has no labels.
  Batch val_batch(int index) const;
  int n_val_batches() const;
  // Index into data.train of the j-th example of step `step`'s batch.
  int64_t train_index(int64_t step, int j) const;

 private:
  const DataSet* data_;
  const Tokenizer* tok_;
  int batch_size_, block_size_;
  uint64_t seed_;
  Sampler sampler_;
  std::vector<std::vector<int32_t>> train_ids_, val_ids_;  // encoded once
  mutable std::vector<const std::vector<int32_t>*> scratch_texts_;  // train_batch(step, out)
  mutable std::vector<int32_t> scratch_labels_;
};

}  // namespace losslab
