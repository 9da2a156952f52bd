// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "losslab/safetensors.hpp"
#include "losslab/settings_file.hpp"

namespace losslab::cli {

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json_strict(ss.str(), path);
}

ReplayPlan read_run_file(const std::string& path) {
  try {
    return read_settings_file(path);  // the same reader as the GUI's File > Open settings
  } catch (const SettingsFileError& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace losslab::cli
