// SPDX-License-Identifier: GPL-3.0-or-later
// Run settings: one flat struct with commented defaults (as nanoGPT keeps its
// config), plus a registry of every key so that JSON files, `--set key=value`
// and live changes all go through one validated path.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace losslab {

// Thrown for any invalid setting; the message names the key and what was expected.
struct SettingsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The model's shape. vocab_size and n_class come from the data set.
struct ModelConfig {
  int vocab_size = 96;  // V: 4 special ids + the training split's code points
  int n_class = 4;      // C: classes of the sequence-classification head
  int block_size = 64;  // longest input, <bos> included
  int n_layer = 4;
  int n_head = 4;
  int n_embd = 128;     // d; must be divisible by n_head

  int head_dim() const { return n_embd / n_head; }
  void validate() const;  // throws SettingsError naming the bad field
  bool operator==(const ModelConfig&) const = default;
};

enum class Schedule { Constant, Cosine };

struct RunSettings {
  ModelConfig model;
  // --- data ---
  std::string data = "builtin:en";  // builtin:en, builtin:zh, or a path to a data file/folder
  std::string data_format = "auto"; // auto, csv, tsv, fasttext, folder, text
  std::string data_hash;            // content hash of the data set, filled when loaded
  int batch_size = 32;
  std::uint64_t seed = 1337;
  // --- objective (live) ---
  double lambda = 0.5;  // L = lambda * L_LM + (1 - lambda) * L_CE
  double eps = 0.1;     // label smoothing for both terms
  // --- optimiser (live) ---
  double lr = 3e-4;
  double beta1 = 0.9;
  double beta2 = 0.95;
  double eps_adam = 1e-8;
  double weight_decay = 0.1;
  double grad_clip = 1.0;  // 0 disables clipping
  int warmup_steps = 100;
  Schedule schedule = Schedule::Cosine;
  int planned_steps = 2000;  // S of the cosine schedule
  double min_lr_ratio = 0.1;
  // --- run ---
  int steps = 2000;        // how many steps `train` runs
  int threads = 0;         // 0 = all cores
  int eval_interval = 50;  // evaluate every N steps; 0 = never
  int eval_batches = 4;    // validation batches per evaluation (a fixed subset)

  void validate() const;  // all keys, including the cross-field rules
};

// How one setting may be changed.
struct SettingInfo {
  std::string_view key;
  std::string_view type;  // "int", "number", "string", "enum"
  bool live;              // may change between two steps of a running session
  std::string_view help;
};

const std::vector<SettingInfo>& setting_keys();
const SettingInfo* find_setting(std::string_view key);

// Reads and writes one setting by its key, the value as JSON. set_setting
// checks type and range and throws SettingsError naming the key.
nlohmann::json get_setting(const RunSettings& s, std::string_view key);
void set_setting(RunSettings& s, std::string_view key, const nlohmann::json& value);
// `key=value` from the command line: the value is parsed as JSON when it can
// be (numbers), and as a string otherwise.
void apply_assignment(RunSettings& s, std::string_view assignment);

// {"n_layer": 4, ...}: every key. from_json rejects unknown keys and wrong
// types, and applies nothing unless all of it is valid.
nlohmann::json settings_to_json(const RunSettings& s);
RunSettings settings_from_json(const nlohmann::json& j, const RunSettings& base = {});

}  // namespace losslab
