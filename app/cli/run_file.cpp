// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "losslab/safetensors.hpp"

namespace losslab::cli {

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json_strict(ss.str(), path);
}

ReplayPlan read_run_file(const std::string& path) {
  const nlohmann::json j = read_json_file(path);
  try {
    return j.is_object() && j.contains("schema") ? parse_replay(j)
                                                 : ReplayPlan{settings_from_json(j), {}, {}, std::nullopt};
  } catch (const SettingsError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace losslab::cli
