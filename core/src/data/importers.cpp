// SPDX-License-Identifier: GPL-3.0-or-later
// Plain text, fastText and folder-per-class readers, label naming, format
// detection and the data-source string. CSV/TSV is in csv_import.cpp.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "importer_util.hpp"
#include "losslab/data/importers.hpp"

namespace losslab {

namespace fs = std::filesystem;

namespace detail {

void check_cancel(const ImportOptions& opt) {
  if (opt.cancel && opt.cancel->load(std::memory_order_relaxed))
    throw DataCancelled(opt.source + ": loading cancelled");
}

void report_progress(const ImportOptions& opt, double fraction) {
  if (opt.progress) opt.progress(std::clamp(fraction, 0.0, 1.0));
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n')) --b;
  return std::string(s.substr(a, b - a));
}

bool parse_integer(std::string_view s, long long& out) {
  if (s.empty() || s.size() > 18) return false;
  std::size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
    if (s.size() == 1) return false;
  }
  long long v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = neg ? -v : v;
  return true;
}

void Warnings::add(const std::string& kind, const std::string& message) {
  auto& k = kinds_[kind];
  if (k.count == 0) order_.push_back(kind);
  ++k.count;
  if (k.first.size() < kShown) k.first.push_back(message);
}

void Warnings::flush(std::vector<std::string>& out) const {
  for (const auto& kind : order_) {
    const auto& k = kinds_.at(kind);
    for (const auto& m : k.first) out.push_back(m);
    if (k.count > static_cast<int64_t>(k.first.size()))
      out.push_back("... and " + std::to_string(k.count - static_cast<int64_t>(k.first.size())) + " more: " + kind);
  }
}

void assign_labels(ImportResult& r, const std::vector<std::string>& label_texts) {
  std::set<std::string> distinct(label_texts.begin(), label_texts.end());
  std::vector<std::string> names(distinct.begin(), distinct.end());
  bool numeric = true;
  for (const auto& n : names) {
    long long v;
    if (!parse_integer(n, v)) numeric = false;
  }
  if (numeric)
    std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      long long x = 0, y = 0;
      parse_integer(a, x);
      parse_integer(b, y);
      return x < y;
    });
  std::map<std::string, int32_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index[names[i]] = static_cast<int32_t>(i);
  for (std::size_t i = 0; i < r.examples.size(); ++i) r.examples[i].label = index.at(label_texts[i]);
  r.class_names = std::move(names);
}

std::string where(const std::string& source, int64_t line, int64_t column) {
  std::string s = source + ":" + std::to_string(line);
  if (column > 0) s += ":" + std::to_string(column);
  return s;
}

}  // namespace detail

using namespace detail;

namespace {

// Calls fn(line_view, line_number) for each line of valid UTF-8 text, without the '\n' or a trailing '\r'.
template <class Fn>
void for_each_line(std::string_view text, const ImportOptions& opt, Fn fn) {
  int64_t line = 1;
  std::size_t pos = 0;
  int64_t tick = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    fn(l, line);
    pos = end + 1;
    ++line;
    if (++tick % 8192 == 0) {
      check_cancel(opt);
      report_progress(opt, static_cast<double>(pos) / static_cast<double>(text.size()));
    }
  }
  report_progress(opt, 1.0);
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; });
}

}  // namespace

ImportResult import_text(std::string_view bytes, const ImportOptions& opt) {
  ImportResult r;
  r.format = "text";
  const std::string text = bytes_to_utf8(bytes, opt, r);
  for_each_line(text, opt, [&](std::string_view l, int64_t line) {
    if (blank(l)) return;
    r.examples.push_back(Example{std::string(l), -1, line});
  });
  if (r.examples.empty())
    throw DataError(opt.source + ": no examples: the file has no non-empty line (expected one text per line)");
  return r;
}

