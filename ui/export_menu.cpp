// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/export_menu.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QStatusBar>

#include "losslab/session.hpp"
#include "ui/chart_panel.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/plot_export_dialog.hpp"
#include "ui/run_manager.hpp"

namespace losslab::ui {

ExportMenu::ExportMenu(MainWindow* window) : QMenu(window), window_(window) {
  dashboard_action = addAction(QString(), this, [this] { export_plot(-1); });
  chart_action = addAction(QString(), this, [this] { export_plot(ChartPanel::kLm); });
  copy_action = addAction(QString(), this, [this] { copy_image(); });
  copy_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  addSeparator();
  csv_action = addAction(QString(), this, [this] { export_metrics(false); });
  json_action = addAction(QString(), this, [this] { export_metrics(true); });
  setToolTipsVisible(true);
  retranslate();
}

void ExportMenu::retranslate() {
  setTitle(tr("&Export"));
  dashboard_action->setText(tr("&Dashboard…"));
  dashboard_action->setToolTip(tr("Save all charts with a title and the runs' settings as PNG, SVG or PDF"));
  chart_action->setText(tr("&Chart…"));
  chart_action->setToolTip(tr("Save one chart with a title and the runs' settings as PNG, SVG or PDF"));
  copy_action->setText(tr("C&opy dashboard image"));
  copy_action->setToolTip(tr("Put a PNG image of the dashboard on the clipboard, to paste into slides"));
  csv_action->setText(tr("Metrics &CSV…"));
  csv_action->setToolTip(tr("Every run's metrics in one CSV: one row per step per run (columns: docs/metrics.md)"));
  json_action->setText(tr("Metrics &JSON…"));
  json_action->setToolTip(tr("Every run's metrics as JSON, one object of columns per run"));
}

void ExportMenu::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QMenu::changeEvent(e);
}

std::vector<ExportRun> ExportMenu::plot_runs() const {
  std::vector<ExportRun> out;
  for (const auto& r : window_->runs().runs()) {
    if (!r->visible) continue;
    ExportRun e;
    e.view = RunView{r->id, r->name(), r->color, &r->history, true};
    // The settings the run started from; the caption shows live changes from the event log.
    try {
      e.settings = parse_replay(r->session->replay_json()).settings;
    } catch (const std::exception&) {
      e.settings = r->session->settings();
    }
    e.steps_done = r->history.step.empty() ? 0 : static_cast<qint64>(r->history.step.back());
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<RunMetrics> ExportMenu::metrics() const {
  std::vector<RunMetrics> out;
  for (const auto& r : window_->runs().runs()) {
    RunMetrics m;
    m.name = r->name().toStdString();
    if (auto logs = r->session->metrics()) {
      logs->steps.read_since(0, m.steps);
      logs->evals.read_since(0, m.evals);
    }
    out.push_back(std::move(m));
  }
  return out;
}

PlotExportOptions ExportMenu::current_options(int chart) const {
  PlotExportOptions o = last_.value_or(PlotExportOptions{});
  if (!last_ || last_->chart != chart) o.size = PlotExportOptions::default_size(chart);
  o.chart = chart;
  o.smoothing = window_->charts()->smoothing();
  o.log_y = window_->charts()->log_y();
  o.by_tokens = window_->charts()->x_by_tokens();
  return o;
}

QString ExportMenu::ask_file(const QString& caption, const QString& filter) {
  if (file_prompt_) return file_prompt_(filter);
  return QFileDialog::getSaveFileName(window_, caption, QString(), filter);
}

void ExportMenu::report(const QString& error, const QString& path) {
  if (!error.isEmpty()) {
    window_->error_bar()->show_message(MessageBar::Level::Error, error.toHtmlEscaped());
    return;
  }
  window_->statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(path).fileName()), 5000);
}

void ExportMenu::export_plot(int chart) {
  std::optional<PlotExportOptions> o;
  const PlotExportOptions start = current_options(chart);
  if (options_prompt_) {
    o = options_prompt_(start);
  } else {
    PlotExportDialog dialog(start, window_);
    if (dialog.exec() == QDialog::Accepted) o = dialog.options();
  }
  if (!o) return;
  QString path = ask_file(tr("Export plot"), tr("PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".png");
  const auto format = plot_format_for(path);
  if (!format) {
    report(tr("%1: unknown format (expected a file name ending in .png, .svg or .pdf)").arg(path), path);
    return;
  }
  last_ = *o;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const QString err = PlotExport::write(path, *format, plot_runs(), *o);
  QApplication::restoreOverrideCursor();
  report(err, path);
}

void ExportMenu::copy_image() {
  const QImage img = PlotExport::render_image(plot_runs(), current_options(-1));
  QGuiApplication::clipboard()->setImage(img);
  window_->statusBar()->showMessage(tr("Dashboard image copied (%1 × %2 pixels)").arg(img.width()).arg(img.height()),
                                    5000);
}

void ExportMenu::export_metrics(bool json) {
  const QString path = json ? ask_file(tr("Export metrics as JSON"), tr("JSON (*.json)"))
                            : ask_file(tr("Export metrics as CSV"), tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  QString err;
  try {
    if (json) write_metrics_export_json(path.toStdString(), metrics());
    else write_metrics_export_csv(path.toStdString(), metrics());
  } catch (const std::exception& e) {
    err = QString::fromLocal8Bit(e.what());
  }
  report(err, path);
}

}  // namespace losslab::ui
