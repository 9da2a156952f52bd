// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Export: the dashboard or one chart as PNG/SVG/PDF, the dashboard
// image to the clipboard, and every run's metrics as one CSV or JSON file.
#pragma once

#include <QMenu>
#include <functional>
#include <optional>
#include <vector>

#include "losslab/metrics_export.hpp"
#include "ui/plot_export.hpp"

namespace losslab::ui {

class MainWindow;

class ExportMenu : public QMenu {
  Q_OBJECT
 public:
  explicit ExportMenu(MainWindow* window);
  void retranslate();

  // What the export draws and writes: the window's runs as they are now.
  std::vector<ExportRun> plot_runs() const;
  std::vector<RunMetrics> metrics() const;
  // The dashboard's current view (smoothing, log axis, x by tokens) with `chart`.
  PlotExportOptions current_options(int chart) const;

  // For tests: answer the dialogs instead of a user. The file prompt gets
  // the dialog's file filter; an empty answer cancels.
  void set_file_prompt(std::function<QString(const QString& filter)> fn) { file_prompt_ = std::move(fn); }
  void set_options_prompt(std::function<std::optional<PlotExportOptions>(const PlotExportOptions&)> fn) {
    options_prompt_ = std::move(fn);
  }

  QAction *dashboard_action, *chart_action, *copy_action, *csv_action, *json_action;

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void export_plot(int chart);
  void copy_image();
  void export_metrics(bool json);
  QString ask_file(const QString& caption, const QString& filter);
  void report(const QString& error, const QString& path);

  MainWindow* window_;
  std::optional<PlotExportOptions> last_;  // the dialog starts from the last export
  std::function<QString(const QString&)> file_prompt_;
  std::function<std::optional<PlotExportOptions>(const PlotExportOptions&)> options_prompt_;
};

}  // namespace losslab::ui
