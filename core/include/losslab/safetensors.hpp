// SPDX-License-Identifier: GPL-3.0-or-later
// A small, strict safetensors reader and writer for F32 tensors
// (https://github.com/huggingface/safetensors, format of the reference
// implementation):
//
//   [8 bytes: N, little-endian u64] [N bytes: JSON header, space-padded]
//   [data section: each tensor's bytes, row-major, little-endian]
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets"}
// (offsets relative to the data section) plus an optional "__metadata__"
// object of string -> string. The reader validates the whole header against
// the file's real size before it reads or allocates anything the header
// claims; every problem is a SafetensorsError naming the file and the field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace losslab {

struct SafetensorsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Far below the format's own 100 MB limit; a LossLab header is a few KB
// (plus the vocabulary).
inline constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 16u << 20;

// One tensor to write: its data is borrowed, not copied.
struct TensorRef {
  std::string name;
  std::vector<int64_t> shape;    // row-major; product must equal data.size()
  std::span<const float> data;
};

// Writes an F32 safetensors file atomically (see atomic_file.hpp). Tensors
// are stored in the given order, contiguously; the header lists
// "__metadata__" first (omitted when empty), then the tensors in that order,
// each as {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}, padded
// with spaces to a multiple of 8 bytes. Throws SafetensorsError for invalid
// input (duplicate or reserved names, size != product of shape) and IoError
// when the file cannot be written.
void write_safetensors(const std::filesystem::path& path, const std::vector<TensorRef>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// What the header says about one tensor (validated).
struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;
  std::uint64_t begin = 0, end = 0;  // byte offsets into the data section
  std::size_t numel() const { return static_cast<std::size_t>((end - begin) / 4); }
};

// Opens a file and validates its header completely: size >= 8; header
// length <= kSafetensorsMaxHeaderBytes and within the file; well-formed JSON
// with no duplicate keys at any level; "__metadata__" an object of strings;
// every entry exactly {dtype "F32", shape of non-negative integers,
// data_offsets [begin, end] with begin <= end}, end - begin == 4 * product
// of shape (overflow-checked); the entries cover the data section exactly,
// without overlaps, gaps or trailing bytes. Tensor data is read on demand.
class SafetensorsReader {
 public:
  explicit SafetensorsReader(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::vector<TensorInfo>& tensors() const { return tensors_; }  // sorted by offset
  const TensorInfo* find(std::string_view name) const;                  // nullptr if absent

  // Reads one tensor's values into `out` (out.size() must be t.numel()).
  void read(const TensorInfo& t, std::span<float> out);
  std::vector<float> read(const TensorInfo& t);

  // Throws SafetensorsError("safetensors file '<path>': <what>").
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  std::uint64_t data_start_ = 0;  // 8 + header length
  std::map<std::string, std::string> metadata_;
  std::vector<TensorInfo> tensors_;
};

// A whole file in memory, for tools and tests.
struct SafetensorsTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};
struct SafetensorsFile {
  std::map<std::string, std::string> metadata;
  std::vector<SafetensorsTensor> tensors;  // in file (offset) order
  const SafetensorsTensor* find(std::string_view name) const;
};
SafetensorsFile read_safetensors(const std::filesystem::path& path);

// Parses JSON text strictly: well-formed, no duplicate object keys at any
// depth (nlohmann would silently keep one of them), nesting at most 64 deep.
// Throws SafetensorsError("<context>: ...") naming the duplicate key and the
// object it is in. Used for the header and for JSON stored in metadata.
nlohmann::json parse_json_strict(std::string_view text, const std::string& context);

}  // namespace losslab
