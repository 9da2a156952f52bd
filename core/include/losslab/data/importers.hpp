// SPDX-License-Identifier: GPL-3.0-or-later
// Readers for the data formats LossLab accepts (see docs/data.md): CSV/TSV,
// fastText, a folder per class, plain text. Each takes bytes (or a folder)
// and returns examples with their labels; load_dataset() splits them and
// writes the report. Every error is a DataError naming file, line and column.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/data/dataset.hpp"

namespace losslab {

// SHA-256, for content hashes.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hex();  // finishes the digest; call once
 private:
  void block(const unsigned char* p);
  uint32_t h_[8];
  unsigned char buf_[64] = {};
  std::size_t fill_ = 0;
  uint64_t total_ = 0;
};
std::string sha256_hex(std::string_view data);

// RunSettings::data split into the source and its options:
// "reviews.csv?text=review&label=stars" -> {"reviews.csv", {text: review, label: stars}}.
// A path that exists on disk as written is never split, so a '?' in a file
// name still works.
struct DataSpec {
  std::string source;
  std::map<std::string, std::string> options;
};
DataSpec parse_data_spec(const std::string& data);

struct ImportOptions {
  std::string source = "<memory>";  // the file name used in messages
  std::string text_column;          // CSV/TSV: header name or 1-based column number; empty = detect
  std::string label_column;         // as text_column; "none" = no labels (LM only)
  std::string header = "auto";      // CSV/TSV: auto, yes, no
  std::string encoding = "auto";    // auto, utf-8, utf-16, gb18030
  char delimiter = 0;               // CSV only; 0 = ',' (or ';' when the first line says so)
  ProgressFn progress;              // fraction of the input done
  const std::atomic<bool>* cancel = nullptr;
};

struct ImportResult {
  std::string format, encoding;
  std::vector<Example> examples;          // label indexes into class_names, -1 without labels
  std::vector<std::string> class_names;   // sorted (numerically when all are integers); empty without labels
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // how the input was read (chosen columns, header)
  int64_t n_invalid_utf8 = 0;
  std::vector<int64_t> invalid_utf8_lines;  // first few 1-based lines
  int64_t n_skipped = 0;                    // rows that could not be used (listed in warnings)
};

// Thrown when `cancel` was set while loading.
struct DataCancelled : DataError {
  using DataError::DataError;
};

// Turns file bytes into valid UTF-8: strips a UTF-8 BOM, converts UTF-16
// (with BOM) and GB18030 through ICU, replaces invalid UTF-8 with U+FFFD
// (counted in r). Sets r.encoding.
std::string bytes_to_utf8(std::string_view bytes, const ImportOptions& opt, ImportResult& r);

// Each parser takes the raw bytes of the file (encoding handled inside).
ImportResult import_csv(std::string_view bytes, const ImportOptions& opt, char delimiter = ',');
ImportResult import_fasttext(std::string_view bytes, const ImportOptions& opt);
ImportResult import_text(std::string_view bytes, const ImportOptions& opt);
// A folder per class, each regular *.txt file one example. The content hash
// covers every file's relative path and bytes.
ImportResult import_folder(const std::string& dir, const ImportOptions& opt, std::string* content_hash = nullptr);

// "csv", "tsv", "fasttext" or "text", from the extension and the first bytes.
std::string detect_format(const std::string& path, std::string_view head);

}  // namespace losslab
