// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/checkpoint.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <set>
#include <stdexcept>

namespace losslab {
namespace {

using json = nlohmann::json;

constexpr const char* kConfigKeys[] = {"vocab_size", "n_class", "block_size", "n_layer", "n_head", "n_embd"};

[[noreturn]] void fail(const std::filesystem::path& p, const std::string& what) {
  throw SafetensorsError("safetensors file '" + p.string() + "': " + what);
}

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool valid_code_point(char32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

std::string utf8_of(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// The one code point that `s` encodes, or false if it is not exactly one.
// (nlohmann's parser has already rejected ill-formed UTF-8.)
bool single_code_point(const std::string& s, char32_t& out) {
  if (s.empty()) return false;
  const auto b0 = static_cast<unsigned char>(s[0]);
  const std::size_t len = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (len == 0 || s.size() != len) return false;
  char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return false;
    c = (c << 6) | (b & 0x3F);
  }
  if (!valid_code_point(c) || utf8_of(c) != s) return false;  // overlong or out of range
  out = c;
  return true;
}

// Checks that `info` fits `cfg`.
void check_info(const std::filesystem::path& p, const ModelConfig& cfg, const CheckpointInfo& info) {
  if (info.vocab.size() != static_cast<std::size_t>(cfg.vocab_size) - 4)
    fail(p, "losslab.vocab has " + std::to_string(info.vocab.size()) + " characters, expected vocab_size - 4 = " +
                std::to_string(cfg.vocab_size - 4));
  for (std::size_t i = 0; i < info.vocab.size(); ++i) {
    if (!valid_code_point(info.vocab[i]))
      fail(p, "losslab.vocab[" + std::to_string(i) + "] is not a Unicode scalar value");
    if (i > 0 && info.vocab[i] <= info.vocab[i - 1])
      fail(p, "losslab.vocab[" + std::to_string(i) + "] (" + code_point_name(info.vocab[i]) +
                  ") is not greater than the previous character: the vocabulary must be strictly increasing");
  }
  if (info.classes.size() != static_cast<std::size_t>(cfg.n_class))
    fail(p, "losslab.classes has " + std::to_string(info.classes.size()) + " names, expected n_class = " +
                std::to_string(cfg.n_class));
  std::set<std::string> seen;
  for (const auto& c : info.classes)
    if (!seen.insert(c).second) fail(p, "losslab.classes: the class name '" + c + "' appears twice");
  if (!info.settings.is_object())
    fail(p, std::string("losslab.settings must be a JSON object, got ") + info.settings.type_name());
}

const std::string& need_meta(const SafetensorsReader& r, const std::string& key) {
  const auto it = r.metadata().find(key);
  if (it == r.metadata().end()) r.fail("metadata key '" + key + "' is missing");
  return it->second;
}

ModelConfig parse_config(const SafetensorsReader& r, const std::string& text) {
  const json j = parse_json_strict(text, "safetensors file '" + r.path().string() + "': losslab.config");
  if (!j.is_object()) r.fail(std::string("losslab.config must be a JSON object, got ") + j.type_name());
  for (const auto& [k, _] : j.items())
    if (std::find_if(std::begin(kConfigKeys), std::end(kConfigKeys), [&](const char* c) { return k == c; }) ==
        std::end(kConfigKeys))
      r.fail("losslab.config: unknown key '" + k +
             "' (expected vocab_size, n_class, block_size, n_layer, n_head, n_embd)");
  ModelConfig c;
  int* fields[] = {&c.vocab_size, &c.n_class, &c.block_size, &c.n_layer, &c.n_head, &c.n_embd};
  for (std::size_t i = 0; i < std::size(kConfigKeys); ++i) {
    const char* k = kConfigKeys[i];
    if (!j.contains(k)) r.fail(std::string("losslab.config: missing key '") + k + "'");
    const json& v = j[k];
    if (!v.is_number_integer())
      r.fail(std::string("losslab.config: '") + k + "' must be an integer, got " + v.dump());
    // Out-of-int values are clamped into a range that validate() rejects with the real number shown.
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                               : (v.get<int64_t>() < std::numeric_limits<int>::min() ||
                                  v.get<int64_t>() > std::numeric_limits<int>::max()))
      r.fail(std::string("losslab.config: '") + k + "' = " + v.dump() + " is out of range");
    *fields[i] = v.get<int>();
  }
  try {
    c.validate();
  } catch (const SettingsError& e) {
    r.fail(std::string("losslab.config is not a sane model: ") + e.what());
  }
  return c;
}

std::vector<std::string> parse_string_array(const SafetensorsReader& r, const std::string& key) {
  const json j = parse_json_strict(need_meta(r, key), "safetensors file '" + r.path().string() + "': " + key);
  if (!j.is_array()) r.fail(key + " must be a JSON array of strings, got " + j.type_name());
  std::vector<std::string> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) r.fail(key + "[" + std::to_string(i) + "] must be a string, got " + j[i].dump());
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

// Checks that the file holds, for each prefix, every tensor of `layout`
// named prefix + name with exactly its shape, and no other tensor. Since the
// reader has checked that the tensors cover the data section exactly, after
// this the layout's size is what the file really holds, so buffers of that
// size may be allocated.
void check_tensors(const SafetensorsReader& r, const ParamLayout& layout, const std::vector<std::string>& prefixes) {
  std::set<std::string> expected;
  for (const auto& prefix : prefixes) {
    for (const auto& t : layout.tensors) {
      const std::string name = prefix + t.name;
      expected.insert(name);
      const TensorInfo* info = r.find(name);
      if (!info) r.fail("missing tensor '" + name + "' (required by the model config)");
      if (info->shape != t.shape)
        r.fail("tensor '" + name + "': shape " + shape_str(info->shape) + " does not match the config (expected " +
               shape_str(t.shape) + ")");
    }
  }
  for (const auto& t : r.tensors()) {
    if (expected.count(t.name)) continue;
    for (const auto& prefix : prefixes)
      if (t.name == prefix + "lm_head.weight")
        r.fail("unknown tensor '" + t.name + "': the LM head is tied to transformer.wte.weight and is not stored");
    r.fail("unknown tensor '" + t.name + "' (not a parameter of this model config)");
  }
}

void read_tensors(SafetensorsReader& r, const ParamLayout& layout, const std::string& prefix, std::span<float> out) {
  for (const auto& t : layout.tensors) r.read(*r.find(prefix + t.name), out.subspan(t.offset, t.size));
}

void check_size(const std::filesystem::path& p, const ParamLayout& layout, std::span<const float> buf,
                const char* what) {
  if (buf.size() != layout.total)
    fail(p, std::string(what) + " has " + std::to_string(buf.size()) + " values, the layout " +
                std::to_string(layout.total));
}

}  // namespace

std::vector<TensorRef> param_tensors(const ParamLayout& layout, std::span<const float> buffer,
                                     const std::string& prefix) {
  if (buffer.size() != layout.total)
    throw std::invalid_argument("param_tensors: the buffer has " + std::to_string(buffer.size()) +
                                " values, the layout " + std::to_string(layout.total));
  std::vector<TensorRef> v;
  v.reserve(layout.tensors.size());
  for (const auto& t : layout.tensors) v.push_back({prefix + t.name, t.shape, buffer.subspan(t.offset, t.size)});
  return v;
}

std::string config_to_json(const ModelConfig& c) {
  json j = json::object();
  j["vocab_size"] = c.vocab_size;
  j["n_class"] = c.n_class;
  j["block_size"] = c.block_size;
  j["n_layer"] = c.n_layer;
  j["n_head"] = c.n_head;
  j["n_embd"] = c.n_embd;
  return j.dump();
}

void save_model(const std::filesystem::path& path, const ParamLayout& layout, std::span<const float> params,
                const CheckpointInfo& info) {
  check_size(path, layout, params, "the parameter buffer");
  check_info(path, layout.config, info);
  json vocab = json::array();
  for (char32_t c : info.vocab) vocab.push_back(utf8_of(c));
  std::map<std::string, std::string> meta;
  meta["losslab.config"] = config_to_json(layout.config);
  meta["losslab.vocab"] = vocab.dump();
  try {
    meta["losslab.classes"] = json(info.classes).dump();
    meta["losslab.settings"] = info.settings.dump();
  } catch (const json::exception& e) {
    fail(path, std::string("a class name or setting is not valid UTF-8: ") + e.what());
  }
  write_safetensors(path, param_tensors(layout, params), meta);
}

LoadedModel load_model(const std::filesystem::path& path) {
  SafetensorsReader r(path);
  LoadedModel m;
  m.config = parse_config(r, need_meta(r, "losslab.config"));
  const auto vocab = parse_string_array(r, "losslab.vocab");
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    char32_t c = 0;
    if (!single_code_point(vocab[i], c))
      r.fail("losslab.vocab[" + std::to_string(i) + "] must be exactly one character, got \"" + vocab[i] + "\"");
    m.info.vocab.push_back(c);
  }
  m.info.classes = parse_string_array(r, "losslab.classes");
  const auto it = r.metadata().find("losslab.settings");
  if (it != r.metadata().end())
    m.info.settings = parse_json_strict(it->second, "safetensors file '" + path.string() + "': losslab.settings");
  check_info(path, m.config, m.info);

