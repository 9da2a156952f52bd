// SPDX-License-Identifier: GPL-3.0-or-later
// The metrics of several runs in one file, for spreadsheets, pandas and
// papers (docs/metrics.md, "Metrics export"): a wide CSV with one row per
// step per run, and the same numbers as JSON. Floats keep 9 significant
// digits, so every float32 reads back exactly.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "losslab/metrics.hpp"

namespace losslab {

struct RunMetrics {
  std::string name;
  std::vector<StepRecord> steps;
  std::vector<EvalRecord> evals;  // step = updates applied, as the session logs it
};

// The wide CSV's columns, in order (the header line without its newline).
const std::vector<std::string>& metrics_export_columns();
std::string metrics_export_csv(const std::vector<RunMetrics>& runs);
// {"schema": "losslab.metrics/1", "runs": [{"name", "steps": {column: [...]}, "evals": {column: [...]}}]}
nlohmann::json metrics_export_json(const std::vector<RunMetrics>& runs);

// Atomic writes (IoError on failure).
void write_metrics_export_csv(const std::filesystem::path& path, const std::vector<RunMetrics>& runs);
void write_metrics_export_json(const std::filesystem::path& path, const std::vector<RunMetrics>& runs);

}  // namespace losslab
