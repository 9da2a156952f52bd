// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the files the CLI is given, with errors that name the file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "losslab/session.hpp"

namespace losslab::cli {

// The file parsed as JSON (duplicate keys are errors); throws naming the path.
nlohmann::json read_json_file(const std::string& path);

// A run file: a settings.json that LossLab wrote ({"schema": ...} with its
// event log) or a plain object of settings. Errors name the path and the field.
ReplayPlan read_run_file(const std::string& path);

}  // namespace losslab::cli
