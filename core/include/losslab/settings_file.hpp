// SPDX-License-Identifier: GPL-3.0-or-later
// settings.json files (docs/settings.md) as a user saves and opens them: the
// run's replay JSON written atomically, and read back strictly, with every
// problem of the file reported at once.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "losslab/session.hpp"

namespace losslab {

// A settings file could not be used. what() is "<path>: <problem>" with one
// problem per line; `problems` holds them one by one (each names its field).
struct SettingsFileError : std::runtime_error {
  SettingsFileError(std::string path, std::vector<std::string> problems, bool newer_version);
  std::string path;
  std::vector<std::string> problems;
  bool newer_version = false;  // written by a later LossLab (schema losslab.settings/2 or higher)
};

// Writes a session's replay_json() (or any settings JSON) atomically, indented.
// Throws IoError naming the path.
void write_settings_file(const std::filesystem::path& path, const nlohmann::json& settings_json);

// Reads a settings.json that LossLab wrote ({"schema": "losslab.settings/1",
// settings, options, events, end_step}) or a plain object of settings keys.
// Duplicate keys, unknown keys, wrong types and out-of-range values are all
// reported, each naming its field; nothing is returned unless all of it is
// valid. Throws SettingsFileError.
ReplayPlan read_settings_file(const std::filesystem::path& path);

}  // namespace losslab
