// SPDX-License-Identifier: GPL-3.0-or-later
// QSettings keys and limits shared by file_actions.cpp and file_actions_autosave.cpp.
#pragma once

namespace losslab::ui::file_settings {

inline constexpr int kMaxRecent = 10;
inline constexpr int kDefaultAutosaveMinutes = 3;
inline constexpr const char* kRecentKey = "files/recent";
inline constexpr const char* kAutosaveKey = "files/autosave_minutes";

}  // namespace losslab::ui::file_settings
