// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/safetensors.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "losslab/atomic_file.hpp"

namespace losslab {
namespace {

using json = nlohmann::json;
constexpr int kMaxJsonDepth = 64;

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string file_prefix(const std::filesystem::path& p) { return "safetensors file '" + p.string() + "': "; }

// Checked product of a shape times 4 bytes; false on overflow.
bool f32_bytes(const std::vector<int64_t>& shape, std::uint64_t& bytes) {
  std::uint64_t n = 1;
  bool zero = false, overflow = false;
  for (auto d : shape) {
    if (d == 0) zero = true;
    const auto u = static_cast<std::uint64_t>(d);
    if (u != 0 && n > std::numeric_limits<std::uint64_t>::max() / u) overflow = true;
    else n *= u;
  }
  if (zero) { bytes = 0; return true; }
  if (overflow || n > std::numeric_limits<std::uint64_t>::max() / 4) return false;
  bytes = 4 * n;
  return true;
}

void write_f32_le(std::ostream& os, std::span<const float> data) {
  if constexpr (std::endian::native == std::endian::little) {
    os.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * 4));
  } else {
    char buf[4096];
    std::size_t i = 0;
    while (i < data.size()) {
      const std::size_t n = std::min<std::size_t>(data.size() - i, sizeof buf / 4);
      for (std::size_t j = 0; j < n; ++j) {
        std::uint32_t u;
        std::memcpy(&u, &data[i + j], 4);
        for (int b = 0; b < 4; ++b) buf[4 * j + b] = static_cast<char>((u >> (8 * b)) & 0xFF);
      }
      os.write(buf, static_cast<std::streamsize>(4 * n));
      i += n;
    }
  }
}

}  // namespace

json parse_json_strict(std::string_view text, const std::string& context) {
  struct Frame {
    std::string name;  // the key this object is the value of ("" at the top)
    std::set<std::string> keys;
    std::string last;
  };
  std::vector<Frame> stack;
  json::parser_callback_t cb = [&](int depth, json::parse_event_t ev, json& parsed) {
    if (depth > kMaxJsonDepth)
      throw SafetensorsError(context + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    switch (ev) {
      case json::parse_event_t::object_start:
        stack.push_back({stack.empty() ? std::string() : stack.back().last, {}, {}});
        break;
      case json::parse_event_t::key: {
        auto key = parsed.get<std::string>();
        Frame& f = stack.back();
        if (!f.keys.insert(key).second)
          throw SafetensorsError(context + ": duplicate key '" + key + "' " +
                                 (stack.size() == 1 ? std::string("at the top level")
                                                    : "in the object '" + f.name + "'"));
        f.last = std::move(key);
        break;
      }
      case json::parse_event_t::object_end:
        stack.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), cb);
  } catch (const json::exception& e) {
    throw SafetensorsError(context + ": invalid JSON: " + e.what());
  }
}

void write_safetensors(const std::filesystem::path& path, const std::vector<TensorRef>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  auto fail = [&](const std::string& what) { throw SafetensorsError(file_prefix(path) + what); };
  std::set<std::string_view> names;
  std::string header = "{";
  try {
    if (!metadata.empty()) header += "\"__metadata__\":" + json(metadata).dump();
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
      if (t.name == "__metadata__") fail("the tensor name '__metadata__' is reserved");
      if (!names.insert(t.name).second) fail("duplicate tensor name '" + t.name + "'");
      for (auto d : t.shape)
        if (d < 0) fail("tensor '" + t.name + "': negative dimension in shape " + shape_str(t.shape));
      std::uint64_t bytes = 0;
      if (!f32_bytes(t.shape, bytes) || bytes / 4 != t.data.size())
        fail("tensor '" + t.name + "': shape " + shape_str(t.shape) + " does not match its " +
             std::to_string(t.data.size()) + " values");
      if (header.size() > 1) header += ',';
      header += json(t.name).dump() + R"(:{"dtype":"F32","shape":)" + json(t.shape).dump() +
                R"(,"data_offsets":[)" + std::to_string(offset) + "," + std::to_string(offset + bytes) + "]}";
      offset += bytes;
    }
  } catch (const json::exception& e) {
    fail(std::string("a tensor name or metadata string is not valid UTF-8: ") + e.what());
  }
  header += '}';
  header.append((8 - header.size() % 8) % 8, ' ');  // as the reference implementation pads
  if (header.size() > kSafetensorsMaxHeaderBytes)
    fail("header of " + std::to_string(header.size()) + " bytes exceeds the limit of " +
         std::to_string(kSafetensorsMaxHeaderBytes) + " bytes");
  write_file_atomically(path, [&](std::ostream& os) {
    char len[8];
    const std::uint64_t n = header.size();
    for (int b = 0; b < 8; ++b) len[b] = static_cast<char>((n >> (8 * b)) & 0xFF);
    os.write(len, 8);
    os.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (const auto& t : tensors) write_f32_le(os, t.data);
  });
}

