// SPDX-License-Identifier: GPL-3.0-or-later
// What each run setting means, in the interface language. Core keeps a terse
// English description per key for the CLI; the GUI explains a little more
// and through Qt Linguist, so these texts live here.
#pragma once

#include <QString>

namespace losslab::ui {

// The explanation of a setting key, translated; empty for an unknown key.
QString setting_help(const QString& key);

}  // namespace losslab::ui
