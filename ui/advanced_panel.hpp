// SPDX-License-Identifier: GPL-3.0-or-later
// Every other setting, in a panel that starts collapsed. Live settings apply
// to the selected runs at the next step; the others wait for a reset.
#pragma once

#include <QWidget>
#include <map>

#include "losslab/settings.hpp"

class QToolButton;
class QLabel;

namespace losslab::ui {

class AdvancedPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AdvancedPanel(QWidget* parent = nullptr);
  void show_settings(const RunSettings& s);  // does not emit
  void set_expanded(bool on);
  bool expanded() const;
  QWidget* editor(const QString& key) const;  // for tests
  // Keys shown elsewhere (sliders, data chooser) are not repeated here.
  static bool shown_here(std::string_view key);

 signals:
  // value_json: the value as JSON text (a number, or a quoted string).
  void settingEdited(const QString& key, const QString& value_json);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  std::map<QString, QLabel*> labels_;
  std::map<QString, bool> live_;
  QToolButton* toggle_;
  QWidget* body_;
  std::map<QString, QWidget*> editors_;
};

}  // namespace losslab::ui
