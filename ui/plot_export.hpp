// SPDX-License-Identifier: GPL-3.0-or-later
// Exports the dashboard (or one of its charts) as PNG, SVG or PDF for slides
// and papers. The charts are drawn afresh by an off-screen ChartPanel laid
// out at the document's size (the charts decimate to the pixel columns, so
// the on-screen widget's size must not leak into the file), under a title
// and above a caption with each run's key settings.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>
#include <optional>
#include <vector>

#include "losslab/settings.hpp"
#include "ui/chart_panel.hpp"

namespace losslab::ui {

enum class PlotFormat { Png, Svg, Pdf };
// By the file's extension (case-insensitive); nullopt for anything else.
std::optional<PlotFormat> plot_format_for(const QString& path);

// A run as the export shows it: its curves and the settings for the caption.
struct ExportRun {
  RunView view;
  RunSettings settings;
  qint64 steps_done = 0;
};

struct PlotExportOptions {
  // The document, in pixels at 96 dpi (CSS pixels). SVG has exactly this
  // size; the PDF page is this size (1 px = 0.75 pt); a PNG has
  // size * dpi / 96 pixels, so the 192 dpi default is a sharp 2x image.
  QSize size{1600, 1000};
  int dpi = 192;
  int chart = -1;  // -1: the whole dashboard; else a ChartPanel::Kind
  double smoothing = 0.6;
  bool log_y = false;
  bool by_tokens = false;
  QString title;  // empty: a title naming the runs
  static QSize default_size(int chart) { return chart < 0 ? QSize(1600, 1000) : QSize(1000, 640); }
};

// Pixel size of the PNG for these options.
QSize png_pixel_size(const PlotExportOptions& options);

class PlotExport {
  Q_DECLARE_TR_FUNCTIONS(losslab::ui::PlotExport)
 public:
  // The chart names as the menu and the dialog show them, by ChartPanel::Kind.
  static QString chart_name(int kind);
  // One line per run: model size, λ, ε, lr and schedule, seed, data set and hash, steps.
  static QString run_caption(const ExportRun& run);
  static QString default_title(const std::vector<ExportRun>& runs, int chart);

  // The PNG image (as the clipboard gets it).
  static QImage render_image(const std::vector<ExportRun>& runs, const PlotExportOptions& options);
  // Writes the file atomically in the given format; returns "" or an error
  // message naming the file.
  static QString write(const QString& path, PlotFormat format, const std::vector<ExportRun>& runs,
                       const PlotExportOptions& options);
};

}  // namespace losslab::ui