  const ParamLayout layout(m.config);
  check_tensors(r, layout, {""});
  m.params.assign(layout.total, 0.0f);
  read_tensors(r, layout, "", m.params);
  return m;
}

void save_optimizer(const std::filesystem::path& path, const ParamLayout& layout, std::span<const float> m,
                    std::span<const float> v, int64_t step) {
  check_size(path, layout, m, "the Adam m buffer");
  check_size(path, layout, v, "the Adam v buffer");
  if (step < 0) fail(path, "losslab.step must be non-negative, got " + std::to_string(step));
  auto tensors = param_tensors(layout, m, "adam.m.");
  auto vt = param_tensors(layout, v, "adam.v.");
  tensors.insert(tensors.end(), vt.begin(), vt.end());
  write_safetensors(path, tensors,
                    {{"losslab.step", std::to_string(step)}, {"losslab.config", config_to_json(layout.config)}});
}

OptimizerState load_optimizer(const std::filesystem::path& path, const ParamLayout& layout) {
  SafetensorsReader r(path);
  OptimizerState s;
  const std::string& step = need_meta(r, "losslab.step");
  const auto res = std::from_chars(step.data(), step.data() + step.size(), s.step);
  if (step.empty() || res.ec != std::errc() || res.ptr != step.data() + step.size() || s.step < 0 ||
      step[0] == '-' || step[0] == '+')
    r.fail("losslab.step must be a non-negative decimal integer, got \"" + step + "\"");
  if (const auto it = r.metadata().find("losslab.config"); it != r.metadata().end()) {
    const ModelConfig c = parse_config(r, it->second);
    if (!(c == layout.config))
      r.fail("optimizer state is for a different model (losslab.config " + it->second + ", the model has " +
             config_to_json(layout.config) + ")");
  }
  check_tensors(r, layout, {"adam.m.", "adam.v."});
  s.m.assign(layout.total, 0.0f);
  s.v.assign(layout.total, 0.0f);
  read_tensors(r, layout, "adam.m.", s.m);
  read_tensors(r, layout, "adam.v.", s.v);
  return s;
}

}  // namespace losslab
