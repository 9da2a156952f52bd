// SPDX-License-Identifier: GPL-3.0-or-later
// QSettings keys and limits shared by file_actions.cpp and file_actions_autosave.cpp.
#pragma once

#include <QCoreApplication>

namespace losslab::ui::file_settings {

inline constexpr int kMaxRecent = 10;
inline constexpr int kDefaultAutosaveMinutes = 3;
inline constexpr const char* kRecentKey = "files/recent";
inline constexpr const char* kAutosaveKey = "files/autosave_minutes";

// Recent files, the layout and autosaves are kept only for an application
// with an organisation name (LossLab sets one; a unit test that sets none
// leaves the user's settings and data folders alone).
inline bool persistent() { return !QCoreApplication::organizationName().isEmpty(); }

}  // namespace losslab::ui::file_settings
