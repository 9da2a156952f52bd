// SPDX-License-Identifier: GPL-3.0-or-later
// Safetensors and model checkpoints: exact byte layout, round trips, and a
// table of broken files that must each be rejected with their own message.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "losslab/checkpoint.hpp"
#include "losslab/safetensors.hpp"

using namespace losslab;
namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using Bytes = std::string;

namespace {

// A tiny model: 1 layer, 2 heads, width 4; vocabulary with a Chinese
// character and one outside the BMP.
ModelConfig tiny_config() {
  ModelConfig c;
  c.vocab_size = 7;
  c.n_class = 3;
  c.block_size = 5;
  c.n_layer = 1;
  c.n_head = 2;
  c.n_embd = 4;
  return c;
}

CheckpointInfo tiny_info() {
  CheckpointInfo info;
  info.vocab = {U'a', U'\u4e2d', U'\U0001F600'};  // a, 中, 😀
  info.classes = {"体育", "news \"quoted\"", "c"};
  info.settings = json{{"lambda", 0.3}, {"data", "builtin:zh"}, {"nested", {{"k", {1, 2}}}}};
  return info;
}

// Parameters with awkward bit patterns: -0, subnormals, extremes, inf, NaN.
std::vector<float> tiny_params(std::size_t n, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> p(n);
  for (auto& x : p) x = nd(rng);
  const float special[] = {-0.0f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                           -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()};
  for (std::size_t i = 0; i < std::size(special) && i < n; ++i) p[i * 7 % n] = special[i];
  return p;
}

std::uint64_t le64(const Bytes& b, std::size_t at = 0) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(b[at + i]);
  return n;
}

Bytes le64_bytes(std::uint64_t n) {
  Bytes b(8, '\0');
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return b;
}

Bytes file_bytes(const std::string& header, const Bytes& data) { return le64_bytes(header.size()) + header + data; }

struct Checkpoint : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("losslab-ckpt-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static Bytes slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void overwrite(const fs::path& p, const Bytes& b) {
    std::fstream out(p, std::ios::binary | std::ios::in | std::ios::out);
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
  }
  static void spit(const fs::path& p, const Bytes& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
  }
  // A valid tiny model file's bytes (written once per process: each save fsyncs).
  const Bytes& valid_model_bytes() {
    static const Bytes bytes = [this] {
      const ParamLayout layout(tiny_config());
      const auto p = dir / "valid.safetensors";
      save_model(p, layout, tiny_params(layout.total), tiny_info());
      return slurp(p);
    }();
    return bytes;
  }
};

// Splits a file into its header JSON (order kept) and data section.
void split(const Bytes& file, ojson& header, Bytes& data) {
  const std::uint64_t n = le64(file);
  header = ojson::parse(file.substr(8, n));
  data = file.substr(8 + n);
}
Bytes join(const ojson& header, const Bytes& data) { return file_bytes(header.dump(), data); }

void expect_bitwise(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

}  // namespace

// ---------------------------------------------------------------- byte layout

TEST_F(Checkpoint, ExactByteLayoutOfATinyFile) {
  const std::vector<float> b = {1.0f, -2.0f};
  const std::vector<float> a = {0.5f};
  write_safetensors(dir / "t.safetensors", {{"b", {2}, b}, {"a", {}, a}}, {{"k", "v"}});
  // 132 bytes of JSON + 4 spaces of padding = 136 = 0x88 (a multiple of 8).
  const std::string header =
      R"({"__metadata__":{"k":"v"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("a":{"dtype":"F32","shape":[],"data_offsets":[8,12]}})"
      "    ";
  ASSERT_EQ(header.size(), 136u);
  const Bytes expected = Bytes("\x88\0\0\0\0\0\0\0", 8) + header +
                         Bytes("\x00\x00\x80\x3f"   // 1.0f
                               "\x00\x00\x00\xc0"   // -2.0f
                               "\x00\x00\x00\x3f",  // 0.5f
                               12);
  EXPECT_EQ(slurp(dir / "t.safetensors"), expected);
}

