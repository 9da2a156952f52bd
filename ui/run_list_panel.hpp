// SPDX-License-Identifier: GPL-3.0-or-later
// The list of runs: colour, name, key settings, state. New, fork, duplicate,
// rename, delete, show/hide. The selected runs are the ones the transport
// and the sliders act on.
#pragma once

#include <QWidget>

#include "losslab/session.hpp"
#include <vector>

class QTreeWidget;
class QTreeWidgetItem;
class QToolButton;

namespace losslab::ui {

class RunManager;

class RunListPanel : public QWidget {
  Q_OBJECT
 public:
  // "running", "paused", … in the interface language.
  static QString state_text(SessionState s);
  explicit RunListPanel(QWidget* parent = nullptr);

  void refresh(RunManager& runs);  // rows follow the runs; texts follow their state
  std::vector<int> selected_ids() const;
  int current_id() const;  // -1 when none
  void select(int id);
  QTreeWidget* tree() const { return tree_; }
  void start_rename(int id);

  enum Column { kName = 0, kSettings, kState, kStep };

 signals:
  void newRequested();
  void forkRequested(int id);
  void duplicateRequested(int id);
  void deleteRequested(int id);
  void renamed(int id, const QString& name);
  void visibilityChanged(int id, bool visible);
  void selectionChanged();

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  std::vector<QToolButton*> buttons_;
  QTreeWidgetItem* item(int id) const;
  QTreeWidget* tree_;
  bool updating_ = false;
};

}  // namespace losslab::ui
