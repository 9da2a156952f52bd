// SPDX-License-Identifier: GPL-3.0-or-later
// The interface language, switchable at run time. Installing a translator
// makes Qt send QEvent::LanguageChange to every widget; each panel's
// retranslate() then sets its texts again.
#pragma once

#include <QString>
#include <QStringList>

namespace losslab::ui {

// "en" or "zh_CN". Returns false (and keeps the current language) when no
// translation of that name is built in.
bool set_language(const QString& code);
QString current_language();          // "en" or "zh_CN"
QStringList available_languages();   // {"en", "zh_CN"}
// The language to start with: the one saved in QSettings ("ui/language"),
// else the system locale's when it is available, else English.
QString startup_language();
// True when the current language is Chinese (lesson and help texts pick their zh_CN variant).
inline bool language_is_chinese() { return current_language().startsWith(QStringLiteral("zh")); }

}  // namespace losslab::ui
