// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/metrics_csv.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "losslab/atomic_file.hpp"

namespace losslab {

namespace {
void put(std::string& out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  out += buf;
}
}  // namespace

std::string metrics_csv_header() {
  return "step,loss,lm_loss,ce_loss,lm_nll,accuracy,grad_norm,lr,lambda,eps,tokens,flags,"
         "val_loss,val_lm_loss,val_ce_loss,val_lm_nll,val_ppl,val_accuracy,val_ece\n";
}

std::string metrics_csv(const std::vector<StepRecord>& steps, const std::vector<EvalRecord>& evals) {
  // An evaluation at step s (s updates applied) belongs to the row of step s-1.
  std::map<int64_t, const EvalRecord*> eval_at;
  for (const auto& e : evals)
    if (e.step > 0) eval_at[e.step - 1] = &e;
  std::string out = metrics_csv_header();
  out.reserve(out.size() + steps.size() * 160);
  for (const auto& r : steps) {
    out += std::to_string(r.step);
    for (float v : {r.loss, r.lm_loss, r.ce_loss, r.lm_nll, r.accuracy, r.grad_norm, r.lr, r.lambda, r.eps}) {
      out += ',';
      put(out, v);
    }
    out += ',' + std::to_string(r.tokens) + ',' + std::to_string(r.flags);
    auto it = eval_at.find(r.step);
    if (it != eval_at.end()) {
      const EvalRecord& e = *it->second;
      for (float v : {e.loss, e.lm_loss, e.ce_loss, e.lm_nll, e.ppl, e.accuracy, e.ece}) {
        out += ',';
        put(out, v);
      }
    } else {
      out += ",,,,,,,";
    }
    out += '\n';
  }
  return out;
}

void write_metrics_csv(const std::filesystem::path& path, const std::vector<StepRecord>& steps,
                       const std::vector<EvalRecord>& evals) {
  write_file_atomically(path, metrics_csv(steps, evals));
}

namespace {

constexpr std::string_view kColumns[] = {"step",     "loss",        "lm_loss",     "ce_loss",    "lm_nll",
                                         "accuracy", "grad_norm",   "lr",          "lambda",     "eps",
                                         "tokens",   "flags",       "val_loss",    "val_lm_loss", "val_ce_loss",
                                         "val_lm_nll", "val_ppl",   "val_accuracy", "val_ece"};
constexpr std::size_t kFields = std::size(kColumns);
constexpr std::size_t kFirstVal = 12;

std::string shown(std::string_view v) {
  if (v.size() > 40) return std::string(v.substr(0, 40)) + "...";
  return std::string(v);
}

class RowParser {
 public:
  RowParser(const std::string& source, std::size_t line) : source_(source), line_(line) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw MetricsCsvError(source_ + ":" + std::to_string(line_) + ": " + what);
  }
  [[noreturn]] void fail(std::size_t col, const std::string& expected, std::string_view got) const {
    fail("column " + std::to_string(col + 1) + " '" + std::string(kColumns[col]) + "': expected " + expected +
         ", got '" + shown(got) + "'");
  }

  int64_t integer(std::size_t col, std::string_view v) const {
    int64_t out = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size()) fail(col, "an integer", v);
    return out;
  }
  // A float as "%.9g" writes it, including nan/inf (a diverged step).
  float number(std::size_t col, std::string_view v) const {
    const std::string s(v);
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) fail(col, "a number", v);
    errno = 0;
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) fail(col, "a number", v);
    if ((!std::isfinite(d) && errno == ERANGE) || (std::isfinite(d) && std::fabs(d) > 3.5e38))
      fail(col, "a number in float range", v);
    return static_cast<float>(d);
  }

 private:
  const std::string& source_;
  std::size_t line_;
};

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

}  // namespace

MetricsTable parse_metrics_csv(std::string_view text, const std::string& source) {
  MetricsTable table;
  std::size_t pos = 0, line_no = 0;
  bool header_seen = false;
  while (pos < text.size()) {
    ++line_no;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a file edited on Windows
    RowParser p(source, line_no);
    if (!header_seen) {
      std::string want = metrics_csv_header();
      want.pop_back();  // the newline
      if (line != want)
        p.fail("the header is not that of a LossLab metrics.csv: expected '" + want + "', got '" +
               shown(line) + "'");
      header_seen = true;
      continue;
    }
    if (line.empty()) {
      if (pos >= text.size()) break;  // the file's final newline
      p.fail("an empty line (expected " + std::to_string(kFields) + " comma-separated fields)");
    }
    const auto f = split(line);
    if (f.size() != kFields)
      p.fail("expected " + std::to_string(kFields) + " fields, got " + std::to_string(f.size()));
    StepRecord r;
    r.step = p.integer(0, f[0]);
    if (r.step < 0) p.fail(0, "a step >= 0", f[0]);
    if (!table.steps.empty() && r.step <= table.steps.back().step)
      p.fail(0, "a step after " + std::to_string(table.steps.back().step), f[0]);
    float* dst[] = {&r.loss, &r.lm_loss, &r.ce_loss, &r.lm_nll, &r.accuracy, &r.grad_norm, &r.lr, &r.lambda, &r.eps};
    for (std::size_t c = 1; c <= 9; ++c) *dst[c - 1] = p.number(c, f[c]);
    r.tokens = p.integer(10, f[10]);
    if (r.tokens < 0) p.fail(10, "a count >= 0", f[10]);
    const int64_t flags = p.integer(11, f[11]);
    if (flags != 0 && flags != kStepLmOnly && flags != kStepCeOnly) p.fail(11, "0, 1 or 2", f[11]);
    r.flags = static_cast<int32_t>(flags);
    table.steps.push_back(r);

    std::size_t filled = 0;
    for (std::size_t c = kFirstVal; c < kFields; ++c) filled += !f[c].empty();
    if (filled == 0) continue;
    if (filled != kFields - kFirstVal) {
      for (std::size_t c = kFirstVal; c < kFields; ++c)
        if (f[c].empty())
          p.fail(c, "a number (the validation columns of a row are all filled or all empty)", f[c]);
    }
    EvalRecord e;
    e.step = r.step + 1;
    float* vdst[] = {&e.loss, &e.lm_loss, &e.ce_loss, &e.lm_nll, &e.ppl, &e.accuracy, &e.ece};
    for (std::size_t c = kFirstVal; c < kFields; ++c) *vdst[c - kFirstVal] = p.number(c, f[c]);
    table.evals.push_back(e);
  }
  if (!header_seen) throw MetricsCsvError(source + ": empty file (expected the metrics.csv header)");
  return table;
}

MetricsTable read_metrics_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string() + ": cannot open for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw IoError(path.string() + ": read error");
  return parse_metrics_csv(buf.str(), path.string());
}

}  // namespace losslab