TEST_F(Checkpoint, ReadsAHandBuiltFileInAnotherKeyOrder) {
  // As another writer might produce it: metadata last, fields reordered,
  // whitespace, no padding, tensors not in offset order.
  const std::string header =
      R"({ "y": {"data_offsets": [4, 12], "shape": [1, 2], "dtype": "F32"},)"
      R"( "x": {"shape": [1], "dtype": "F32", "data_offsets": [0, 4]}, "__metadata__": {"format": "pt"} })";
  const Bytes data("\x00\x00\x40\x40"   // 3.0f
                   "\x00\x00\x80\xbf"   // -1.0f
                   "\x00\x00\x00\x00",  // 0.0f
                   12);
  spit(dir / "h.safetensors", file_bytes(header, data));
  const SafetensorsFile f = read_safetensors(dir / "h.safetensors");
  ASSERT_EQ(f.tensors.size(), 2u);
  EXPECT_EQ(f.tensors[0].name, "x");  // offset order
  EXPECT_EQ(f.find("x")->data, std::vector<float>{3.0f});
  EXPECT_EQ(f.find("y")->shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(f.find("y")->data, (std::vector<float>{-1.0f, 0.0f}));
  EXPECT_EQ(f.metadata.at("format"), "pt");
  EXPECT_EQ(f.find("z"), nullptr);
}

TEST_F(Checkpoint, GenericRoundTripWithEmptyAndScalarTensors) {
  const std::vector<float> big = tiny_params(1000, 7), none, one = {42.0f};
  write_safetensors(dir / "g.safetensors", {{"big", {10, 100}, big}, {"empty", {0, 3}, none}, {"one", {}, one}});
  const Bytes file = slurp(dir / "g.safetensors");
  EXPECT_EQ(le64(file) % 8, 0u);
  EXPECT_EQ(file.size(), 8 + le64(file) + 4004);
  const SafetensorsFile f = read_safetensors(dir / "g.safetensors");
  EXPECT_TRUE(f.metadata.empty());
  expect_bitwise(f.find("big")->data, big);
  EXPECT_TRUE(f.find("empty")->data.empty());
  EXPECT_EQ(f.find("empty")->shape, (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(f.find("one")->data, one);
}

TEST_F(Checkpoint, WriterRejectsBadInput) {
  const std::vector<float> three = {1, 2, 3};
  EXPECT_THROW(write_safetensors(dir / "w", {{"a", {2}, three}}), SafetensorsError);
  EXPECT_THROW(write_safetensors(dir / "w", {{"a", {3}, three}, {"a", {3}, three}}), SafetensorsError);
  EXPECT_THROW(write_safetensors(dir / "w", {{"__metadata__", {3}, three}}), SafetensorsError);
  EXPECT_THROW(write_safetensors(dir / "w", {{"a", {-3}, three}}), SafetensorsError);
  EXPECT_THROW(write_safetensors(dir / "w", {{"a", {3}, three}}, {{"k", "\xff"}}), SafetensorsError);
  EXPECT_FALSE(fs::exists(dir / "w"));
}

// ----------------------------------------------------------------- round trips

TEST_F(Checkpoint, ModelRoundTripIsBitwise) {
  const ModelConfig cfg = tiny_config();
  const ParamLayout layout(cfg);
  const auto params = tiny_params(layout.total);
  const CheckpointInfo info = tiny_info();
  save_model(dir / "m.safetensors", layout, params, info);

  const LoadedModel m = load_model(dir / "m.safetensors");
  EXPECT_EQ(m.config, cfg);
  expect_bitwise(m.params, params);
  EXPECT_EQ(m.info.vocab, info.vocab);
  EXPECT_EQ(m.info.classes, info.classes);
  EXPECT_EQ(m.info.settings, info.settings);

  // The metadata is what the spec says, readable by any safetensors reader.
  const SafetensorsFile f = read_safetensors(dir / "m.safetensors");
  EXPECT_EQ(json::parse(f.metadata.at("losslab.config")),
            (json{{"vocab_size", 7}, {"n_class", 3}, {"block_size", 5}, {"n_layer", 1}, {"n_head", 2}, {"n_embd", 4}}));
  EXPECT_EQ(json::parse(f.metadata.at("losslab.vocab")), (json{"a", "中", "😀"}));
  EXPECT_EQ(json::parse(f.metadata.at("losslab.classes")), (json{"体育", "news \"quoted\"", "c"}));
  EXPECT_EQ(f.tensors.size(), layout.tensors.size());
  EXPECT_EQ(f.find("lm_head.weight"), nullptr);  // tied, not stored twice
  for (const auto& t : layout.tensors) {
    const auto* s = f.find(t.name);
    ASSERT_NE(s, nullptr) << t.name;
    EXPECT_EQ(s->shape, t.shape) << t.name;
    EXPECT_EQ(std::memcmp(s->data.data(), params.data() + t.offset, t.size * 4), 0) << t.name;
  }
  // The data section is the flat parameter buffer, in layout order.
  const Bytes file = slurp(dir / "m.safetensors");
  EXPECT_EQ(file.size(), 8 + le64(file) + 4 * layout.total);
  EXPECT_EQ(std::memcmp(file.data() + 8 + le64(file), params.data(), 4 * layout.total), 0);
}

TEST_F(Checkpoint, DefaultSizedModelRoundTrip) {
  const ModelConfig cfg;  // the spec's defaults: ~0.8M parameters
  const ParamLayout layout(cfg);
  const auto params = tiny_params(layout.total, 3);
  CheckpointInfo info;
  for (int i = 0; i < cfg.vocab_size - 4; ++i) info.vocab.push_back(static_cast<char32_t>(0x20 + i));
  info.classes = {"a", "b", "c", "d"};
  save_model(dir / "d.safetensors", layout, params, info);
  const LoadedModel m = load_model(dir / "d.safetensors");
  expect_bitwise(m.params, params);
  EXPECT_EQ(m.info.vocab, info.vocab);
  EXPECT_EQ(m.info.settings, json::object());
}

TEST_F(Checkpoint, OptimizerRoundTrip) {
  const ParamLayout layout(tiny_config());
  const auto m = tiny_params(layout.total, 11), v = tiny_params(layout.total, 12);
  save_optimizer(dir / "o.safetensors", layout, m, v, 1234567890123LL);
  const OptimizerState s = load_optimizer(dir / "o.safetensors", layout);
  expect_bitwise(s.m, m);
  expect_bitwise(s.v, v);
  EXPECT_EQ(s.step, 1234567890123LL);
  const SafetensorsFile f = read_safetensors(dir / "o.safetensors");
  EXPECT_NE(f.find("adam.m.transformer.wte.weight"), nullptr);
  EXPECT_NE(f.find("adam.v.cls_head.bias"), nullptr);
  EXPECT_EQ(f.metadata.at("losslab.step"), "1234567890123");

  // A model of another shape does not take this state.
  ModelConfig other = tiny_config();
  other.n_embd = 8;
  try {
    load_optimizer(dir / "o.safetensors", ParamLayout(other));
    FAIL() << "no error";
  } catch (const SafetensorsError& e) {
    EXPECT_NE(std::string(e.what()).find("different model"), std::string::npos) << e.what();
  }
}

TEST_F(Checkpoint, ParamTensorsWriteAGradientFile) {
  const ParamLayout layout(tiny_config());
  const auto g = tiny_params(layout.total, 21);
  write_safetensors(dir / "grads.safetensors", param_tensors(layout, g));
  const SafetensorsFile f = read_safetensors(dir / "grads.safetensors");
  ASSERT_EQ(f.tensors.size(), layout.tensors.size());
  for (const auto& t : layout.tensors) {
    const auto* s = f.find(t.name);
    ASSERT_NE(s, nullptr) << t.name;
    EXPECT_EQ(s->shape, t.shape);
    EXPECT_EQ(std::memcmp(s->data.data(), g.data() + t.offset, 4 * t.size), 0) << t.name;
  }
  EXPECT_THROW(param_tensors(layout, std::vector<float>(3)), std::invalid_argument);
}

TEST_F(Checkpoint, SaveRejectsInconsistentInput) {
  const ParamLayout layout(tiny_config());
  const auto params = tiny_params(layout.total);
  auto info = tiny_info();
  info.vocab.pop_back();
  EXPECT_THROW(save_model(dir / "x", layout, params, info), SafetensorsError);
  info = tiny_info();
  info.vocab = {U'b', U'a', U'c'};
  EXPECT_THROW(save_model(dir / "x", layout, params, info), SafetensorsError);
  info = tiny_info();
  info.classes.push_back("d");
  EXPECT_THROW(save_model(dir / "x", layout, params, info), SafetensorsError);
  EXPECT_THROW(save_model(dir / "x", layout, std::vector<float>(layout.total - 1), tiny_info()), SafetensorsError);
  EXPECT_THROW(save_optimizer(dir / "x", layout, params, params, -1), SafetensorsError);
  EXPECT_FALSE(fs::exists(dir / "x"));
  // Saving over an existing checkpoint replaces it whole.
  save_model(dir / "x", layout, params, tiny_info());
  const auto params2 = tiny_params(layout.total, 99);
  save_model(dir / "x", layout, params2, tiny_info());
  expect_bitwise(load_model(dir / "x").params, params2);
}

// ------------------------------------------------------------- broken files

namespace {

struct Broken {
  const char* name;
  std::function<Bytes(Checkpoint&)> make;
  std::vector<std::string> words;  // all must appear in the message
};

// Edits the header (and optionally the data) of a valid model file.
std::function<Bytes(Checkpoint&)> edit(std::function<void(ojson&, Bytes&)> f) {
  return [f](Checkpoint& t) {
    ojson h;
    Bytes data;
    split(t.valid_model_bytes(), h, data);
    f(h, data);
    return join(h, data);
  };
}
// Edits the header text of a valid model file (for things JSON values cannot express).
std::function<Bytes(Checkpoint&)> edit_text(std::function<void(std::string&)> f) {
  return [f](Checkpoint& t) {
    const Bytes file = t.valid_model_bytes();
    std::string header = file.substr(8, le64(file));
    f(header);
    return file_bytes(header, file.substr(8 + le64(file)));
  };
}
void replace_once(std::string& s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
}
// Writes a model through the generic writer with the tensors and metadata edited.
std::function<Bytes(Checkpoint&)> model(
    std::function<void(std::vector<TensorRef>&, std::map<std::string, std::string>&)> f) {
  return [f](Checkpoint& t) {
    const ParamLayout layout(tiny_config());
    static const std::vector<float> params = tiny_params(ParamLayout(tiny_config()).total);
    std::vector<TensorRef> refs;
    for (const auto& v : layout.tensors)
      refs.push_back({v.name, v.shape, std::span<const float>(params).subspan(v.offset, v.size)});
    ojson h;
    Bytes data;
    split(t.valid_model_bytes(), h, data);
    std::map<std::string, std::string> meta = h["__metadata__"];
    f(refs, meta);
    write_safetensors(t.dir / "edited.safetensors", refs, meta);
    return Checkpoint::slurp(t.dir / "edited.safetensors");
  };
}
std::function<Bytes(Checkpoint&)> config(json c) {
  return model([c](auto&, auto& meta) { meta["losslab.config"] = c.dump(); });
}
json tiny_config_json() {
  return json{{"vocab_size", 7}, {"n_class", 3}, {"block_size", 5}, {"n_layer", 1}, {"n_head", 2}, {"n_embd", 4}};
}
json with(json j, const std::string& k, json v) {
  j[k] = std::move(v);
  return j;
}
ojson& entry(ojson& h, const std::string& name) { return h[name]; }
std::uint64_t end_of(ojson& h, const std::string& name) { return h[name]["data_offsets"][1].get<std::uint64_t>(); }
std::uint64_t begin_of(ojson& h, const std::string& name) { return h[name]["data_offsets"][0].get<std::uint64_t>(); }
const std::string kLast = "cls_head.bias";  // last in the data section, 3 floats
const std::string kPrev = "cls_head.weight";

const std::vector<Broken>& broken_files() {
  static const std::vector<Broken> table = {
      {"empty file", [](Checkpoint&) { return Bytes(); }, {"too short", "0 bytes"}},
      {"shorter than 8 bytes", [](Checkpoint&) { return Bytes("\x10\0\0", 3); }, {"too short", "3 bytes"}},
      {"header cut",
       [](Checkpoint& t) {
         const Bytes f = t.valid_model_bytes();
         return f.substr(0, 8 + le64(f) / 2);
       },
       {"header length", "past the end of the file"}},
      {"data cut",
       [](Checkpoint& t) {
         const Bytes f = t.valid_model_bytes();
         return f.substr(0, f.size() - 5);
       },
       {"tensor 'cls_head.bias'", "past the end of the data section"}},
      {"header length past the end",
       [](Checkpoint&) { return le64_bytes(1000) + R"({"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})"; },
       {"header length 1000", "past the end of the file"}},
      {"huge header length 2^63",
       [](Checkpoint&) { return le64_bytes(std::uint64_t(1) << 63) + std::string(64, ' '); },
       {"header length 9223372036854775808", "exceeds the limit"}},
      {"header length all ones",
       [](Checkpoint&) { return le64_bytes(~std::uint64_t(0)) + std::string(64, ' '); },
       {"header length 18446744073709551615", "exceeds the limit"}},
      {"zero header length", [](Checkpoint&) { return le64_bytes(0) + Bytes(16, '\0'); }, {"header length is 0"}},
      {"garbage JSON", [](Checkpoint&) { return file_bytes("{not json at all", ""); }, {"invalid JSON"}},
      {"binary garbage header", [](Checkpoint&) { return file_bytes(Bytes("\x01\xff\x00\x7f", 4), ""); },
       {"invalid JSON"}},
      {"header is an array", [](Checkpoint&) { return file_bytes("[1, 2]", ""); }, {"must be a JSON object", "array"}},
      {"deeply nested JSON",
       [](Checkpoint&) { return file_bytes("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}", ""); },
       {"nested deeper than 64"}},
      {"duplicate top-level key",
       edit_text([](std::string& h) {
         replace_once(h, "{\"__metadata__\"", R"({"cls_head.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"__metadata__")");
       }),
       {"duplicate key 'cls_head.bias'", "top level"}},
      {"duplicate key inside a tensor entry",
       edit_text([](std::string& h) { replace_once(h, R"("dtype":"F32")", R"("dtype":"F32","dtype":"F16")"); }),
       {"duplicate key 'dtype'", "transformer.wte.weight"}},
      {"duplicate key inside metadata",
       edit_text([](std::string& h) { replace_once(h, R"("losslab.classes":)", R"("losslab.vocab":"[]","losslab.classes":)"); }),
       {"duplicate key 'losslab.vocab'", "__metadata__"}},
      {"non-string metadata value", edit([](ojson& h, Bytes&) { h["__metadata__"]["losslab.step"] = 5; }),
       {"__metadata__ value of 'losslab.step'", "must be a string", "number"}},
      {"metadata not an object", edit([](ojson& h, Bytes&) { h["__metadata__"] = ojson::array({"x"}); }),
       {"__metadata__ must be an object"}},
      {"dtype F16", edit([](ojson& h, Bytes&) { entry(h, "transformer.wpe.weight")["dtype"] = "F16"; }),
       {"tensor 'transformer.wpe.weight'", "dtype 'F16'", "expected F32"}},
      {"dtype F64", edit([](ojson& h, Bytes&) { entry(h, kLast)["dtype"] = "F64"; }),
       {"tensor 'cls_head.bias'", "dtype 'F64'", "expected F32"}},
      {"dtype not a string", edit([](ojson& h, Bytes&) { entry(h, kLast)["dtype"] = 32; }),
       {"dtype must be a string"}},
      {"tensor entry not an object", edit([](ojson& h, Bytes&) { h[kLast] = "F32"; }),
       {"tensor 'cls_head.bias'", "entry must be an object"}},
      {"missing field", edit([](ojson& h, Bytes&) { entry(h, kLast).erase("shape"); }),
       {"tensor 'cls_head.bias'", "missing field 'shape'"}},
      {"unknown field", edit([](ojson& h, Bytes&) { entry(h, kLast)["strides"] = ojson::array({1}); }),
       {"unknown field 'strides'"}},
      {"negative shape", edit([](ojson& h, Bytes&) { entry(h, kLast)["shape"] = ojson::array({-3}); }),
       {"shape[0]", "non-negative integer", "-3"}},
      {"fractional shape", edit([](ojson& h, Bytes&) { entry(h, kLast)["shape"] = ojson::array({3.0}); }),
       {"shape[0]", "non-negative integer"}},
      {"shape product overflows",
       edit([](ojson& h, Bytes& d) {
         h["huge"] = ojson{{"dtype", "F32"}, {"shape", {4294967296ULL, 4294967296ULL, 16}}, {"data_offsets", {d.size(), d.size()}}};
       }),
       {"tensor 'huge'", "overflow"}},
      {"shape times 4 overflows",
       edit([](ojson& h, Bytes& d) {
         h["huge"] = ojson{{"dtype", "F32"}, {"shape", {std::uint64_t(1) << 62}}, {"data_offsets", {d.size(), d.size()}}};
       }),
       {"tensor 'huge'", "overflow"}},
      {"data_offsets not a pair", edit([](ojson& h, Bytes&) { entry(h, kLast)["data_offsets"] = ojson::array({0}); }),
       {"data_offsets must be [begin, end]"}},
      {"negative data_offsets", edit([](ojson& h, Bytes&) { entry(h, kLast)["data_offsets"] = ojson::array({-4, 8}); }),
       {"data_offsets must be [begin, end]"}},
      {"begin greater than end",
       edit([](ojson& h, Bytes&) {
         const auto b = begin_of(h, kLast), e = end_of(h, kLast);
         entry(h, kLast)["data_offsets"] = {e, b};
       }),
       {"tensor 'cls_head.bias'", "begin", "greater than end"}},
      {"offsets past the end",
       edit([](ojson& h, Bytes&) {
         const auto b = begin_of(h, kLast), e = end_of(h, kLast);
         entry(h, kLast)["data_offsets"] = {b + 4, e + 4};
       }),
       {"tensor 'cls_head.bias'", "past the end of the data section"}},
      {"huge offsets",
       edit([](ojson& h, Bytes&) { entry(h, kLast)["data_offsets"] = {~std::uint64_t(0) - 11, ~std::uint64_t(0) - 11}; }),
       {"past the end of the data section"}},
      {"size does not match the shape",
       edit([](ojson& h, Bytes&) {
         const auto b = begin_of(h, kLast), e = end_of(h, kLast);
         entry(h, kLast)["data_offsets"] = {b, e - 4};
       }),
       {"tensor 'cls_head.bias'", "span 8 bytes", "needs 12 bytes"}},
      {"overlapping offsets",
       edit([](ojson& h, Bytes& d) {
         const auto b = begin_of(h, kLast), e = end_of(h, kLast);
         entry(h, kLast)["data_offsets"] = {b - 4, e - 4};
         d.resize(d.size() - 4);
       }),
       {"'cls_head.weight' and 'cls_head.bias' overlap"}},
      {"gap between tensors",
       edit([](ojson& h, Bytes& d) {
         const auto b = begin_of(h, kLast), e = end_of(h, kLast);
         entry(h, kLast)["data_offsets"] = {b + 4, e + 4};
         d += Bytes(4, '\0');
       }),
       {"gap of 4 unused bytes", "before tensor 'cls_head.bias'"}},
      {"trailing bytes", edit([](ojson&, Bytes& d) { d += Bytes(5, '\0'); }), {"5 trailing bytes"}},
      {"wrong shape for the config",
       model([](auto& refs, auto&) {
         for (auto& r : refs)
           if (r.name == "cls_head.weight") r.shape = {4, 3};  // transposed: same size
       }),
       {"tensor 'cls_head.weight'", "shape [4, 3]", "expected [3, 4]"}},
      {"missing tensor",
       model([](auto& refs, auto&) { std::erase_if(refs, [](const TensorRef& r) { return r.name == "transformer.ln_f.bias"; }); }),
       {"missing tensor 'transformer.ln_f.bias'"}},
      {"extra unknown tensor",
       model([](auto& refs, auto&) { refs.push_back({"transformer.h.1.ln_1.weight", {4}, refs[2].data}); }),
       {"unknown tensor 'transformer.h.1.ln_1.weight'"}},
      {"stored tied LM head",
       model([](auto& refs, auto&) { refs.push_back({"lm_head.weight", refs[0].shape, refs[0].data}); }),
       {"unknown tensor 'lm_head.weight'", "tied"}},
      {"config missing", model([](auto&, auto& meta) { meta.erase("losslab.config"); }),
       {"metadata key 'losslab.config' is missing"}},
      {"config not JSON", model([](auto&, auto& meta) { meta["losslab.config"] = "{vocab_size: 7}"; }),
       {"losslab.config", "invalid JSON"}},
      {"config with a duplicate key",
       model([](auto&, auto& meta) {
         meta["losslab.config"] = R"({"vocab_size":7,"n_class":3,"block_size":5,"n_layer":1,"n_head":2,"n_embd":4,"n_head":4})";
       }),
       {"losslab.config", "duplicate key 'n_head'"}},
      {"config n_embd not divisible by n_head", config(with(with(tiny_config_json(), "n_embd", 6), "n_head", 4)),
       {"losslab.config", "divisible"}},
      {"config negative n_layer", config(with(tiny_config_json(), "n_layer", -1)), {"n_layer", "got -1"}},
      {"config negative vocab", config(with(tiny_config_json(), "vocab_size", -7)), {"vocab_size", "got -7"}},
      {"config value beyond int", config(with(tiny_config_json(), "n_embd", 1LL << 40)), {"'n_embd'", "out of range"}},
      {"config value a float", config(with(tiny_config_json(), "n_embd", 4.5)), {"'n_embd' must be an integer"}},
      {"config value a string", config(with(tiny_config_json(), "block_size", "5")), {"'block_size' must be an integer"}},
      {"config missing a key",
       config([] {
         auto j = tiny_config_json();
         j.erase("n_head");
         return j;
       }()),
       {"losslab.config: missing key 'n_head'"}},
      {"config unknown key", config(with(tiny_config_json(), "dropout", 0)), {"unknown key 'dropout'"}},
      {"config for another model", config(with(tiny_config_json(), "n_embd", 8)),
       {"tensor 'transformer.wte.weight'", "shape [7, 4]", "expected [7, 8]"}},
      {"vocab length mismatch", model([](auto&, auto& meta) { meta["losslab.vocab"] = R"(["a","b"])"; }),
       {"losslab.vocab has 2 characters", "expected vocab_size - 4 = 3"}},
      {"vocab entry of two characters", model([](auto&, auto& meta) { meta["losslab.vocab"] = R"(["a","bc","d"])"; }),
       {"losslab.vocab[1]", "exactly one character"}},
      {"vocab entry not a string", model([](auto&, auto& meta) { meta["losslab.vocab"] = R"(["a",98,"d"])"; }),
       {"losslab.vocab[1] must be a string"}},
      {"vocab not sorted", model([](auto&, auto& meta) { meta["losslab.vocab"] = R"(["b","a","d"])"; }),
       {"losslab.vocab[1] (U+0061)", "strictly increasing"}},
      {"vocab not an array", model([](auto&, auto& meta) { meta["losslab.vocab"] = R"("abc")"; }),
       {"losslab.vocab must be a JSON array"}},
      {"vocab missing", model([](auto&, auto& meta) { meta.erase("losslab.vocab"); }),
       {"metadata key 'losslab.vocab' is missing"}},
      {"classes length mismatch", model([](auto&, auto& meta) { meta["losslab.classes"] = R"(["x","y"])"; }),
       {"losslab.classes has 2 names", "expected n_class = 3"}},
      {"duplicate class names", model([](auto&, auto& meta) { meta["losslab.classes"] = R"(["x","y","x"])"; }),
       {"class name 'x' appears twice"}},
      {"settings not an object", model([](auto&, auto& meta) { meta["losslab.settings"] = "[1]"; }),
       {"losslab.settings must be a JSON object"}},
      {"settings not JSON", model([](auto&, auto& meta) { meta["losslab.settings"] = "{"; }),
       {"losslab.settings", "invalid JSON"}},
  };
  return table;
}

}  // namespace

TEST_F(Checkpoint, BrokenFilesAreRejectedWithTheirOwnMessage) {
  std::set<std::string> messages;
  int i = 0;
  for (const auto& b : broken_files()) {
    SCOPED_TRACE(b.name);
    const fs::path p = dir / ("broken-" + std::to_string(i++) + ".safetensors");
    spit(p, b.make(*this));
    try {
      load_model(p);
      ADD_FAILURE() << b.name << ": loaded without an error";
    } catch (const SafetensorsError& e) {
      const std::string msg = e.what();
      if (std::getenv("LOSSLAB_PRINT_MESSAGES"))  // to review the wording
        std::printf("%-40s %s\n", b.name, msg.c_str());
      std::string quoted_path = "'";  // (not "'" + string: GCC 12 warns falsely, -Wrestrict)
      quoted_path += p.string();
      quoted_path += '\'';
      EXPECT_NE(msg.find(quoted_path), std::string::npos) << b.name << ": " << msg;
      for (const auto& w : b.words) EXPECT_NE(msg.find(w), std::string::npos) << b.name << ": '" << w << "' not in: " << msg;
      const std::string problem = msg.substr(msg.find(p.string()) + p.string().size());
      EXPECT_TRUE(messages.insert(problem).second) << b.name << ": same message as another case: " << msg;
    } catch (const std::exception& e) {
      ADD_FAILURE() << b.name << ": wrong exception type: " << e.what();
    }
  }
  EXPECT_GE(messages.size(), 55u);
}

TEST_F(Checkpoint, MissingPathAndDirectory) {
  for (const fs::path& p : {dir / "absent.safetensors", dir}) {
    try {
      load_model(p);
      ADD_FAILURE() << "no error";
    } catch (const SafetensorsError& e) {
      EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
  }
}

TEST_F(Checkpoint, BrokenOptimizerFiles) {
  const ParamLayout layout(tiny_config());
  const auto m = tiny_params(layout.total, 5);
  save_optimizer(dir / "o.safetensors", layout, m, m, 7);
  const auto base = read_safetensors(dir / "o.safetensors");
  auto rewrite = [&](std::function<void(std::vector<TensorRef>&, std::map<std::string, std::string>&)> f) {
    std::vector<TensorRef> refs;
    for (const auto& t : base.tensors) refs.push_back({t.name, t.shape, t.data});
    auto meta = base.metadata;
    f(refs, meta);
    write_safetensors(dir / "bad.safetensors", refs, meta);
  };
  const std::vector<std::pair<std::function<void(std::vector<TensorRef>&, std::map<std::string, std::string>&)>,
                              std::string>>
      cases = {
          {[](auto&, auto& meta) { meta.erase("losslab.step"); }, "'losslab.step' is missing"},
          {[](auto&, auto& meta) { meta["losslab.step"] = "-3"; }, "non-negative decimal integer, got \"-3\""},
          {[](auto&, auto& meta) { meta["losslab.step"] = "12abc"; }, "got \"12abc\""},
          {[](auto&, auto& meta) { meta["losslab.step"] = "99999999999999999999"; }, "got \"99999999999999999999\""},
          {[](auto& refs, auto&) { refs.pop_back(); }, "missing tensor 'adam.v.cls_head.bias'"},
          {[](auto& refs, auto&) { refs[0].name = "adam.x.transformer.wte.weight"; },
           "missing tensor 'adam.m.transformer.wte.weight'"},
          {[](auto& refs, auto&) { refs.push_back({"adam.m.extra", {}, refs[0].data.first(1)}); },
           "unknown tensor 'adam.m.extra'"},
      };
  for (const auto& [f, words] : cases) {
    rewrite(f);
    try {
      load_optimizer(dir / "bad.safetensors", layout);
      ADD_FAILURE() << words << ": no error";
    } catch (const SafetensorsError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  }
}

// Every prefix of a valid file is rejected cleanly. (The file is cut in
// place, from the end: cheaper for the file system than rewriting it.)
TEST_F(Checkpoint, EveryTruncationIsRejected) {
  const Bytes& file = valid_model_bytes();
  const fs::path p = dir / "cut.safetensors";
  spit(p, file);
  for (std::size_t n = file.size(); n-- > 0;) {
    fs::resize_file(p, n);
    EXPECT_THROW(load_model(p), SafetensorsError) << "cut at " << n;
  }
}

// Random corruption of header bytes: either a clean SafetensorsError or a
// valid load, never another exception or a crash (run under ASan in CI).
TEST_F(Checkpoint, CorruptedHeadersNeverCrash) {
  const Bytes& file = valid_model_bytes();
  const std::size_t n = le64(file);
  const fs::path p = dir / "fuzz.safetensors";
  spit(p, file);
  std::mt19937 rng(2024);
  const char interesting[] = {'"', '{', '}', '[', ']', ',', ':', '0', '9', '-', '\\', ' ', '\xff', 'e', '.'};
  int rejected = 0, loaded = 0;
  for (int i = 0; i < 1500; ++i) {
    Bytes f = file;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = 8 + rng() % n;
      f[at] = (rng() % 2) ? interesting[rng() % sizeof interesting] : static_cast<char>(rng() & 0xFF);
    }
    overwrite(p, f);  // same size, in place
    try {
      load_model(p);
      ++loaded;
    } catch (const SafetensorsError&) {
      ++rejected;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "iteration " << i << ": wrong exception type: " << e.what();
    }
  }
  EXPECT_GT(rejected, 1000);
  EXPECT_EQ(rejected + loaded, 1500);
}
