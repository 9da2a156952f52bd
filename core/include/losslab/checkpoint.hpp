// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's model checkpoint (../shared/spec/model.md, docs/checkpoint.md):
// a safetensors file with every parameter under its spec name (the tied LM
// head is not stored) and string metadata losslab.config, losslab.vocab,
// losslab.classes and losslab.settings; and optionally a second file with
// the Adam moments under adam.m.<name> / adam.v.<name> and losslab.step.
// Writes are atomic; loads validate everything and throw SafetensorsError
// naming the file and the problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "losslab/param_layout.hpp"
#include "losslab/safetensors.hpp"
#include "losslab/settings.hpp"

namespace losslab {

// Everything in a model checkpoint besides the parameters and the config.
struct CheckpointInfo {
  std::vector<char32_t> vocab;       // characters of ids 4..V-1, strictly increasing (size V-4)
  std::vector<std::string> classes;  // class names, distinct (size n_class)
  nlohmann::json settings = nlohmann::json::object();  // the full run settings (a JSON object)
};

struct LoadedModel {
  ModelConfig config;
  CheckpointInfo info;
  std::vector<float> params;  // laid out by ParamLayout(config)
};

// params.size() must be layout.total; info must match layout.config
// (vocab size V-4, n_class names), else SafetensorsError before anything is
// written. IoError if the file cannot be written.
void save_model(const std::filesystem::path& path, const ParamLayout& layout, std::span<const float> params,
                const CheckpointInfo& info);

// Validates the file (see SafetensorsReader), then the metadata: config JSON
// with exactly the six integer keys and sane values (ModelConfig::validate),
// vocab an array of V-4 single-character strings in increasing order,
// classes an array of n_class distinct strings, settings a JSON object
// ({} when absent); then every spec tensor present with exactly the shape
// the config implies and no other tensor.
LoadedModel load_model(const std::filesystem::path& path);

struct OptimizerState {
  std::vector<float> m, v;  // laid out by the same ParamLayout as the parameters
  int64_t step = 0;         // updates taken
};

// The second file: adam.m.<name> and adam.v.<name> for every parameter,
// metadata losslab.step (decimal) and losslab.config (so a mismatch with
// the model is reported clearly).
void save_optimizer(const std::filesystem::path& path, const ParamLayout& layout, std::span<const float> m,
                    std::span<const float> v, int64_t step);
OptimizerState load_optimizer(const std::filesystem::path& path, const ParamLayout& layout);

// One TensorRef per parameter of `layout`, named prefix + spec name, viewing
// `buffer` (size layout.total). E.g. gradients for `losses --grads-out`:
//   write_safetensors(path, param_tensors(layout, grads));
std::vector<TensorRef> param_tensors(const ParamLayout& layout, std::span<const float> buffer,
                                     const std::string& prefix = "");

// losslab.config as JSON text and back (strict: exactly the six keys, ints).
std::string config_to_json(const ModelConfig& c);

}  // namespace losslab
