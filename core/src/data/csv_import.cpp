// SPDX-License-Identifier: GPL-3.0-or-later
// CSV and TSV through libcsv: strict RFC 4180 first, then a lenient retry
// with a warning. The text is fed one physical line at a time so that every
// row and every error knows its line.
#include <csv.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

#include "importer_util.hpp"
#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"

namespace losslab {

using namespace detail;

namespace {

struct Row {
  std::vector<std::string> fields;
  int64_t line = 0;  // where the row starts
};

struct ParseState {
  std::vector<Row> rows;
  std::vector<std::string> cur;
  int64_t line = 1;          // physical line being fed
  int64_t row_start = 1;     // line where the current row began
  bool between_rows = true;  // the next non-blank line starts a row
};

void on_field(void* s, std::size_t len, void* data) {
  auto* st = static_cast<ParseState*>(data);
  st->cur.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
}

void on_row(int, void* data) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->cur.empty()) st->rows.push_back(Row{std::move(st->cur), st->row_start});
  st->cur.clear();
  st->between_rows = true;
}

int space_only(unsigned char c) { return c == ' '; }
int no_space(unsigned char) { return 0; }
int line_end(unsigned char c) { return c == '\n' || c == '\r'; }

struct ParserCloser {
  void operator()(csv_parser* p) const {
    csv_free(p);
    delete p;
  }
};

struct StrictFailure {
  int64_t line = 0, column = 0;
  std::string what;
};

// Parses `text` with libcsv in strict mode; returns false and fills `fail` at
// the first error.
bool parse_rows_strict(std::string_view text, char delim, const ImportOptions& opt, ParseState& st,
                       StrictFailure& fail) {
  std::unique_ptr<csv_parser, ParserCloser> p(new csv_parser);
  const unsigned char options = CSV_STRICT | CSV_STRICT_FINI;
  if (csv_init(p.get(), options) != 0) throw DataError(opt.source + ": cannot start the CSV parser");
  csv_set_delim(p.get(), static_cast<unsigned char>(delim));
  // Spaces around unquoted fields are trimmed in CSV; TSV keeps them.
  csv_set_space_func(p.get(), delim == '\t' ? no_space : space_only);
  csv_set_term_func(p.get(), line_end);
  std::size_t pos = 0;
  int64_t tick = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view l = text.substr(pos, end - pos);
    if (st.between_rows) {
      const bool is_blank = std::all_of(l.begin(), l.end(), [](char c) { return c == ' ' || c == '\r' || c == '\n'; });
      if (!is_blank) {
        st.row_start = st.line;
        st.between_rows = false;
      }
    }
    const std::size_t done = csv_parse(p.get(), l.data(), l.size(), on_field, on_row, &st);
    if (done != l.size()) {
      if (csv_error(p.get()) != CSV_EPARSE)
        throw DataError(where(opt.source, st.line, 0) + ": " + csv_strerror(csv_error(p.get())));
      fail.line = st.line;
      fail.column = count_code_points(l.substr(0, done)) + 1;
      if (l[done] == '"')
        fail.what = "a quote inside a field that does not start with a quote; RFC 4180 expects such a field to be "
                    "quoted, with inner quotes doubled (\"\")";
      else
        fail.what = std::string("text after a closing quote; expected '") + (delim == '\t' ? "\\t" : std::string(1, delim)) +
                    "' or the end of the line";
      return false;
    }
    pos = end;
    ++st.line;
    if (++tick % 4096 == 0) {
      check_cancel(opt);
      report_progress(opt, 0.1 + 0.7 * static_cast<double>(pos) / static_cast<double>(text.size()));
    }
  }
  if (csv_fini(p.get(), on_field, on_row, &st) != 0) {
    fail.line = st.row_start;
    fail.column = 0;
    fail.what = "a quoted field that starts in the row beginning here is never closed; expected a closing quote";
    return false;
  }
  return true;
}