ImportResult import_fasttext(std::string_view bytes, const ImportOptions& opt) {
  ImportResult r;
  r.format = "fasttext";
  const std::string text = bytes_to_utf8(bytes, opt, r);
  static constexpr std::string_view kPrefix = "__label__";
  std::vector<std::string> labels;
  Warnings warn;
  int64_t multi = 0;
  for_each_line(text, opt, [&](std::string_view l, int64_t line) {
    if (blank(l)) return;
    std::size_t pos = 0;
    auto skip_space = [&] {
      while (pos < l.size() && (l[pos] == ' ' || l[pos] == '\t')) ++pos;
    };
    skip_space();
    std::string label;
    int n_labels = 0;
    std::size_t label_col = pos;
    while (l.substr(pos, kPrefix.size()) == kPrefix) {
      std::size_t end = pos;
      while (end < l.size() && l[end] != ' ' && l[end] != '\t') ++end;
      if (n_labels == 0) {
        label = std::string(l.substr(pos + kPrefix.size(), end - pos - kPrefix.size()));
        label_col = pos;
      }
      ++n_labels;
      pos = end;
      skip_space();
    }
    if (n_labels == 0) {
      warn.add("lines without a __label__ prefix were skipped",
               where(opt.source, line, static_cast<int64_t>(pos) + 1) +
                   ": expected a label such as __label__positive at the start of the line; line skipped");
      ++r.n_skipped;
      return;
    }
    if (label.empty()) {
      warn.add("lines with an empty label were skipped",
               where(opt.source, line, static_cast<int64_t>(label_col) + 1) +
                   ": empty label (__label__ with no name); line skipped");
      ++r.n_skipped;
      return;
    }
    if (n_labels > 1) ++multi;
    labels.push_back(label);
    r.examples.push_back(Example{std::string(l.substr(pos)), -1, line});
  });
  warn.flush(r.warnings);
  if (multi > 0)
    r.warnings.push_back(opt.source + ": " + std::to_string(multi) +
                         " lines have more than one label; the first label of each is used");
  if (r.examples.empty()) {
    std::string first = r.warnings.empty() ? "" : " (first problem: " + r.warnings.front() + ")";
    throw DataError(opt.source + ": no examples: expected lines of the form '__label__name text'" + first);
  }
  assign_labels(r, labels);
  return r;
}

namespace {

std::string read_file_bytes(const fs::path& p, const std::string& shown) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw DataError(shown + ": cannot open the file (" + std::strerror(errno) + ")");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw DataError(shown + ": read error");
  return std::move(ss).str();
}

bool hidden(const fs::path& p) {
  const auto n = p.filename().string();
  return n.empty() || n[0] == '.';
}

}  // namespace

