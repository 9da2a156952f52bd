// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's character tokenizer and strict UTF-8 decoding.
#include "losslab/data/tokenizer.hpp"

#include <algorithm>
#include <stdexcept>

#include "losslab/batch.hpp"

namespace losslab {

namespace {

// Decodes one code point starting at s[i]. On success returns the code point
// and sets `len`; on an invalid sequence returns -1 and sets `len` to the
// length of its maximal subpart (at least 1), as Unicode recommends, so each
// invalid subpart becomes exactly one U+FFFD.
int32_t decode_one(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    len = 1;
    return b0;
  }
  int need = 0;
  int32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    len = 1;
    return -1;
  }
  std::size_t k = 1;
  for (int j = 0; j < need; ++j, ++k) {
    if (i + k >= s.size()) {
      len = k;
      return -1;
    }
    const auto b = static_cast<unsigned char>(s[i + k]);
    const unsigned char l = j == 0 ? lo : 0x80, h = j == 0 ? hi : 0xBF;
    if (b < l || b > h) {
      len = k;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  len = k;
  return cp;
}

}  // namespace

std::u32string decode_utf8(std::string_view utf8, int64_t* n_invalid) {
  std::u32string out;
  out.reserve(utf8.size());
  int64_t bad = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t len = 1;
    const int32_t cp = decode_one(utf8, i, len);
    if (cp < 0) {
      ++bad;
      out.push_back(U'\uFFFD');
    } else {
      out.push_back(static_cast<char32_t>(cp));
    }
    i += len;
  }
  if (n_invalid) *n_invalid += bad;
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c >= 0xD800 && c <= 0xDFFF) c = U'\uFFFD';
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out += "\xEF\xBF\xBD";
  }
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

std::string sanitize_utf8(std::string_view bytes, int64_t* n_invalid, std::vector<int64_t>* invalid_lines,
                          std::size_t max_lines) {
  std::string out;
  out.reserve(bytes.size());
  int64_t line = 1;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      if (b == '\n') ++line;
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    std::size_t len = 1;
    if (decode_one(bytes, i, len) < 0) {
      if (n_invalid) ++*n_invalid;
      if (invalid_lines && invalid_lines->size() < max_lines &&
          (invalid_lines->empty() || invalid_lines->back() != line))
        invalid_lines->push_back(line);
      out += "\xEF\xBF\xBD";
    } else {
      out.append(bytes.substr(i, len));
    }
    i += len;
  }
  return out;
}

int64_t count_code_points(std::string_view utf8) {
  int64_t n = 0;
  for (char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

Tokenizer Tokenizer::from_texts(const std::vector<std::string>& utf8_texts) {
  std::vector<char32_t> chars;
  std::vector<bool> seen_ascii(128, false);
  for (const auto& t : utf8_texts) {
    for (char32_t c : decode_utf8(t)) {
      if (c < 128) {
        if (!seen_ascii[c]) {
          seen_ascii[c] = true;
          chars.push_back(c);
        }
      } else {
        chars.push_back(c);
      }
    }
    if (chars.size() > 4096) {  // keep memory bounded on huge inputs
      std::sort(chars.begin(), chars.end());
      chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    }
  }
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
  Tokenizer t;
  t.chars_ = std::move(chars);
  return t;
}

Tokenizer Tokenizer::from_chars(std::vector<char32_t> sorted_unique_chars) {
  for (std::size_t i = 1; i < sorted_unique_chars.size(); ++i)
    if (sorted_unique_chars[i - 1] >= sorted_unique_chars[i])
      throw std::invalid_argument("Tokenizer::from_chars: characters must be sorted and unique (index " +
                                  std::to_string(i) + ")");
  Tokenizer t;
  t.chars_ = std::move(sorted_unique_chars);
  return t;
}

int32_t Tokenizer::id_of(char32_t c) const {
  auto it = std::lower_bound(chars_.begin(), chars_.end(), c);
  if (it == chars_.end() || *it != c) return kUnk;
  return kFirstChar + static_cast<int32_t>(it - chars_.begin());
}

std::vector<int32_t> Tokenizer::encode(std::string_view utf8, int64_t* n_unk) const {
  std::vector<int32_t> ids;
  ids.reserve(utf8.size());
  int64_t unk = 0;
  for (char32_t c : decode_utf8(utf8)) {
    const int32_t id = id_of(c);
    if (id == kUnk) ++unk;
    ids.push_back(id);
  }
  if (n_unk) *n_unk += unk;
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) {
    if (id < kFirstChar || id >= vocab_size()) continue;
    append_utf8(out, chars_[static_cast<std::size_t>(id - kFirstChar)]);
  }
  return out;
}

std::string Tokenizer::token_text(int32_t id) const {
  switch (id) {
    case kPad: return "<pad>";
    case kBos: return "<bos>";
    case kEos: return "<eos>";
    case kUnk: return "<unk>";
    default: break;
  }
  if (id < 0 || id >= vocab_size()) return "<invalid " + std::to_string(id) + ">";
  std::string out;
  append_utf8(out, chars_[static_cast<std::size_t>(id - kFirstChar)]);
  return out;
}

}  // namespace losslab
