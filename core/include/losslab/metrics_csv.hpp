// SPDX-License-Identifier: GPL-3.0-or-later
// metrics.csv: one row per training step, evaluation columns filled on the
// step after which an evaluation ran (docs/metrics.md). Floats are written
// with 9 significant digits, so every float32 reads back exactly, and no
// wall-clock column, so two runs of the same settings give the same bytes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "losslab/metrics.hpp"

namespace losslab {

std::string metrics_csv_header();
std::string metrics_csv(const std::vector<StepRecord>& steps, const std::vector<EvalRecord>& evals);
void write_metrics_csv(const std::filesystem::path& path, const std::vector<StepRecord>& steps,
                       const std::vector<EvalRecord>& evals);

}  // namespace losslab
