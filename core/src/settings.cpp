// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/settings.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

namespace losslab {
namespace {

using json = nlohmann::json;

struct Entry {
  SettingInfo info;
  std::function<json(const RunSettings&)> get;
  std::function<void(RunSettings&, const json&)> set;
};

[[noreturn]] void fail(std::string_view key, const std::string& what) {
  throw SettingsError("setting '" + std::string(key) + "': " + what);
}

std::string show(const json& v) { return v.dump(); }

template <typename Int>
Entry int_entry(std::string_view key, bool live, std::string_view help, Int RunSettings::*field,
                long long lo, long long hi) {
  return {{key, "int", live, help},
          [field](const RunSettings& s) { return json(s.*field); },
          [=](RunSettings& s, const json& v) {
            long long x = 0;
            if (v.is_number_integer()) {
              x = v.get<long long>();
            } else if (v.is_number_float() && std::isfinite(v.get<double>()) &&
                       v.get<double>() == std::floor(v.get<double>()) &&
                       std::fabs(v.get<double>()) < 9e15) {
              x = static_cast<long long>(v.get<double>());
            } else {
              fail(key, "expected an integer, got " + show(v));
            }
            if (x < lo || x > hi)
              fail(key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                            "], got " + std::to_string(x));
            s.*field = static_cast<Int>(x);
          }};
}

Entry model_int(std::string_view key, std::string_view help, int ModelConfig::*field, int lo, int hi) {
  return {{key, "int", false, help},
          [field](const RunSettings& s) { return json(s.model.*field); },
          [=](RunSettings& s, const json& v) {
            if (!v.is_number_integer()) fail(key, "expected an integer, got " + show(v));
            long long x = v.get<long long>();
            if (x < lo || x > hi)
              fail(key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                            "], got " + std::to_string(x));
            s.model.*field = static_cast<int>(x);
          }};
}

Entry num_entry(std::string_view key, bool live, std::string_view help, double RunSettings::*field,
                double lo, double hi) {
  return {{key, "number", live, help},
          [field](const RunSettings& s) { return json(s.*field); },
          [=](RunSettings& s, const json& v) {
            if (!v.is_number()) fail(key, "expected a number, got " + show(v));
            double x = v.get<double>();
            if (!std::isfinite(x) || x < lo || x > hi)
              fail(key, "expected a number in [" + json(lo).dump() + ", " + json(hi).dump() + "], got " +
                            show(v));
            s.*field = x;
          }};
}

Entry str_entry(std::string_view key, std::string_view help, std::string RunSettings::*field,
                std::vector<std::string> allowed = {}) {
  return {{key, allowed.empty() ? "string" : "enum", false, help},
          [field](const RunSettings& s) { return json(s.*field); },
          [=](RunSettings& s, const json& v) {
            if (!v.is_string()) fail(key, "expected a string, got " + show(v));
            auto x = v.get<std::string>();
            if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), x) == allowed.end()) {
              std::string list;
              for (auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
              fail(key, "expected one of " + list + ", got " + show(v));
            }
            s.*field = x;
          }};
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = [] {
    constexpr long long kIntMax = std::numeric_limits<int>::max();
    std::vector<Entry> t;
    t.push_back(model_int("n_layer", "Transformer blocks", &ModelConfig::n_layer, 1, 64));
    t.push_back(model_int("n_head", "attention heads per block", &ModelConfig::n_head, 1, 64));
    t.push_back(model_int("n_embd", "model width d (divisible by n_head)", &ModelConfig::n_embd, 1, 4096));
    t.push_back(model_int("block_size", "longest input in tokens, <bos> included", &ModelConfig::block_size, 2, 4096));
    t.push_back(str_entry("data", "builtin:en, builtin:zh, or the path of a data file or folder", &RunSettings::data));
    t.push_back(str_entry("data_format", "how to read the data file", &RunSettings::data_format,
                          {"auto", "csv", "tsv", "fasttext", "folder", "text"}));
    t.push_back(str_entry("data_hash", "content hash of the data set the run used", &RunSettings::data_hash));
    t.push_back(int_entry("batch_size", false, "examples per step", &RunSettings::batch_size, 1, 4096));
    t.push_back(int_entry("seed", false, "seed of initialisation, split and batches", &RunSettings::seed, 0,
                          std::numeric_limits<long long>::max()));
    t.push_back(num_entry("lambda", true, "weight of the LM loss: L = lambda*L_LM + (1-lambda)*L_CE",
                          &RunSettings::lambda, 0.0, 1.0));
    t.push_back(num_entry("eps", true, "label smoothing of both cross-entropies", &RunSettings::eps, 0.0, 1.0));
    t.push_back(num_entry("lr", true, "peak learning rate", &RunSettings::lr, 0.0, 10.0));
    t.push_back(num_entry("beta1", true, "Adam beta1", &RunSettings::beta1, 0.0, 0.999999));
    t.push_back(num_entry("beta2", true, "Adam beta2", &RunSettings::beta2, 0.0, 0.999999));
    t.push_back(num_entry("eps_adam", true, "Adam epsilon", &RunSettings::eps_adam, 0.0, 1.0));
    t.push_back(num_entry("weight_decay", true, "AdamW decoupled weight decay (matrices only)",
                          &RunSettings::weight_decay, 0.0, 10.0));
    t.push_back(num_entry("grad_clip", true, "global gradient-norm clip; 0 disables", &RunSettings::grad_clip,
                          0.0, 1e6));
    t.push_back(int_entry("warmup_steps", true, "linear warmup steps", &RunSettings::warmup_steps, 0, kIntMax));
    t.push_back(Entry{{"schedule", "enum", true, "learning-rate schedule after warmup: cosine or constant"},
                      [](const RunSettings& s) { return json(s.schedule == Schedule::Cosine ? "cosine" : "constant"); },
                      [](RunSettings& s, const json& v) {
                        if (v == "cosine") s.schedule = Schedule::Cosine;
                        else if (v == "constant") s.schedule = Schedule::Constant;
                        else fail("schedule", "expected \"cosine\" or \"constant\", got " + show(v));
                      }});
    t.push_back(int_entry("planned_steps", true, "S: steps the cosine schedule spans", &RunSettings::planned_steps,
                          1, kIntMax));
    t.push_back(num_entry("min_lr_ratio", true, "r: the cosine schedule ends at r*lr", &RunSettings::min_lr_ratio,
                          0.0, 1.0));
    t.push_back(int_entry("steps", true, "steps to train", &RunSettings::steps, 0, kIntMax));
    t.push_back(int_entry("threads", false, "worker threads; 0 = all cores", &RunSettings::threads, 0, 1024));
    t.push_back(int_entry("eval_interval", true, "evaluate every N steps; 0 = never", &RunSettings::eval_interval,
                          0, kIntMax));
    t.push_back(int_entry("eval_batches", true, "validation batches per evaluation", &RunSettings::eval_batches, 1,
                          100000));
    return t;
  }();
  return table;
}