void SafetensorsReader::fail(const std::string& what) const { throw SafetensorsError(file_prefix(path_) + what); }

SafetensorsReader::SafetensorsReader(const std::filesystem::path& path) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) fail("cannot open: " + (ec ? ec.message() : std::string("no such file")));
  if (!fs::is_regular_file(st)) fail("not a regular file");
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) fail("cannot read its size: " + ec.message());
  in_.open(path, std::ios::binary);
  if (!in_) fail(std::string("cannot open for reading: ") + std::strerror(errno));
  if (size < 8)
    fail("file is too short (" + std::to_string(size) +
         " bytes): a safetensors file starts with an 8-byte header length");

  unsigned char len[8];
  if (!in_.read(reinterpret_cast<char*>(len), 8)) fail("cannot read the 8-byte header length");
  std::uint64_t n = 0;
  for (int b = 7; b >= 0; --b) n = (n << 8) | len[b];
  if (n > kSafetensorsMaxHeaderBytes)
    fail("header length " + std::to_string(n) + " exceeds the limit of " +
         std::to_string(kSafetensorsMaxHeaderBytes) + " bytes");
  if (n > size - 8)
    fail("header length " + std::to_string(n) + " runs past the end of the file (only " +
         std::to_string(size - 8) + " bytes follow the length field)");
  if (n == 0) fail("header length is 0: the header must be a JSON object");
  data_start_ = 8 + n;
  const std::uint64_t data_size = size - data_start_;

  std::string text(n, '\0');
  if (!in_.read(text.data(), static_cast<std::streamsize>(n))) fail("file ended while reading the header");
  const json h = parse_json_strict(text, file_prefix(path_) + "header");
  if (!h.is_object()) fail(std::string("header must be a JSON object, got ") + h.type_name());

  for (const auto& [key, val] : h.items()) {
    if (key == "__metadata__") {
      if (!val.is_object()) fail(std::string("__metadata__ must be an object of strings, got ") + val.type_name());
      for (const auto& [mk, mv] : val.items()) {
        if (!mv.is_string())
          fail("__metadata__ value of '" + mk + "' must be a string, got " + mv.type_name());
        metadata_[mk] = mv.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + key + "': ";
    if (!val.is_object()) fail(where + "entry must be an object, got " + val.type_name());
    for (const auto& [field, _] : val.items())
      if (field != "dtype" && field != "shape" && field != "data_offsets")
        fail(where + "unknown field '" + field + "' (expected dtype, shape, data_offsets)");
    for (const char* field : {"dtype", "shape", "data_offsets"})
      if (!val.contains(field)) fail(where + "missing field '" + field + "'");

    const json& dtype = val["dtype"];
    if (!dtype.is_string()) fail(where + "dtype must be a string, got " + dtype.type_name());
    if (dtype.get<std::string>() != "F32")
      fail(where + "dtype '" + dtype.get<std::string>() + "' is not supported (expected F32)");

    TensorInfo t;
    t.name = key;
    const json& shape = val["shape"];
    if (!shape.is_array()) fail(where + "shape must be an array of non-negative integers, got " + shape.type_name());
    for (std::size_t i = 0; i < shape.size(); ++i) {
      const json& d = shape[i];
      const bool ok = d.is_number_unsigned() ? d.get<std::uint64_t>() <= static_cast<std::uint64_t>(
                                                                               std::numeric_limits<int64_t>::max())
                                             : false;
      if (!ok)
        fail(where + "shape[" + std::to_string(i) + "] must be a non-negative integer, got " + d.dump());
      t.shape.push_back(d.get<int64_t>());
    }
    std::uint64_t bytes = 0;
    if (!f32_bytes(t.shape, bytes))
      fail(where + "shape " + shape_str(t.shape) + " has more elements than fit in 64 bits (overflow)");

    const json& off = val["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
      fail(where + "data_offsets must be [begin, end] with two non-negative integers, got " + off.dump());
    t.begin = off[0].get<std::uint64_t>();
    t.end = off[1].get<std::uint64_t>();
    if (t.begin > t.end)
      fail(where + "data_offsets begin " + std::to_string(t.begin) + " is greater than end " + std::to_string(t.end));
    if (t.end > data_size)
      fail(where + "data_offsets end " + std::to_string(t.end) + " is past the end of the data section (" +
           std::to_string(data_size) + " bytes)");
    if (t.end - t.begin != bytes)
      fail(where + "data_offsets span " + std::to_string(t.end - t.begin) + " bytes but shape " +
           shape_str(t.shape) + " of F32 needs " + std::to_string(bytes) + " bytes");
    tensors_.push_back(std::move(t));
  }

  std::sort(tensors_.begin(), tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t cursor = 0;
  const TensorInfo* prev = nullptr;
  for (const auto& t : tensors_) {
    if (t.begin < cursor)
      fail("tensors '" + prev->name + "' and '" + t.name + "' overlap in the data section (bytes " +
           std::to_string(t.begin) + ".." + std::to_string(cursor) + ")");
    if (t.begin > cursor)
      fail("gap of " + std::to_string(t.begin - cursor) + " unused bytes in the data section before tensor '" +
           t.name + "' (offset " + std::to_string(cursor) + ")");
    cursor = t.end;
    prev = &t;
  }
  if (cursor != data_size)
    fail(std::to_string(data_size - cursor) + " trailing bytes after the last tensor (the data section has " +
         std::to_string(data_size) + " bytes, the tensors cover " + std::to_string(cursor) + ")");
}

const TensorInfo* SafetensorsReader::find(std::string_view name) const {
  for (const auto& t : tensors_)
    if (t.name == name) return &t;
  return nullptr;
}

void SafetensorsReader::read(const TensorInfo& t, std::span<float> out) {
  if (out.size() != t.numel())
    fail("tensor '" + t.name + "': has " + std::to_string(t.numel()) + " values, the destination " +
         std::to_string(out.size()));
  if (out.empty()) return;
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(data_start_ + t.begin));
  in_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(t.end - t.begin));
  if (!in_ || static_cast<std::uint64_t>(in_.gcount()) != t.end - t.begin)
    fail("file ended while reading tensor '" + t.name + "' (did it change while being read?)");
  if constexpr (std::endian::native != std::endian::little) {
    for (auto& x : out) {
      unsigned char b[4];
      std::memcpy(b, &x, 4);
      const std::uint32_t u = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 |
                              std::uint32_t(b[3]) << 24;
      std::memcpy(&x, &u, 4);
    }
  }
}

std::vector<float> SafetensorsReader::read(const TensorInfo& t) {
  std::vector<float> v(t.numel());
  read(t, v);
  return v;
}

const SafetensorsTensor* SafetensorsFile::find(std::string_view name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

SafetensorsFile read_safetensors(const std::filesystem::path& path) {
  SafetensorsReader r(path);
  SafetensorsFile f;
  f.metadata = r.metadata();
  for (const auto& t : r.tensors()) f.tensors.push_back({t.name, t.shape, r.read(t)});
  return f;
}

}  // namespace losslab
