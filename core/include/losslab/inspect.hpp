// SPDX-License-Identifier: GPL-3.0-or-later
// Looking inside a run, for teaching: what the model predicts and what the
// losses are made of. Everything here works on a ModelSnapshot (a frozen copy
// of a run's weights), forward only, on the calling thread, through the same
// Gpt code the trainer uses; training is never disturbed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "losslab/data/dataset.hpp"
#include "losslab/settings.hpp"

namespace losslab {

class Trainer;

// Everything a forward pass needs, copied at one step boundary.
struct ModelSnapshot {
  RunSettings settings;                  // in force (model.vocab_size / n_class filled from the data)
  std::vector<float> params;             // flat, laid out by ParamLayout(settings.model)
  Tokenizer tokenizer;                   // the training split's vocabulary
  std::vector<std::string> class_names;  // empty for an LM-only data set
  int64_t step = 0;                      // updates applied when it was taken
  std::shared_ptr<const DataSet> data;   // the run's data set (its validation split)
};

// A copy of the trainer's current weights. Call it on the thread that drives
// the trainer (Session::model_snapshot does).
std::shared_ptr<const ModelSnapshot> make_model_snapshot(const Trainer& trainer, std::shared_ptr<const DataSet> data);

// ---- Sampling ---------------------------------------------------------------
// The next-token distribution after temperature, then top-k, then top-p
// (nucleus), each renormalised: temperature > 0 divides the logits; top_k > 0
// keeps the k most probable ids (ties: the lower id first), 0 = off; top_p < 1
// keeps the smallest set of most probable ids whose probability reaches top_p
// (at least one), 1 = off. Masked ids get exactly 0. Throws
// std::invalid_argument for temperature <= 0, top_k < 0 or top_p outside (0, 1].
std::vector<double> sampling_distribution(std::span<const float> logits, double temperature, int top_k, double top_p);

struct SampleResult {
  std::string text;             // the generated continuation (special ids not shown; <unk> as U+FFFD)
  std::vector<int32_t> ids;     // the sampled ids, <eos> included when it ended the text
  bool ended_with_eos = false;  // the model chose <eos> before n_tokens
  int64_t prompt_unknown = 0;   // prompt characters not in the vocabulary (<unk>)
};

// Autoregressive sampling from [<bos>, prompt...]: n_tokens at most, stops at
// <eos>. Once the context is longer than block_size it keeps the last
// block_size ids. Deterministic for a seed (mt19937_64, on every machine).
SampleResult sample_text(const ModelSnapshot& snap, const std::string& prompt, int n_tokens, double temperature,
                         int top_k, double top_p, uint64_t seed);

// ---- The class head on typed text ---------------------------------------------
struct ClassifyResult {
  std::vector<double> probabilities;  // (C) softmax of the class logits; sums to 1
  int predicted = 0;                  // argmax, lowest index on ties
  bool truncated = false;             // longer than block_size-1 characters: only the first ones were read
  int64_t chars = 0, chars_used = 0;  // code points typed / read by the model
  int64_t unknown = 0;                // characters not in the vocabulary (read as <unk>)
};
// Tokenised and cut exactly as training does. Throws std::invalid_argument
// when the data set has no labels.
ClassifyResult classify_text(const ModelSnapshot& snap, const std::string& text);

// ---- Validation: confusion matrix and calibration -----------------------------
struct ReliabilityBin {
  double lo = 0, hi = 0;  // confidences in (lo, hi]
  int64_t count = 0;
  double mean_confidence = 0, accuracy = 0;  // 0 when empty
};
struct ValidationReport {
  int n_class = 0;
  std::vector<int64_t> confusion;  // (C, C) row = true label, column = predicted
  std::vector<ReliabilityBin> bins;
  int64_t n = 0;                   // examples counted
  int64_t n_val = 0;               // size of the whole validation split
  double accuracy = 0, ece = 0;    // ECE exactly as the trainer's evaluation (loss.hpp)
  int64_t step = 0;
  int64_t at(int truth, int predicted) const { return confusion[static_cast<std::size_t>(truth) * n_class + predicted]; }
};
// The class head on the validation split: by default the subset the
// trainer's evaluation uses (its first eval_batches batches), so accuracy and
// ECE equal that EvalRecord's for the same weights; whole_split = every
// validation example. `bins` equal-width bins (the metric uses 15).
// Throws std::invalid_argument when the data set has no labels or no validation split.
ValidationReport validation_report(const ModelSnapshot& snap, const DataSet& data, bool whole_split = false,
                                   int bins = 15);

// ---- One example, term by term --------------------------------------------------
struct TokenProb {
  int32_t id = 0;
  std::string text;  // the character, or "<eos>" etc.
  double p = 0, q = 0;
};
struct ExampleExplanation {
  int example_index = 0;  // into data.val
  std::string text;
  double lambda = 0, eps = 0;
  bool truncated = false;
  // Class head (empty when the data set has no labels).
  int label = -1, n_class = 0;
  std::vector<double> q_class, p_class;  // (C) smoothed target, model
  double ce_loss = 0;                    // CE_eps of this example's class logits
  // LM head at one position.
  int lm_position = 0, n_positions = 0;  // 0 .. n_positions-1 (clamped)
  std::string lm_context;                // the characters the model saw up to that position
  TokenProb lm_target;                   // the target token with its p and q
  std::vector<TokenProb> lm_top;         // the most probable tokens (k of them), by p
  int vocab_size = 0;
  double q_lm_target = 0, q_lm_other = 0;  // 1 - eps + eps/V and eps/V
  double lm_position_loss = 0;             // CE_eps at that position
  double lm_loss = 0;                      // mean CE_eps over this example's targets (L_LM for it alone)
  double loss = 0;                         // lambda * lm_loss + (1 - lambda) * ce_loss (lm_loss alone without labels)
};
// Example `example_index` of the validation split, with the snapshot's lambda
// and the given eps. Throws std::out_of_range for a bad index.
ExampleExplanation explain_example(const ModelSnapshot& snap, const DataSet& data, int example_index, int lm_position,
                                   double eps, int top_k = 8);

}  // namespace losslab
