// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by session.cpp and session_io.cpp: the replay JSON helpers and the
// on-disk form of a saved session (formats in docs/settings.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/session.hpp"

namespace losslab::detail {

inline constexpr const char* kReplaySchema = "losslab.settings/1";
inline constexpr const char* kSessionSchema = "losslab.session/1";

nlohmann::json options_to_json(const SessionOptions& o);
SessionOptions options_from_json(const nlohmann::json& j);  // throws SettingsError naming the field
nlohmann::json replay_plan_to_json(const RunSettings& initial, const SessionOptions& options,
                                   const std::vector<SessionEvent>& events, int64_t end_step);

// Everything save() writes and load() reads.
struct SavedSession {
  std::string name, last_error;
  RunSettings initial;   // at the start of the run (replay)
  RunSettings settings;  // in force
  SessionOptions options;
  std::vector<SessionEvent> events;
  TrainerSnapshot current;
  std::optional<TrainerSnapshot> last_good;
  double active_s = 0.0;
  std::shared_ptr<MetricLogs> logs;
  std::size_t n_steps = 0, n_evals = 0, n_interactions = 0;  // records of `logs` that belong to the save
};

void write_session(const std::filesystem::path& dir, const SavedSession& s);
// `fallback` is used only when session.json has no options. Throws SessionError.
SavedSession read_session(const std::filesystem::path& dir, const SessionOptions& fallback);

}  // namespace losslab::detail
