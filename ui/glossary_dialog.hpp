// SPDX-License-Identifier: GPL-3.0-or-later
// Help ▸ Glossary: the handful of words a student meets in LossLab (loss,
// cross-entropy, label smoothing, perplexity, calibration, learning rate, …),
// each explained in a few sentences in the interface language.
#pragma once

#include <QDialog>

class QListWidget;
class QTextBrowser;
class QLabel;
class QDialogButtonBox;

namespace losslab::ui {

class GlossaryDialog : public QDialog {
  Q_OBJECT
 public:
  explicit GlossaryDialog(QWidget* parent = nullptr);
  // The entries' keys in order: "loss", "cross_entropy", "label_smoothing", …
  static QStringList keys();
  // Shows the entry `key` (no-op for an unknown key).
  void show_term(const QString& key);
  QString current_key() const;
  QListWidget* term_list() const { return list_; }
  QTextBrowser* text() const { return text_; }

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void show_row(int row);
  QListWidget* list_;
  QTextBrowser* text_;
  QLabel* hint_;
  QDialogButtonBox* buttons_;
};

}  // namespace losslab::ui
