// SPDX-License-Identifier: GPL-3.0-or-later
// Where lessons come from: the built-in ones (Qt resources :/lessons), the
// user's lessons folder, and files opened by hand. A file that can't be used
// becomes an entry with its error message, never an exception.
#pragma once

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "losslab/lesson.hpp"

namespace losslab::ui {

struct LessonEntry {
  QString path;                          // ":/lessons/01-....json" or a file path
  bool builtin = false;
  std::shared_ptr<const Lesson> lesson;  // null when the file is bad
  QString error;                         // why it is bad, naming the file and the field
};

// Reads one lesson file (resource or disk).
LessonEntry read_lesson_entry(const QString& path);
// The user's lessons folder: AppDataLocation/lessons.
QString user_lessons_dir();
// Built-in lessons, then the user folder's *.json, each sorted by file name.
std::vector<LessonEntry> discover_lessons();

}  // namespace losslab::ui
