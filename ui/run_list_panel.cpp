// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/run_list_panel.hpp"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/run_manager.hpp"

namespace losslab::ui {
namespace {

QIcon swatch(const QColor& c) {
  QPixmap p(16, 16);
  p.fill(Qt::transparent);
  QPainter g(&p);
  g.setRenderHint(QPainter::Antialiasing);
  g.setBrush(c);
  g.setPen(c.darker(140));
  g.drawRoundedRect(QRectF(1.5, 1.5, 13, 13), 3, 3);
  return QIcon(p);
}

}  // namespace

QString RunListPanel::state_text(SessionState s) {
  switch (s) {
    case SessionState::Paused: return RunListPanel::tr("paused");
    case SessionState::Running: return RunListPanel::tr("running");
    case SessionState::Diverged: return RunListPanel::tr("DIVERGED");
    case SessionState::Finished: return RunListPanel::tr("finished");
    case SessionState::Stopped: return RunListPanel::tr("stopped");
  }
  return {};
}

RunListPanel::RunListPanel(QWidget* parent) : QWidget(parent) {
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(4);
  tree_->setRootIsDecorated(false);
  tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  tree_->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
  tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  tree_->header()->setStretchLastSection(false);

  auto button = [this] {
    auto* b = new QToolButton(this);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buttons_.push_back(b);
    return b;
  };
  auto* add = button();
  auto* fork = button();
  auto* dup = button();
  auto* ren = button();
  auto* del = button();
  auto* row = new QHBoxLayout;
  for (auto* b : {add, fork, dup, ren, del}) row->addWidget(b);
  row->addStretch(1);

  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  lay->addWidget(tree_);
  lay->addLayout(row);

  retranslate();
  connect(add, &QToolButton::clicked, this, &RunListPanel::newRequested);
  connect(fork, &QToolButton::clicked, this, [this] {
    if (current_id() >= 0) emit forkRequested(current_id());
  });
  connect(dup, &QToolButton::clicked, this, [this] {
    if (current_id() >= 0) emit duplicateRequested(current_id());
  });
  connect(ren, &QToolButton::clicked, this, [this] { start_rename(current_id()); });
  connect(del, &QToolButton::clicked, this, [this] {
    if (current_id() >= 0) emit deleteRequested(current_id());
  });
  connect(tree_, &QTreeWidget::itemSelectionChanged, this, [this] {
    if (!updating_) emit selectionChanged();
  });
  connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* it, int col) {
    if (updating_ || col != kName) return;
    const int id = it->data(kName, Qt::UserRole).toInt();
    emit visibilityChanged(id, it->checkState(kName) == Qt::Checked);
    emit renamed(id, it->text(kName));
  });
}

void RunListPanel::retranslate() {
  tree_->setHeaderLabels({tr("Run"), tr("Settings"), tr("State"), tr("Step")});
  tree_->setToolTip(tr("Tick a run to show it on the charts. Select runs (Ctrl/Shift-click) to drive them\n"
                       "with the transport buttons and sliders. Double-click a name to rename it."));
  const std::pair<QString, QString> texts[] = {
      {tr("New"), tr("A new run from the start, with the current run's settings")},
      {tr("Fork"), tr("A copy of the current run as it is now (weights, optimiser, step),\n"
                      "to continue with different settings")},
      {tr("Duplicate"), tr("The same settings, trained again from the start")},
      {tr("Rename"), tr("Rename the current run")},
      {tr("Delete"), tr("Delete the current run")}};
  for (std::size_t i = 0; i < buttons_.size() && i < std::size(texts); ++i) {
    buttons_[i]->setText(texts[i].first);
    buttons_[i]->setToolTip(texts[i].second);
  }
}

void RunListPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

QTreeWidgetItem* RunListPanel::item(int id) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    if (tree_->topLevelItem(i)->data(kName, Qt::UserRole).toInt() == id) return tree_->topLevelItem(i);
  return nullptr;
}