ImportResult import_folder(const std::string& dir, const ImportOptions& opt, std::string* content_hash) {
  ImportResult r;
  r.format = "folder";
  r.encoding = "UTF-8";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw DataError(dir + ": not a folder");
  std::vector<fs::path> classes;
  int64_t loose_files = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (hidden(e.path())) continue;
    if (e.is_directory()) classes.push_back(e.path());
    else if (e.is_regular_file()) ++loose_files;
  }
  if (ec) throw DataError(dir + ": cannot list the folder (" + ec.message() + ")");
  std::sort(classes.begin(), classes.end());
  if (classes.empty())
    throw DataError(dir + ": no class folders; expected one subfolder per class, each holding .txt files");
  struct Item {
    fs::path path;
    std::string label;
  };
  std::vector<Item> items;
  int64_t other_files = 0;
  for (const auto& c : classes) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(c, ec)) {
      if (hidden(e.path()) || !e.is_regular_file()) continue;
      std::string ext = e.path().extension().string();
      for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (ext == ".txt") files.push_back(e.path());
      else ++other_files;
    }
    if (ec) throw DataError(c.string() + ": cannot list the folder (" + ec.message() + ")");
    std::sort(files.begin(), files.end());
    if (files.empty()) r.warnings.push_back(c.string() + ": no .txt files; class '" + c.filename().string() + "' is empty");
    for (auto& f : files) items.push_back(Item{f, c.filename().string()});
  }
  if (loose_files > 0)
    r.warnings.push_back(dir + ": " + std::to_string(loose_files) +
                         " files directly in the folder were ignored (examples belong in class subfolders)");
  if (other_files > 0)
    r.warnings.push_back(dir + ": " + std::to_string(other_files) + " files without the .txt extension were ignored");
  if (items.empty()) throw DataError(dir + ": no .txt files in any class folder");
  Sha256 hash;
  std::vector<std::string> labels;
  Warnings warn;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % 64 == 0) {
      check_cancel(opt);
      report_progress(opt, static_cast<double>(i) / static_cast<double>(items.size()));
    }
    const std::string shown = items[i].path.string();
    const std::string bytes = read_file_bytes(items[i].path, shown);
    const std::string rel = fs::relative(items[i].path, dir, ec).generic_string();
    hash.update(rel);
    hash.update(std::string_view("\0", 1));
    hash.update(std::to_string(bytes.size()));
    hash.update(std::string_view("\0", 1));
    hash.update(bytes);
    ImportResult one;
    ImportOptions fopt = opt;
    fopt.source = shown;
    std::string text = bytes_to_utf8(bytes, fopt, one);
    if (one.n_invalid_utf8 > 0) {
      r.n_invalid_utf8 += one.n_invalid_utf8;
      if (r.invalid_utf8_lines.size() < 10) r.invalid_utf8_lines.push_back(static_cast<int64_t>(i) + 1);
      warn.add("files had invalid UTF-8", shown + ": " + std::to_string(one.n_invalid_utf8) +
                                              " invalid UTF-8 sequences replaced with U+FFFD");
    }
    if (one.encoding != "UTF-8" && one.encoding != "UTF-8 (with BOM)")
      warn.add("files were not UTF-8", shown + ": read as " + one.encoding);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    r.examples.push_back(Example{std::move(text), -1, static_cast<int64_t>(i) + 1});
    labels.push_back(items[i].label);
  }
  report_progress(opt, 1.0);
  warn.flush(r.warnings);
  if (content_hash) *content_hash = hash.hex();
  // Class names are the folder names, in sorted order (empty classes kept out).
  assign_labels(r, labels);
  return r;
}

std::string detect_format(const std::string& path, std::string_view head) {
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".csv") return "csv";
  if (ext == ".tsv" || ext == ".tab") return "tsv";
  if (ext == ".ft" || ext == ".fasttext") return "fasttext";
  // Look at the first non-empty lines.
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < head.size() && lines.size() < 20) {
    std::size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view l = head.substr(pos, end - pos);
    if (!blank(l)) lines.push_back(l);
    pos = end + 1;
  }
  if (lines.empty()) return "text";
  std::size_t ft = 0, tabs = 0, commas = 0;
  for (auto l : lines) {
    auto t = l;
    if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    while (!t.empty() && (t[0] == ' ' || t[0] == '\t')) t.remove_prefix(1);
    if (t.substr(0, 9) == "__label__") ++ft;
    if (l.find('\t') != std::string_view::npos) ++tabs;
    if (l.find(',') != std::string_view::npos) ++commas;
  }
  if (ft * 2 >= lines.size()) return "fasttext";
  if (ext == ".txt") return "text";
  if (tabs == lines.size()) return "tsv";
  if (commas == lines.size() && lines.size() > 1) return "csv";
  return "text";
}

DataSpec parse_data_spec(const std::string& data) {
  DataSpec spec;
  std::error_code ec;
  const bool builtin = data.rfind("builtin:", 0) == 0;
  const std::size_t q = data.rfind('?');
  if (q == std::string::npos || (!builtin && fs::exists(data, ec))) {
    spec.source = data;
    return spec;
  }
  spec.source = data.substr(0, q);
  std::string_view rest = std::string_view(data).substr(q + 1);
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view kv = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (kv.empty()) continue;
    const std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == kv.size())
      throw DataError("data source '" + data + "': option '" + std::string(kv) + "' should be key=value");
    const std::string key(kv.substr(0, eq));
    if (spec.options.count(key)) throw DataError("data source '" + data + "': option '" + key + "' given twice");
    spec.options[key] = std::string(kv.substr(eq + 1));
  }
  return spec;
}

}  // namespace losslab
