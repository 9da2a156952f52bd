// SPDX-License-Identifier: GPL-3.0-or-later
// A message across the top of the charts: what happened and what to do,
// with buttons that do it. Errors never become a crash or a frozen window.
#pragma once

#include <QFrame>
#include <functional>
#include <utility>
#include <vector>

class QLabel;
class QHBoxLayout;
class QPushButton;

namespace losslab::ui {

class MessageBar : public QFrame {
  Q_OBJECT
 public:
  enum class Level { Info, Warning, Error };
  using Action = std::pair<QString, std::function<void()>>;

  explicit MessageBar(QWidget* parent = nullptr);
  void show_message(Level level, const QString& text, const std::vector<Action>& actions = {});
  void clear_message();
  QString text() const;
  Level level() const { return level_; }
  // The buttons shown now (for tests).
  QList<QPushButton*> buttons() const;

 private:
  QLabel* icon_;
  QLabel* text_;
  QHBoxLayout* buttons_;
  Level level_ = Level::Info;
};

}  // namespace losslab::ui
