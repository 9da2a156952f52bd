// SPDX-License-Identifier: GPL-3.0-or-later
// metrics.csv read back strictly, and the wide CSV / JSON metrics export.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "losslab/atomic_file.hpp"
#include "losslab/metrics_csv.hpp"
#include "losslab/metrics_export.hpp"

using namespace losslab;
namespace fs = std::filesystem;

namespace {

// A run of n steps with values no float rounds to something short, and an
// evaluation after every 4th update (and one at step 0, before any update).
RunMetrics sample_run(const std::string& name, int n, float seed) {
  RunMetrics run;
  run.name = name;
  for (int i = 0; i < n; ++i) {
    StepRecord r;
    r.step = i;
    r.tokens = 1000LL * (i + 1) + 7;
    r.loss = seed + 3.1f / static_cast<float>(i + 1);
    r.lm_loss = r.loss * 1.1f;
    r.ce_loss = r.loss * 0.7f;
    r.lm_nll = r.lm_loss - 0.01f;
    r.accuracy = static_cast<float>(i) / static_cast<float>(n);
    r.grad_norm = 0.3f + 0.01f * static_cast<float>(i);
    r.lr = 3e-4f * static_cast<float>(i + 1) / static_cast<float>(n);
    r.lambda = i < n / 2 ? 0.5f : 0.9f;
    r.eps = 0.1f;
    r.wall_s = 0.01f * static_cast<float>(i);
    r.flags = i == 3 ? kStepLmOnly : 0;
    run.steps.push_back(r);
  }
  for (int s = 0; s <= n; s += 4) {
    EvalRecord e;
    e.step = s;
    e.loss = seed + 1.0f / static_cast<float>(s + 3);
    e.lm_loss = e.loss + 0.2f;
    e.ce_loss = e.loss - 0.2f;
    e.lm_nll = e.lm_loss;
    e.ppl = std::exp(e.lm_nll);
    e.accuracy = 0.25f + 0.01f * static_cast<float>(s);
    e.ece = 0.0312f;
    e.smoothed_floor_lm = 0.71f;
    e.smoothed_floor_ce = 0.33f;
    run.evals.push_back(e);
  }
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> split_csv(const std::string& line) {  // with RFC 4180 quotes
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string read_docs() {
  std::ifstream in(fs::path(LOSSLAB_TEST_DATA_DIR) / ".." / ".." / "docs" / "metrics.md");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// ---- metrics.csv reader ----------------------------------------------------

TEST(MetricsCsvReader, WhatTheWriterWritesReadsBackExactly) {
  const RunMetrics run = sample_run("a", 13, 2.0f);
  const std::string text = metrics_csv(run.steps, run.evals);
  const MetricsTable t = parse_metrics_csv(text, "m.csv");
  ASSERT_EQ(t.steps.size(), run.steps.size());
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const StepRecord &a = run.steps[i], &b = t.steps[i];
    EXPECT_EQ(a.step, b.step);
    EXPECT_EQ(a.tokens, b.tokens);
    EXPECT_EQ(a.flags, b.flags);
    for (auto f : {&StepRecord::loss, &StepRecord::lm_loss, &StepRecord::ce_loss, &StepRecord::lm_nll,
                   &StepRecord::accuracy, &StepRecord::grad_norm, &StepRecord::lr, &StepRecord::lambda,
                   &StepRecord::eps})
      EXPECT_EQ(a.*f, b.*f) << "row " << i;
  }
  // The evaluation at step 0 has no row; the others come back with their step.
  ASSERT_EQ(t.evals.size(), run.evals.size() - 1);
  for (std::size_t i = 0; i < t.evals.size(); ++i) {
    const EvalRecord &a = run.evals[i + 1], &b = t.evals[i];
    EXPECT_EQ(a.step, b.step);
    for (auto f : {&EvalRecord::loss, &EvalRecord::lm_loss, &EvalRecord::ce_loss, &EvalRecord::lm_nll,
                   &EvalRecord::ppl, &EvalRecord::accuracy, &EvalRecord::ece})
      EXPECT_EQ(a.*f, b.*f);
  }
  // Written again, the same bytes.
  EXPECT_EQ(metrics_csv(t.steps, t.evals), text);
}

TEST(MetricsCsvReader, DivergedValuesAndWindowsLineEndsAreRead) {
  RunMetrics run = sample_run("a", 3, 1.0f);
  run.steps[2].loss = std::numeric_limits<float>::quiet_NaN();
  run.steps[2].grad_norm = std::numeric_limits<float>::infinity();
  std::string text = metrics_csv(run.steps, run.evals);
  const MetricsTable t = parse_metrics_csv(text, "m.csv");
  EXPECT_TRUE(std::isnan(t.steps[2].loss));
  EXPECT_TRUE(std::isinf(t.steps[2].grad_norm));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(parse_metrics_csv(crlf, "m.csv").steps.size(), 3u);
}

namespace {
// Replaces field `col` (0-based) of line `line` (1-based) and expects the message.
void expect_error(int line, int col, const std::string& value, const std::string& pattern) {
  const RunMetrics run = sample_run("a", 6, 2.0f);
  auto ls = lines_of(metrics_csv(run.steps, run.evals));
  auto f = split_csv(ls[static_cast<std::size_t>(line - 1)]);
  f[static_cast<std::size_t>(col)] = value;
  std::string joined;
  for (std::size_t i = 0; i < f.size(); ++i) joined += (i ? "," : "") + f[i];
  ls[static_cast<std::size_t>(line - 1)] = joined;
  std::string text;
  for (const auto& l : ls) text += l + "\n";
  try {
    parse_metrics_csv(text, "run/metrics.csv");
    FAIL() << "accepted " << value << " at line " << line << " column " << col;
  } catch (const MetricsCsvError& e) {
    EXPECT_TRUE(std::regex_search(std::string(e.what()), std::regex(pattern))) << e.what();
  }
}
}  // namespace

TEST(MetricsCsvReader, BadFieldsNameFileLineAndColumn) {
  expect_error(3, 7, "abc", R"(^run/metrics\.csv:3: column 8 'lr': expected a number, got 'abc')");
  expect_error(4, 0, "2.5", R"(^run/metrics\.csv:4: column 1 'step': expected an integer, got '2\.5')");
  expect_error(4, 0, "1", R"(:4: column 1 'step': expected a step after 1)");
  expect_error(2, 10, "-5", R"(:2: column 11 'tokens': expected a count >= 0)");
  expect_error(2, 11, "7", R"(:2: column 12 'flags': expected 0, 1 or 2, got '7')");
  expect_error(2, 1, "", R"(:2: column 2 'loss': expected a number, got '')");
  expect_error(2, 1, "1e999", R"(:2: column 2 'loss': expected a number in float range)");
  // Row 5 is step 3, after which an evaluation ran (step 4): one missing value.
  expect_error(5, 16, "", R"(:5: column 17 'val_ppl': expected a number \(the validation columns)");
  expect_error(1, 1, "Loss", R"(^run/metrics\.csv:1: the header is not that of a LossLab metrics\.csv)");
}

TEST(MetricsCsvReader, WrongFieldCountsEmptyLinesAndEmptyFiles) {
  const std::string header = metrics_csv_header();
  auto msg = [](const std::string& text) {
    try {
      parse_metrics_csv(text, "m.csv");
    } catch (const MetricsCsvError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(msg(header + "0,1,2\n"), "m.csv:2: expected 19 fields, got 3");
  EXPECT_EQ(msg(""), "m.csv: empty file (expected the metrics.csv header)");
  const RunMetrics run = sample_run("a", 2, 1.0f);
  const std::string good = metrics_csv(run.steps, run.evals);
  EXPECT_NE(msg(good + "\n" + lines_of(good)[1] + "\n").find("m.csv:4: an empty line"), std::string::npos);
  EXPECT_EQ(parse_metrics_csv(header, "m.csv").steps.size(), 0u);  // a run of no steps
}

TEST(MetricsCsvReader, MissingFileIsAnIoErrorNamingIt) {
  try {
    read_metrics_csv("/no/such/dir/metrics.csv");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/no/such/dir/metrics.csv"), std::string::npos);
  }
}

// ---- wide CSV / JSON export -------------------------------------------------

TEST(MetricsExport, HeaderIsTheDocumentedColumns) {
  const std::string text = metrics_export_csv({});
  const auto cols = split_csv(lines_of(text).at(0));
  EXPECT_EQ(cols, metrics_export_columns());
  // docs/metrics.md documents every column, in this order, in its export table.
  const std::string doc = read_docs();
  const std::size_t section = doc.find("## Metrics export");
  ASSERT_NE(section, std::string::npos);
  std::vector<std::string> documented;
  std::regex row(R"(\n\| `([a-z_0-9]+)` \|)");
  for (std::sregex_iterator it(doc.begin() + static_cast<std::ptrdiff_t>(section), doc.end(), row), end; it != end;
       ++it)
    documented.push_back((*it)[1]);
  EXPECT_EQ(documented, cols);
}

TEST(MetricsExport, CsvRowsRoundTripWithEvalsOnlyWhereTheyRan) {
  const std::vector<RunMetrics> runs = {sample_run("run 1", 9, 2.0f), sample_run("fork, \"b\"", 5, 3.0f)};
  const auto lines = lines_of(metrics_export_csv(runs));
  ASSERT_EQ(lines.size(), 1u + 9 + 5);
  const auto& cols = metrics_export_columns();
  auto col = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), n) - cols.begin());
  };
  std::size_t li = 1;
  for (const RunMetrics& run : runs) {
    for (const StepRecord& r : run.steps) {
      const auto f = split_csv(lines[li++]);
      ASSERT_EQ(f.size(), cols.size());
      EXPECT_EQ(f[col("run")], run.name);
      EXPECT_EQ(std::stoll(f[col("step")]), r.step);
      EXPECT_EQ(std::stoll(f[col("tokens")]), r.tokens);
      EXPECT_EQ(std::stof(f[col("loss")]), r.loss);
      EXPECT_EQ(std::stof(f[col("lr")]), r.lr);
      EXPECT_EQ(std::stof(f[col("lambda")]), r.lambda);
      EXPECT_EQ(std::stof(f[col("eps")]), r.eps);
      EXPECT_EQ(std::stof(f[col("wall_s")]), r.wall_s);
      EXPECT_EQ(std::stoi(f[col("flags")]), r.flags);
      const EvalRecord* e = nullptr;
      for (const auto& ev : run.evals)
        if (ev.step == r.step + 1) e = &ev;
      for (std::size_t c = col("val_loss"); c < cols.size(); ++c) {
        if (!e) {
          EXPECT_EQ(f[c], "") << run.name << " step " << r.step << " " << cols[c];
        } else {
          ASSERT_NE(f[c], "") << run.name << " step " << r.step << " " << cols[c];
        }
      }
      if (e) {
        EXPECT_EQ(std::stof(f[col("val_loss")]), e->loss);
        EXPECT_EQ(std::stof(f[col("val_ppl")]), e->ppl);
        EXPECT_EQ(std::stof(f[col("val_ece")]), e->ece);
      }
    }
  }
}

TEST(MetricsExport, JsonHasTheSameNumbers) {
  RunMetrics run = sample_run("run 1", 9, 2.0f);
  run.steps[5].loss = std::numeric_limits<float>::quiet_NaN();
  const nlohmann::json j = nlohmann::json::parse(metrics_export_json({run}).dump());
  EXPECT_EQ(j["schema"], "losslab.metrics/1");
  ASSERT_EQ(j["runs"].size(), 1u);
  const auto& r = j["runs"][0];
  EXPECT_EQ(r["name"], "run 1");
  // Every step column of the CSV (but run) is there, with one value per step.
  const auto& cols = metrics_export_columns();
  for (std::size_t c = 1; c < cols.size() && cols[c].rfind("val_", 0) != 0; ++c) {
    ASSERT_TRUE(r["steps"].contains(cols[c])) << cols[c];
    EXPECT_EQ(r["steps"][cols[c]].size(), 9u) << cols[c];
  }
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(r["steps"]["step"][i].get<int64_t>(), run.steps[i].step);
    EXPECT_EQ(r["steps"]["tokens"][i].get<int64_t>(), run.steps[i].tokens);
    if (i == 5) EXPECT_TRUE(r["steps"]["loss"][i].is_null());
    else EXPECT_EQ(r["steps"]["loss"][i].get<float>(), run.steps[i].loss);
    EXPECT_EQ(r["steps"]["lr"][i].get<float>(), run.steps[i].lr);
  }
  // Short decimals that read back as the same float.
  EXPECT_EQ(r["steps"]["eps"][0].dump(), "0.100000001");
  // Evaluations after 4 and 8 updates: rows 3 and 7 (the one at step 0 has no row).
  EXPECT_EQ(r["evals"]["step"], nlohmann::json::array({3, 7}));
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (cols[c].rfind("val_", 0) == 0) EXPECT_EQ(r["evals"][cols[c]].size(), 2u) << cols[c];
  EXPECT_EQ(r["evals"]["val_ppl"][1].get<float>(), run.evals[2].ppl);
}

TEST(MetricsExport, WritersWriteTheFiles) {
  const fs::path dir = fs::temp_directory_path() / ("losslab-mexport-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::vector<RunMetrics> runs = {sample_run("a", 4, 1.0f)};
  write_metrics_export_csv(dir / "m.csv", runs);
  write_metrics_export_json(dir / "m.json", runs);
  std::ifstream c(dir / "m.csv"), j(dir / "m.json");
  std::stringstream cs, js;
  cs << c.rdbuf();
  js << j.rdbuf();
  EXPECT_EQ(cs.str(), metrics_export_csv(runs));
  EXPECT_EQ(nlohmann::json::parse(js.str()), metrics_export_json(runs));
  fs::remove_all(dir);
  EXPECT_THROW(write_metrics_export_csv("/no/such/dir/m.csv", runs), IoError);
}
