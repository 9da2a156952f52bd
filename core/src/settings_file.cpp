// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/settings_file.hpp"

#include <fstream>
#include <sstream>

#include "losslab/atomic_file.hpp"
#include "losslab/safetensors.hpp"

namespace losslab {
namespace {

constexpr std::uintmax_t kMaxSettingsBytes = 256u << 20;  // an event log of millions of changes still fits

std::string join(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += (all.empty() ? "" : "\n") + l;
  return all;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

SettingsFileError::SettingsFileError(std::string p, std::vector<std::string> list, bool newer)
    : std::runtime_error(p + ": " + join(list)), path(std::move(p)), problems(std::move(list)), newer_version(newer) {}

void write_settings_file(const std::filesystem::path& path, const nlohmann::json& settings_json) {
  write_file_atomically(path, settings_json.dump(2) + "\n");
}

ReplayPlan read_settings_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw SettingsFileError(name, {"can't open (" + ec.message() + ")"}, false);
  if (size > kMaxSettingsBytes)
    throw SettingsFileError(name, {"is " + std::to_string(size >> 20) + " MB; a settings file is at most 256 MB"},
                            false);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SettingsFileError(name, {"can't open for reading"}, false);
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j;
  try {
    j = parse_json_strict(ss.str(), name);
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (what.rfind(name + ": ", 0) == 0) what.erase(0, name.size() + 2);  // the path is said once, in front
    throw SettingsFileError(name, {what}, false);
  }
  try {
    if (j.is_object() && j.contains("schema")) return parse_replay(j);
    return ReplayPlan{settings_from_json(j), {}, {}, std::nullopt};  // a plain object of settings
  } catch (const NewerFormatError& e) {
    throw SettingsFileError(name, split_lines(e.what()), true);
  } catch (const SettingsError& e) {
    throw SettingsFileError(name, split_lines(e.what()), false);
  }
}

}  // namespace losslab