const Entry& entry(std::string_view key) {
  for (const auto& e : entries())
    if (e.info.key == key) return e;
  std::string known;
  for (const auto& e : entries()) known += (known.empty() ? "" : ", ") + std::string(e.info.key);
  throw SettingsError("unknown setting '" + std::string(key) + "' (known: " + known + ")");
}

}  // namespace

void ModelConfig::validate() const {
  auto need = [](bool ok, const char* field, const std::string& what) {
    if (!ok) throw SettingsError(std::string("model config '") + field + "': " + what);
  };
  need(vocab_size >= 5 && vocab_size <= 1'200'000, "vocab_size", "expected 5..1200000, got " + std::to_string(vocab_size));
  need(n_class >= 1 && n_class <= 100000, "n_class", "expected 1..100000, got " + std::to_string(n_class));
  need(block_size >= 2 && block_size <= 4096, "block_size", "expected 2..4096, got " + std::to_string(block_size));
  need(n_layer >= 1 && n_layer <= 64, "n_layer", "expected 1..64, got " + std::to_string(n_layer));
  need(n_head >= 1 && n_head <= 64, "n_head", "expected 1..64, got " + std::to_string(n_head));
  need(n_embd >= 1 && n_embd <= 4096, "n_embd", "expected 1..4096, got " + std::to_string(n_embd));
  need(n_embd % n_head == 0, "n_embd",
       "must be divisible by n_head (" + std::to_string(n_embd) + " % " + std::to_string(n_head) + " != 0)");
}

void RunSettings::validate() const {
  RunSettings copy;
  for (const auto& e : entries()) e.set(copy, e.get(*this));  // range checks
  model.validate();
}

const std::vector<SettingInfo>& setting_keys() {
  static const std::vector<SettingInfo> keys = [] {
    std::vector<SettingInfo> k;
    for (const auto& e : entries()) k.push_back(e.info);
    return k;
  }();
  return keys;
}

const SettingInfo* find_setting(std::string_view key) {
  for (const auto& e : entries())
    if (e.info.key == key) return &e.info;
  return nullptr;
}

json get_setting(const RunSettings& s, std::string_view key) { return entry(key).get(s); }

void set_setting(RunSettings& s, std::string_view key, const json& value) {
  RunSettings copy = s;
  entry(key).set(copy, value);
  if (key == "n_embd" || key == "n_head") {
    if (copy.model.n_embd % copy.model.n_head != 0)
      fail(key, "n_embd (" + std::to_string(copy.model.n_embd) + ") must be divisible by n_head (" +
                    std::to_string(copy.model.n_head) + ")");
  }
  s = copy;
}

void apply_assignment(RunSettings& s, std::string_view assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw SettingsError("expected key=value, got '" + std::string(assignment) + "'");
  auto key = assignment.substr(0, eq);
  auto text = std::string(assignment.substr(eq + 1));
  const auto& e = entry(key);
  json value;
  if (e.info.type == "string" || e.info.type == "enum") {
    value = text;
  } else {
    value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) fail(key, "expected a " + std::string(e.info.type) + ", got '" + text + "'");
  }
  set_setting(s, key, value);
}

json settings_to_json(const RunSettings& s) {
  json j = json::object();
  for (const auto& e : entries()) j[std::string(e.info.key)] = e.get(s);
  return j;
}

RunSettings settings_from_json(const json& j, const RunSettings& base) {
  if (!j.is_object()) throw SettingsError("settings: expected a JSON object, got " + std::string(j.type_name()));
  RunSettings s = base;
  std::string errors;  // one line per bad key: every one is named, nothing is applied
  bool shape_ok = true;
  for (const auto& [key, value] : j.items()) {
    try {
      entry(key).set(s, value);
    } catch (const SettingsError& e) {
      errors += (errors.empty() ? "" : "\n") + std::string(e.what());
      shape_ok = shape_ok && key != "n_embd" && key != "n_head";
    }
  }
  if (shape_ok && s.model.n_embd % s.model.n_head != 0)
    errors += (errors.empty() ? "" : "\n") + std::string("setting 'n_embd': ") + std::to_string(s.model.n_embd) +
              " is not divisible by n_head " + std::to_string(s.model.n_head);
  if (!errors.empty()) throw SettingsError(errors);
  return s;
}

}  // namespace losslab
