// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/advanced_panel.hpp"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "ui/setting_help.hpp"

namespace losslab::ui {

bool AdvancedPanel::shown_here(std::string_view key) {
  return key != "lambda" && key != "eps" && key != "lr" && key != "data" && key != "data_hash";
}

AdvancedPanel::AdvancedPanel(QWidget* parent) : QWidget(parent) {
  toggle_ = new QToolButton(this);
  toggle_->setCheckable(true);
  toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle_->setArrowType(Qt::RightArrow);
  toggle_->setAutoRaise(true);
  body_ = new QWidget(this);
  auto* form = new QFormLayout(body_);
  form->setContentsMargins(12, 0, 0, 0);
  for (const SettingInfo& info : setting_keys()) {
    if (!shown_here(info.key)) continue;
    const QString key = QString::fromUtf8(info.key.data(), static_cast<qsizetype>(info.key.size()));
    QWidget* w = nullptr;
    if (key == "schedule" || key == "data_format") {
      auto* c = new QComboBox(body_);
      const QStringList items = key == "schedule" ? QStringList{"cosine", "constant"}
                                                  : QStringList{"auto", "csv", "tsv", "fasttext", "folder", "text"};
      c->addItems(items);
      connect(c, &QComboBox::activated, this, [this, key, c] {
        emit settingEdited(key, QString::fromStdString(nlohmann::json(c->currentText().toStdString()).dump()));
      });
      w = c;
    } else {
      auto* e = new QLineEdit(body_);
      e->setMaximumWidth(140);
      connect(e, &QLineEdit::editingFinished, this, [this, key, e] {
        if (!e->isModified()) return;
        e->setModified(false);
        const std::string t = e->text().trimmed().toStdString();
        auto j = nlohmann::json::parse(t, nullptr, false);
        emit settingEdited(key, QString::fromStdString(j.is_discarded() ? nlohmann::json(t).dump() : j.dump()));
      });
      w = e;
    }
    auto* label = new QLabel(info.live ? key : key + QStringLiteral(" \u21bb"), body_);
    form->addRow(label, w);
    editors_[key] = w;
    labels_[key] = label;
    live_[key] = info.live;
  }
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  lay->addWidget(toggle_);
  lay->addWidget(body_);
  connect(toggle_, &QToolButton::toggled, this, &AdvancedPanel::set_expanded);
  set_expanded(false);
  retranslate();
}

void AdvancedPanel::retranslate() {
  toggle_->setText(tr("Advanced settings"));
  toggle_->setToolTip(tr("Optimiser, schedule, evaluation, model shape and seed.\n"
                         "Settings marked \u21bb take effect after a reset."));
  for (auto& [key, w] : editors_) {
    const QString tip = setting_help(key) + QLatin1Char('\n') +
                        (live_[key] ? tr("Live: applies at the next step.") : tr("Takes effect after a reset."));
    w->setToolTip(tip);
    labels_[key]->setToolTip(tip);
  }
}

void AdvancedPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void AdvancedPanel::set_expanded(bool on) {
  QSignalBlocker b(toggle_);
  toggle_->setChecked(on);
  toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
  body_->setVisible(on);
}
bool AdvancedPanel::expanded() const { return toggle_->isChecked(); }

QWidget* AdvancedPanel::editor(const QString& key) const {
  auto it = editors_.find(key);
  return it == editors_.end() ? nullptr : it->second;
}

void AdvancedPanel::show_settings(const RunSettings& s) {
  for (auto& [key, w] : editors_) {
    const nlohmann::json v = get_setting(s, key.toStdString());
    if (auto* c = qobject_cast<QComboBox*>(w)) {
      QSignalBlocker b(c);
      c->setCurrentText(QString::fromStdString(v.get<std::string>()));
    } else if (auto* e = qobject_cast<QLineEdit*>(w)) {
      if (e->hasFocus()) continue;  // do not overwrite what is being typed
      const QString t = QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
      if (e->text() != t) e->setText(t);
    }
  }
}

}  // namespace losslab::ui