void RunListPanel::refresh(RunManager& runs) {
  updating_ = true;
  // Rows of removed runs go.
  for (int i = tree_->topLevelItemCount() - 1; i >= 0; --i) {
    const int id = tree_->topLevelItem(i)->data(kName, Qt::UserRole).toInt();
    if (!runs.find(id)) delete tree_->takeTopLevelItem(i);
  }
  const bool none_selected = tree_->selectedItems().isEmpty();
  for (const auto& r : runs.runs()) {
    QTreeWidgetItem* it = item(r->id);
    if (!it) {
      it = new QTreeWidgetItem(tree_);
      it->setData(kName, Qt::UserRole, r->id);
      it->setFlags(it->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
      it->setCheckState(kName, Qt::Checked);
      it->setText(kName, r->name());
      it->setTextAlignment(kStep, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (it->data(kName, Qt::UserRole + 1).toString() != r->name()) {  // renamed elsewhere
      it->setText(kName, r->name());
      it->setData(kName, Qt::UserRole + 1, r->name());
    }
    if (it->data(kName, Qt::UserRole + 2).value<QColor>() != r->color) {
      it->setIcon(kName, swatch(r->color));
      it->setData(kName, Qt::UserRole + 2, r->color);
    }
    if (it->checkState(kName) != (r->visible ? Qt::Checked : Qt::Unchecked))
      it->setCheckState(kName, r->visible ? Qt::Checked : Qt::Unchecked);
    const RunSettings s = r->session->settings();
    QString settings = QStringLiteral("λ=%1 ε=%2 lr=%3")
                           .arg(s.lambda, 0, 'f', 2)
                           .arg(s.eps, 0, 'g', 3)
                           .arg(QString::number(s.lr, 'e', 1));
    if (r->pending) settings += QStringLiteral(" ↻");
    if (it->text(kSettings) != settings) it->setText(kSettings, settings);
    it->setToolTip(kSettings, tr("%1 layers, d=%2, data %3, seed %4")
                                  .arg(s.model.n_layer)
                                  .arg(s.model.n_embd)
                                  .arg(QString::fromStdString(s.data))
                                  .arg(s.seed) +
                                  (r->pending ? tr("\n↻ new data or model settings wait for a reset") : QString()));
    const SessionState st = r->session->state();
    if (it->text(kState) != state_text(st)) it->setText(kState, state_text(st));
    it->setForeground(kState, st == SessionState::Diverged ? QBrush(Qt::red) : QBrush());
    if (it->text(kStep) != QString::number(r->session->step())) it->setText(kStep, QString::number(r->session->step()));
  }
  if (none_selected && tree_->topLevelItemCount() > 0) {
    tree_->setCurrentItem(tree_->topLevelItem(tree_->topLevelItemCount() - 1));
  }
  updating_ = false;
  if (none_selected && tree_->topLevelItemCount() > 0) emit selectionChanged();
}

std::vector<int> RunListPanel::selected_ids() const {
  std::vector<int> ids;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    if (tree_->topLevelItem(i)->isSelected()) ids.push_back(tree_->topLevelItem(i)->data(kName, Qt::UserRole).toInt());
  if (ids.empty() && current_id() >= 0) ids.push_back(current_id());
  return ids;
}

int RunListPanel::current_id() const {
  QTreeWidgetItem* it = tree_->currentItem();
  if (!it && !tree_->selectedItems().isEmpty()) it = tree_->selectedItems().first();
  return it ? it->data(kName, Qt::UserRole).toInt() : -1;
}

void RunListPanel::select(int id) {
  if (QTreeWidgetItem* it = item(id)) {
    tree_->clearSelection();
    tree_->setCurrentItem(it);
    it->setSelected(true);
  }
}

void RunListPanel::start_rename(int id) {
  if (QTreeWidgetItem* it = item(id)) tree_->editItem(it, kName);
}

}  // namespace losslab::ui