// The lenient retry (libcsv's own non-strict mode lets a stray quote after a
// closing quote reopen the field, which swallows the rest of the file). As
// Python's csv module: a quote opens a quoted field only at the start of a
// field; "" inside is a quote; text after the closing quote is kept up to the
// delimiter; quotes inside unquoted fields are literal. A quote that is never
// closed is taken literally.
void parse_rows_lenient(std::string_view text, char delim, const ImportOptions& opt, ParseState& st) {
  const bool trim_spaces = delim != '\t';
  std::size_t i = 0;
  int64_t line = 1;
  const std::size_t n = text.size();
  auto at_end_of_field = [&](std::size_t k) { return k >= n || text[k] == delim || text[k] == '\n' || text[k] == '\r'; };
  int64_t tick = 0;
  while (i < n) {
    if (++tick % 4096 == 0) {
      check_cancel(opt);
      report_progress(opt, 0.1 + 0.7 * static_cast<double>(i) / static_cast<double>(n));
    }
    // A row: skip blank lines first.
    std::size_t k = i;
    while (k < n && text[k] == ' ') ++k;
    if (k < n && (text[k] == '\n' || text[k] == '\r')) {
      if (text[k] == '\r' && k + 1 < n && text[k + 1] == '\n') ++k;
      if (text[k] == '\n' || text[k] == '\r') ++line;
      i = k + 1;
      continue;
    }
    if (k >= n) break;
    Row row;
    row.line = line;
    while (true) {
      std::string field;
      if (trim_spaces)
        while (i < n && text[i] == ' ') ++i;
      bool quoted_ok = false;
      if (i < n && text[i] == '"') {
        // Find the closing quote.
        std::size_t j = i + 1;
        int64_t nl = 0;
        std::string inner;
        while (j < n) {
          if (text[j] == '"') {
            if (j + 1 < n && text[j + 1] == '"') {
              inner += '"';
              j += 2;
              continue;
            }
            break;
          }
          if (text[j] == '\n') ++nl;
          inner += text[j++];
        }
        if (j < n) {  // closed
          quoted_ok = true;
          field = std::move(inner);
          line += nl;
          i = j + 1;
          std::string tail;
          while (!at_end_of_field(i)) tail += text[i++];
          if (trim_spaces)
            while (!tail.empty() && tail.back() == ' ') tail.pop_back();
          field += tail;
        }
      }
      if (!quoted_ok) {
        while (!at_end_of_field(i)) field += text[i++];
        if (trim_spaces)
          while (!field.empty() && field.back() == ' ') field.pop_back();
      }
      row.fields.push_back(std::move(field));
      if (i < n && text[i] == delim) {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      break;
    }
    st.rows.push_back(std::move(row));
  }
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

const std::set<std::string>& text_names() {
  static const std::set<std::string> s = {"text", "review", "reviews", "sentence", "content", "body", "comment",
                                          "tweet", "document", "doc", "message", "x", "utterance", "question"};
  return s;
}
const std::set<std::string>& label_names() {
  static const std::set<std::string> s = {"label", "labels", "class", "category", "target", "sentiment", "stars",
                                          "rating", "topic", "y", "intent", "emotion", "polarity"};
  return s;
}

bool looks_like_header(const std::vector<Row>& rows) {
  if (rows.empty()) return false;
  for (const auto& f : rows[0].fields) {
    const auto n = lower(trim(f));
    if (text_names().count(n) || label_names().count(n)) return true;
  }
  if (rows.size() < 3) return false;
  const std::size_t body = std::min<std::size_t>(rows.size(), 2001);
  const std::size_t ncol = rows[0].fields.size();
  for (std::size_t c = 0; c < ncol; ++c) {
    std::set<std::string> values;
    bool all_numeric = true;
    std::size_t present = 0;
    for (std::size_t r = 1; r < body; ++r) {
      if (c >= rows[r].fields.size()) continue;
      ++present;
      const auto v = trim(rows[r].fields[c]);
      values.insert(v);
      if (!is_number(v)) all_numeric = false;
    }
    if (present == 0) continue;
    const auto first = trim(rows[0].fields[c]);
    // A numeric column under a word is a header; so is a word that names a
    // low-cardinality column (labels repeat) but never appears in it.
    if (all_numeric && !is_number(first)) return true;
    if (values.size() * 2 <= present && !values.count(first)) return true;
  }
  return false;
}

}  // namespace

ImportResult import_csv(std::string_view bytes, const ImportOptions& opt, char delimiter) {
  ImportResult r;
  r.format = delimiter == '\t' ? "tsv" : "csv";
  const std::string text = bytes_to_utf8(bytes, opt, r);
  report_progress(opt, 0.1);
  char delim = opt.delimiter ? opt.delimiter : delimiter;
  if (!opt.delimiter && delim == ',') {
    // Excel in many European locales writes ';'.
    const std::string_view first = std::string_view(text).substr(0, text.find('\n'));
    if (first.find(';') != std::string_view::npos && first.find(',') == std::string_view::npos) delim = ';';
  }

  ParseState st;
  StrictFailure fail;
  if (!parse_rows_strict(text, delim, opt, st, fail)) {
    r.warnings.push_back(where(opt.source, fail.line, fail.column) + ": not strict RFC 4180 CSV: " + fail.what +
                         ". The file was read again leniently; check the rows near this line");
    st = ParseState{};
    parse_rows_lenient(text, delim, opt, st);
  }
  auto& rows = st.rows;
  if (rows.empty()) throw DataError(opt.source + ": no rows (the file is empty); expected a header and data rows");

  // Header.
  auto is_index = [](const std::string& s) {
    long long v;
    return parse_integer(s, v) && v > 0;
  };
  const bool named = (!opt.text_column.empty() && !is_index(opt.text_column)) ||
                     (!opt.label_column.empty() && opt.label_column != "none" && !is_index(opt.label_column));
  bool header;
  if (opt.header == "yes") header = true;
  else if (opt.header == "no") header = false;
  else if (opt.header == "auto" || opt.header.empty()) header = named || looks_like_header(rows);
  else throw DataError(opt.source + ": header=" + opt.header + "; expected yes, no or auto");
  if (named && !header)
    throw DataError(opt.source + ": columns are chosen by name but header=no; use column numbers (1, 2, ...)");
  const std::size_t ncol = rows[0].fields.size();
  std::vector<std::string> names(ncol);
  for (std::size_t c = 0; c < ncol; ++c) names[c] = header ? trim(rows[0].fields[c]) : "column " + std::to_string(c + 1);
  const std::size_t first_data = header ? 1 : 0;
  if (rows.size() <= first_data)
    throw DataError(where(opt.source, rows[0].line, 0) + ": no data rows after the header");

  auto header_list = [&] {
    std::string s;
    for (std::size_t c = 0; c < ncol; ++c) s += (c ? ", " : "") + std::to_string(c + 1) + " '" + names[c] + "'";
    return s;
  };
  auto resolve = [&](const std::string& spec, const char* role) -> int {
    long long v;
    if (parse_integer(spec, v)) {
      if (v < 1 || v > static_cast<long long>(ncol))
        throw DataError(where(opt.source, rows[0].line, 0) + ": " + role + " column " + spec + " does not exist; the " +
                        (header ? "header" : "first row") + " has " + std::to_string(ncol) + " columns: " +
                        header_list());
      return static_cast<int>(v - 1);
    }
    for (std::size_t c = 0; c < ncol; ++c)
      if (names[c] == spec) return static_cast<int>(c);
    for (std::size_t c = 0; c < ncol; ++c)
      if (lower(names[c]) == lower(spec)) return static_cast<int>(c);
    throw DataError(where(opt.source, rows[0].line, 0) + ": missing column: no " + role + " column named '" + spec +
                    "'; the header has " + header_list());
  };

  int text_col = -1, label_col = -1;
  const bool no_labels = opt.label_column == "none";
  if (!opt.text_column.empty()) text_col = resolve(opt.text_column, "text");
  if (!opt.label_column.empty() && !no_labels) label_col = resolve(opt.label_column, "label");
  if (header) {
    for (std::size_t c = 0; c < ncol && text_col < 0; ++c)
      if (text_names().count(lower(names[c])) && static_cast<int>(c) != label_col) text_col = static_cast<int>(c);
    for (std::size_t c = 0; c < ncol && label_col < 0 && !no_labels; ++c)
      if (label_names().count(lower(names[c])) && static_cast<int>(c) != text_col) label_col = static_cast<int>(c);
  }
  // Otherwise: the text is the column with the longest texts; the label the
  // column with the fewest distinct values among the rest.
  const std::size_t sample_end = std::min<std::size_t>(rows.size(), first_data + 5000);
  if (text_col < 0) {
    double best = -1;
    for (std::size_t c = 0; c < ncol; ++c) {
      if (static_cast<int>(c) == label_col) continue;
      double total = 0;
      for (std::size_t i = first_data; i < sample_end; ++i)
        if (c < rows[i].fields.size()) total += static_cast<double>(rows[i].fields[c].size());
      if (total > best) {
        best = total;
        text_col = static_cast<int>(c);
      }
    }
  }
  if (label_col < 0 && !no_labels && ncol >= 2) {
    std::size_t best = SIZE_MAX;
    for (std::size_t c = 0; c < ncol; ++c) {
      if (static_cast<int>(c) == text_col) continue;
      std::set<std::string> values;
      for (std::size_t i = first_data; i < sample_end; ++i)
        if (c < rows[i].fields.size()) values.insert(trim(rows[i].fields[c]));
      if (values.size() < best) {
        best = values.size();
        label_col = static_cast<int>(c);
      }
    }
  }
  if (text_col < 0) throw DataError(where(opt.source, rows[0].line, 0) + ": no text column found");
  if (label_col < 0 && !no_labels)
    r.warnings.push_back(opt.source + ": only one column, so there are no labels: language-model task only");
  if (text_col == label_col && label_col >= 0)
    throw DataError(opt.source + ": the text and the label are the same column (" + names[text_col] + ")");
  r.notes.push_back(opt.source + ": text column " + std::to_string(text_col + 1) + " '" + names[text_col] + "'" +
                       (label_col >= 0 ? ", label column " + std::to_string(label_col + 1) + " '" + names[label_col] + "'"
                                       : std::string(", no label column")) +
                       (header ? ", first row is a header" : ", no header row"));

  Warnings warn;
  std::vector<std::string> labels;
  const std::size_t need = static_cast<std::size_t>(std::max(text_col, label_col)) + 1;
  for (std::size_t i = first_data; i < rows.size(); ++i) {
    auto& row = rows[i];
    if (row.fields.size() < need) {
      warn.add("rows with too few fields were skipped",
               where(opt.source, row.line, 0) + ": row has " + std::to_string(row.fields.size()) +
                   " fields, expected at least " + std::to_string(need) + "; row skipped");
      ++r.n_skipped;
      continue;
    }
    std::string label;
    if (label_col >= 0) {
      label = trim(row.fields[label_col]);
      if (label.empty()) {
        warn.add("rows with an empty label were skipped",
                 where(opt.source, row.line, label_col + 1) + ": empty label in column " + std::to_string(label_col + 1) +
                     " '" + names[label_col] + "'; expected a class name; row skipped");
        ++r.n_skipped;
        continue;
      }
    }
    r.examples.push_back(Example{std::move(row.fields[text_col]), -1, row.line});
    if (label_col >= 0) labels.push_back(std::move(label));
  }
  warn.flush(r.warnings);
  if (r.examples.empty()) {
    std::string first;
    for (const auto& w : r.warnings)
      if (w.find("skipped") != std::string::npos) {
        first = " (first problem: " + w + ")";
        break;
      }
    throw DataError(opt.source + ": no usable rows" + first);
  }
  if (label_col >= 0) assign_labels(r, labels);
  report_progress(opt, 1.0);
  return r;
}

}  // namespace losslab
