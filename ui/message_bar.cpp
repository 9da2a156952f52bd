// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/message_bar.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace losslab::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
  setFrameShape(QFrame::StyledPanel);
  icon_ = new QLabel(this);
  text_ = new QLabel(this);
  text_->setWordWrap(true);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont f = text_->font();
  f.setPointSizeF(f.pointSizeF() * 1.15);
  text_->setFont(f);
  auto* close = new QToolButton(this);
  close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss"));
  buttons_ = new QHBoxLayout;
  auto* lay = new QHBoxLayout(this);
  lay->setContentsMargins(8, 6, 4, 6);
  lay->addWidget(icon_, 0, Qt::AlignTop);
  lay->addWidget(text_, 1);
  lay->addLayout(buttons_);
  lay->addWidget(close, 0, Qt::AlignTop);
  connect(close, &QToolButton::clicked, this, &MessageBar::clear_message);
  hide();
}

void MessageBar::show_message(Level level, const QString& text, const std::vector<Action>& actions) {
  level_ = level;
  const char* bg = level == Level::Error ? "#fde2e1" : level == Level::Warning ? "#fff4d6" : "#e3f0fd";
  const char* border = level == Level::Error ? "#d33" : level == Level::Warning ? "#d9a400" : "#3a7bd5";
  setStyleSheet(QStringLiteral("MessageBar { background: %1; border: 1px solid %2; border-radius: 4px; }")
                    .arg(bg, border));
  const QStyle::StandardPixmap icon = level == Level::Error     ? QStyle::SP_MessageBoxCritical
                                      : level == Level::Warning ? QStyle::SP_MessageBoxWarning
                                                                : QStyle::SP_MessageBoxInformation;
  icon_->setPixmap(style()->standardIcon(icon).pixmap(28, 28));
  text_->setText(text);
  while (QLayoutItem* it = buttons_->takeAt(0)) {
    delete it->widget();
    delete it;
  }
  for (const auto& [label, fn] : actions) {
    auto* b = new QPushButton(label, this);
    connect(b, &QPushButton::clicked, this, [this, fn] {
      clear_message();
      if (fn) fn();
    });
    buttons_->addWidget(b);
  }
  show();
}

void MessageBar::clear_message() {
  text_->clear();
  hide();
}

QString MessageBar::text() const { return isVisible() || !text_->text().isEmpty() ? text_->text() : QString(); }

QList<QPushButton*> MessageBar::buttons() const { return findChildren<QPushButton*>(); }

}  // namespace losslab::ui
