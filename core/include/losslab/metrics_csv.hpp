// SPDX-License-Identifier: GPL-3.0-or-later
// metrics.csv: one row per training step, evaluation columns filled on the
// step after which an evaluation ran (docs/metrics.md). Floats are written
// with 9 significant digits, so every float32 reads back exactly, and no
// wall-clock column, so two runs of the same settings give the same bytes.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/metrics.hpp"

namespace losslab {

std::string metrics_csv_header();
std::string metrics_csv(const std::vector<StepRecord>& steps, const std::vector<EvalRecord>& evals);
void write_metrics_csv(const std::filesystem::path& path, const std::vector<StepRecord>& steps,
                       const std::vector<EvalRecord>& evals);

// A metrics.csv that does not follow the format: the message names the
// file, the line (1-based, the header is line 1), the column and what was
// expected, e.g. "run/metrics.csv:7: column 'lr': expected a number, got 'abc'".
struct MetricsCsvError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MetricsTable {
  std::vector<StepRecord> steps;  // wall_s is 0: metrics.csv has no wall clock
  std::vector<EvalRecord> evals;  // step = row step + 1 (updates applied), as the session logs it
};

// Reads back what metrics_csv() writes, strictly: the exact header, 19
// fields on every row, integers where integers belong, steps increasing, the
// seven validation fields all empty or all numbers. `source` names the text
// in messages. Throws MetricsCsvError.
MetricsTable parse_metrics_csv(std::string_view text, const std::string& source);
// Reads the file (IoError if it can't be read) and parses it.
MetricsTable read_metrics_csv(const std::filesystem::path& path);

}  // namespace losslab
