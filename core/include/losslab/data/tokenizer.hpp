// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's character tokenizer: Unicode code points of the training split,
// sorted by value, get ids 4, 5, ...; ids 0..3 are <pad>, <bos>, <eos>, <unk>.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace losslab {

class Tokenizer {
 public:
  Tokenizer() = default;
  static Tokenizer from_texts(const std::vector<std::string>& utf8_texts);
  static Tokenizer from_chars(std::vector<char32_t> sorted_unique_chars);  // e.g. from a checkpoint

  int vocab_size() const { return 4 + static_cast<int>(chars_.size()); }
  const std::vector<char32_t>& chars() const { return chars_; }  // ids 4..V-1
  // Code points; characters outside the vocabulary become <unk> (counted in *n_unk).
  std::vector<int32_t> encode(std::string_view utf8, int64_t* n_unk = nullptr) const;
  std::string decode(const std::vector<int32_t>& ids) const;  // special ids are skipped
  std::string token_text(int32_t id) const;                    // "<pad>", "<bos>", ..., or the character
  int32_t id_of(char32_t c) const;                             // kUnk when c is not in the vocabulary

 private:
  std::vector<char32_t> chars_;
};

// Strict UTF-8 decoding: invalid sequences become U+FFFD, counted in *n_invalid.
std::u32string decode_utf8(std::string_view utf8, int64_t* n_invalid = nullptr);
std::string encode_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t c);  // surrogates and values above U+10FFFF become U+FFFD
// Copies bytes, replacing each invalid UTF-8 sequence (maximal subpart) with
// U+FFFD; counts them in *n_invalid and records up to max_lines distinct
// 1-based line numbers where they occur.
std::string sanitize_utf8(std::string_view bytes, int64_t* n_invalid = nullptr,
                          std::vector<int64_t>* invalid_lines = nullptr, std::size_t max_lines = 10);
int64_t count_code_points(std::string_view valid_utf8);

}  // namespace losslab
