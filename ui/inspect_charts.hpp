// SPDX-License-Identifier: GPL-3.0-or-later
// Small custom-painted charts of the inspection panels, drawn large for a
// projector: q-versus-p bar groups, the two weighted loss terms, a confusion
// matrix and a reliability diagram. They only draw what they are given.
#pragma once

#include <QColor>
#include <QFont>
#include <QDockWidget>
#include <functional>
#include <QString>
#include <QWidget>
#include <vector>

#include "losslab/inspect.hpp"

namespace losslab::ui {

// `base` k times larger (and bold): the panels' type grows with the window's.
inline QFont scaled(const QFont& base, double k, bool bold = false) {
  QFont f = base;
  f.setPointSizeF(base.pointSizeF() * k);
  f.setBold(bold);
  return f;
}

// Okabe-Ito colours, as the rest of the window.
namespace inspect_colors {
inline const QColor kLm{0x00, 0x72, 0xB2};      // the LM term: blue
inline const QColor kCe{0xD5, 0x5E, 0x00};      // the CE term: vermillion
inline const QColor kTarget{0x00, 0x9E, 0x73};  // q, the smoothed target: bluish green
inline const QColor kModel{0xE6, 0x9F, 0x00};   // p, the model: orange
}  // namespace inspect_colors

// Bar groups: for each item a q bar (target) and a p bar (model); with
// show_q off, p alone (the probe's class probabilities).
class DistributionChart : public QWidget {
  Q_OBJECT
 public:
  struct Item {
    QString label;
    double q = 0, p = 0;
    bool highlight = false;  // the true class / target token
  };
  explicit DistributionChart(QWidget* parent = nullptr);
  void set_items(std::vector<Item> items, bool show_q = true);
  const std::vector<Item>& items() const { return items_; }
  bool show_q() const { return show_q_; }
  QSize minimumSizeHint() const override { return {260, 170}; }
  QSize sizeHint() const override { return {480, 230}; }
  void retranslate() { update(); }

 protected:
  void paintEvent(QPaintEvent*) override;
  void changeEvent(QEvent* e) override;

 private:
  std::vector<Item> items_;
  bool show_q_ = true;
};

// The two weighted terms of L as one stacked bar, each part labelled.
class ContributionBars : public QWidget {
  Q_OBJECT
 public:
  explicit ContributionBars(QWidget* parent = nullptr);
  void set_terms(double lm_part, double ce_part, bool has_ce);  // lambda*L_LM, (1-lambda)*L_CE
  void clear_terms();
  double lm_part() const { return lm_; }
  double ce_part() const { return ce_; }
  QSize minimumSizeHint() const override { return {260, 70}; }
  QSize sizeHint() const override { return {480, 80}; }
  void retranslate() { update(); }

 protected:
  void paintEvent(QPaintEvent*) override;
  void changeEvent(QEvent* e) override;

 private:
  double lm_ = 0, ce_ = 0;
  bool has_ce_ = true, valid_ = false;
};

// Rows: true class; columns: predicted. Cells coloured by their share of the row.
class ConfusionMatrixView : public QWidget {
  Q_OBJECT
 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);
  void set_report(const ValidationReport& r, const std::vector<std::string>& class_names);
  void clear_report();
  const ValidationReport& report() const { return rep_; }
  QSize minimumSizeHint() const override { return {240, 200}; }
  QSize sizeHint() const override { return {360, 300}; }
  void retranslate() { update(); }

 protected:
  void paintEvent(QPaintEvent*) override;
  void changeEvent(QEvent* e) override;

 private:
  ValidationReport rep_;
  QStringList names_;
};

// Accuracy per confidence bin against the diagonal, with the counts and the ECE.
class ReliabilityView : public QWidget {
  Q_OBJECT
 public:
  explicit ReliabilityView(QWidget* parent = nullptr);
  void set_report(const ValidationReport& r);
  void clear_report();
  QSize minimumSizeHint() const override { return {240, 200}; }
  QSize sizeHint() const override { return {360, 300}; }
  void retranslate() { update(); }

 protected:
  void paintEvent(QPaintEvent*) override;
  void changeEvent(QEvent* e) override;

 private:
  ValidationReport rep_;
  bool valid_ = false;
};

// A dock whose title follows the interface language (title() is called again
// on QEvent::LanguageChange).
class RetranslatingDock : public QDockWidget {
  Q_OBJECT
 public:
  RetranslatingDock(std::function<QString()> title, QWidget* parent);
  void retranslate() { setWindowTitle(title_()); }

 protected:
  void changeEvent(QEvent* e) override;

 private:
  std::function<QString()> title_;
};

// A token as a person reads it on the board: space as "␣", newline as "⏎", specials as <eos>.
QString display_token(const std::string& text);

}  // namespace losslab::ui
