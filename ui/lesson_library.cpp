// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lesson_library.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace losslab::ui {

LessonEntry read_lesson_entry(const QString& path) {
  LessonEntry e;
  e.path = path;
  e.builtin = path.startsWith(QStringLiteral(":/"));
  const QString name = QFileInfo(path).fileName();
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    e.error = QCoreApplication::translate("LessonLibrary", "lesson '%1': can't open %2 (%3)")
                  .arg(name, QDir::toNativeSeparators(path), f.errorString());
    return e;
  }
  const QByteArray bytes = f.readAll();
  try {
    e.lesson = std::make_shared<const Lesson>(
        parse_lesson(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), name.toStdString()));
  } catch (const std::exception& ex) {  // LessonError, and anything else a strange file provokes
    e.error = QString::fromStdString(ex.what());
  }
  return e;
}

QString user_lessons_dir() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/lessons");
}

std::vector<LessonEntry> discover_lessons() {
  std::vector<LessonEntry> out;
  const QStringList filter{QStringLiteral("*.json")};
  for (const QString& dir : {QStringLiteral(":/lessons"), user_lessons_dir()}) {
    QDir d(dir);
    for (const QString& f : d.entryList(filter, QDir::Files, QDir::Name)) out.push_back(read_lesson_entry(d.filePath(f)));
  }
  return out;
}

}  // namespace losslab::ui
