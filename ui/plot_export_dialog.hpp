// SPDX-License-Identifier: GPL-3.0-or-later
// The small dialog before a plot export: what to draw, the document size,
// the PNG resolution and a title.
#pragma once

#include <QDialog>

#include "ui/plot_export.hpp"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace losslab::ui {

class PlotExportDialog : public QDialog {
  Q_OBJECT
 public:
  PlotExportDialog(const PlotExportOptions& start, QWidget* parent = nullptr);
  PlotExportOptions options() const;
  void retranslate();

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void update_pixels();
  PlotExportOptions base_;
  QComboBox* what_;
  QSpinBox *width_, *height_, *dpi_;
  QLineEdit* title_;
  QLabel *what_label_, *size_label_, *dpi_label_, *title_label_, *pixels_;
  QDialogButtonBox* buttons_;
};

}  // namespace losslab::ui
