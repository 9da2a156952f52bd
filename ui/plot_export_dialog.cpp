// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plot_export_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace losslab::ui {

PlotExportDialog::PlotExportDialog(const PlotExportOptions& start, QWidget* parent) : QDialog(parent), base_(start) {
  what_ = new QComboBox(this);
  for (int k = -1; k < ChartPanel::kCount; ++k) what_->addItem(QString(), k);
  what_->setCurrentIndex(start.chart + 1);
  width_ = new QSpinBox(this);
  height_ = new QSpinBox(this);
  width_->setRange(200, 20000);
  height_->setRange(150, 20000);
  width_->setValue(start.size.width());
  height_->setValue(start.size.height());
  dpi_ = new QSpinBox(this);
  dpi_->setRange(48, 1200);
  dpi_->setSingleStep(48);
  dpi_->setValue(start.dpi);
  title_ = new QLineEdit(start.title, this);
  pixels_ = new QLabel(this);
  what_label_ = new QLabel(this);
  size_label_ = new QLabel(this);
  dpi_label_ = new QLabel(this);
  title_label_ = new QLabel(this);

  auto* size_row = new QHBoxLayout;
  size_row->addWidget(width_);
  size_row->addWidget(new QLabel(QStringLiteral("×"), this));
  size_row->addWidget(height_);
  auto* form = new QFormLayout;
  form->addRow(what_label_, what_);
  form->addRow(size_label_, size_row);
  form->addRow(dpi_label_, dpi_);
  form->addRow(QString(), pixels_);
  form->addRow(title_label_, title_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(form);
  lay->addWidget(buttons_);

  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(width_, &QSpinBox::valueChanged, this, &PlotExportDialog::update_pixels);
  connect(height_, &QSpinBox::valueChanged, this, &PlotExportDialog::update_pixels);
  connect(dpi_, &QSpinBox::valueChanged, this, &PlotExportDialog::update_pixels);
  connect(what_, &QComboBox::currentIndexChanged, this, [this] {
    const QSize s = PlotExportOptions::default_size(what_->currentData().toInt());
    width_->setValue(s.width());
    height_->setValue(s.height());
  });
  retranslate();
}

PlotExportOptions PlotExportDialog::options() const {
  PlotExportOptions o = base_;
  o.chart = what_->currentData().toInt();
  o.size = QSize(width_->value(), height_->value());
  o.dpi = dpi_->value();
  o.title = title_->text().trimmed();
  return o;
}

void PlotExportDialog::update_pixels() {
  const QSize px = png_pixel_size(options());
  pixels_->setText(tr("PNG: %1 × %2 pixels · PDF page: %3 × %4 pt")
                       .arg(px.width())
                       .arg(px.height())
                       .arg(width_->value() * 0.75, 0, 'g', 5)
                       .arg(height_->value() * 0.75, 0, 'g', 5));
}

void PlotExportDialog::retranslate() {
  setWindowTitle(tr("Export plot"));
  for (int i = 0; i < what_->count(); ++i) what_->setItemText(i, PlotExport::chart_name(what_->itemData(i).toInt()));
  what_->setToolTip(tr("The whole dashboard, or one of its charts"));
  what_label_->setText(tr("Chart"));
  size_label_->setText(tr("Size (pixels at 96 dpi)"));
  width_->setToolTip(tr("Width of the document. The charts are laid out at this size, whatever the window's size."));
  height_->setToolTip(tr("Height of the document"));
  dpi_label_->setText(tr("PNG resolution (dpi)"));
  dpi_->setToolTip(tr("Pixels per inch of a PNG: 192 gives a sharp image at twice the size (for high-DPI screens "
                      "and slides), 300 or more for print. SVG and PDF are vectors and ignore it."));
  title_label_->setText(tr("Title"));
  title_->setPlaceholderText(tr("(none: the dashboard names the runs, a chart keeps its own title)"));
  title_->setToolTip(tr("The title above the charts; empty for one naming the runs"));
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
  buttons_->button(QDialogButtonBox::Ok)->setToolTip(tr("Choose the file: .png, .svg or .pdf"));
  buttons_->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  buttons_->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without exporting"));
  update_pixels();
}

void PlotExportDialog::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(e);
}

}  // namespace losslab::ui
