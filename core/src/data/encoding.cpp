// SPDX-License-Identifier: GPL-3.0-or-later
// From file bytes to valid UTF-8: BOMs, UTF-16/32 and GB18030 through ICU,
// and U+FFFD for invalid UTF-8 (counted, with line numbers).
#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <memory>

#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"

namespace losslab {

namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// UTF-16 code units to UTF-8; unpaired surrogates become U+FFFD (counted).
std::string utf16_to_utf8(const UChar* s, std::size_t n, int64_t* n_bad) {
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = U'\uFFFD';
      if (n_bad) ++*n_bad;
    }
    append_utf8(out, c);
  }
  return out;
}

// Converts with ICU. strict: fails (returns false) on any illegal or
// unmappable sequence; otherwise ICU substitutes and *n_subst counts U+FFFD / U+001A it produced.
bool icu_convert(const char* name, std::string_view bytes, bool strict, std::string& out, int64_t* n_subst,
                 const std::string& source) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(name, &err));
  if (U_FAILURE(err)) throw DataError(source + ": cannot open the " + name + " converter (" + u_errorName(err) + ")");
  if (strict) {
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  } else {
    // Substitute U+FFFD for illegal input (ICU's default substitutes U+FFFD or U+001A).
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &err);
  }
  std::vector<UChar> buf(bytes.size() + 16);
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  std::string result;
  while (true) {
    UChar* dst = buf.data();
    err = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &dst, buf.data() + buf.size(), &src, src_end, nullptr, true, &err);
    const std::size_t produced = static_cast<std::size_t>(dst - buf.data());
    if (!strict && n_subst)
      for (std::size_t i = 0; i < produced; ++i)
        if (buf[i] == 0xFFFD || buf[i] == 0x1A) {
          buf[i] = 0xFFFD;
          ++*n_subst;
        }
    result += utf16_to_utf8(buf.data(), produced, n_subst);
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) return false;
    break;
  }
  out = std::move(result);
  return true;
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2FFFF);
}

std::vector<int64_t> lines_with_fffd(std::string_view utf8, std::size_t max_lines) {
  std::vector<int64_t> lines;
  int64_t line = 1;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\n') ++line;
    if (utf8.substr(i, 3) == "\xEF\xBF\xBD" && lines.size() < max_lines && (lines.empty() || lines.back() != line))
      lines.push_back(line);
  }
  return lines;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

std::string bytes_to_utf8(std::string_view bytes, const ImportOptions& opt, ImportResult& r) {
  const std::string enc = lower(opt.encoding.empty() ? "auto" : opt.encoding);
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  auto via_icu = [&](const char* name, std::string_view body, const std::string& label) {
    std::string out;
    int64_t subst = 0;
    if (!icu_convert(name, body, true, out, nullptr, opt.source)) {
      icu_convert(name, body, false, out, &subst, opt.source);
      r.n_invalid_utf8 += subst;
      r.invalid_utf8_lines = lines_with_fffd(out, 10);
      r.warnings.push_back(opt.source + ": " + std::to_string(subst) + " byte sequences are not valid " + label +
                           "; replaced with U+FFFD");
    }
    r.encoding = label;
    return out;
  };

  if (enc == "auto") {
    if (starts("\xEF\xBB\xBF")) {
      r.encoding = "UTF-8 (with BOM)";
      return sanitize_utf8(bytes.substr(3), &r.n_invalid_utf8, &r.invalid_utf8_lines);
    }
    if (starts(std::string_view("\xFF\xFE\x00\x00", 4))) return via_icu("UTF-32LE", bytes.substr(4), "UTF-32LE");
    if (starts(std::string_view("\x00\x00\xFE\xFF", 4))) return via_icu("UTF-32BE", bytes.substr(4), "UTF-32BE");
    if (starts("\xFF\xFE")) return via_icu("UTF-16LE", bytes.substr(2), "UTF-16LE");
    if (starts("\xFE\xFF")) return via_icu("UTF-16BE", bytes.substr(2), "UTF-16BE");
    int64_t bad = 0;
    std::vector<int64_t> bad_lines;
    std::string utf8 = sanitize_utf8(bytes, &bad, &bad_lines);
    if (bad == 0) {
      r.encoding = "UTF-8";
      return utf8;
    }
    // Not UTF-8: GB18030 (Excel on Chinese Windows) when it decodes cleanly
    // and most of what is not ASCII comes out as Chinese.
    std::string gb;
    if (icu_convert("GB18030", bytes, true, gb, nullptr, opt.source)) {
      int64_t non_ascii = 0, cjk = 0;
      for (char32_t c : decode_utf8(gb))
        if (c >= 0x80) {
          ++non_ascii;
          if (is_cjk(c)) ++cjk;
        }
      if (non_ascii > 0 && cjk * 2 >= non_ascii) {
        r.encoding = "GB18030";
        r.warnings.push_back(opt.source +
                             ": not UTF-8; read as GB18030 (Chinese Windows). Add ?encoding=utf-8 to the data "
                             "source to read it as UTF-8 instead");
        return gb;
      }
    }
    r.encoding = "UTF-8";
    r.n_invalid_utf8 += bad;
    r.invalid_utf8_lines = bad_lines;
    return utf8;
  }
  if (enc == "utf-8" || enc == "utf8") {
    r.encoding = "UTF-8";
    return sanitize_utf8(starts("\xEF\xBB\xBF") ? bytes.substr(3) : bytes, &r.n_invalid_utf8, &r.invalid_utf8_lines);
  }
  if (enc == "utf-16" || enc == "utf16") {
    if (starts("\xFE\xFF")) return via_icu("UTF-16BE", bytes.substr(2), "UTF-16BE");
    return via_icu("UTF-16LE", starts("\xFF\xFE") ? bytes.substr(2) : bytes, "UTF-16LE");
  }
  if (enc == "utf-16le") return via_icu("UTF-16LE", starts("\xFF\xFE") ? bytes.substr(2) : bytes, "UTF-16LE");
  if (enc == "utf-16be") return via_icu("UTF-16BE", starts("\xFE\xFF") ? bytes.substr(2) : bytes, "UTF-16BE");
  if (enc == "gb18030" || enc == "gbk" || enc == "gb2312") return via_icu("GB18030", bytes, "GB18030");
  throw DataError(opt.source + ": unknown encoding '" + opt.encoding +
                  "'; expected auto, utf-8, utf-16, utf-16le, utf-16be or gb18030");
}

}  // namespace losslab
