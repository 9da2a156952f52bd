// SPDX-License-Identifier: GPL-3.0-or-later
// `losslab --export-plot RUN_DIR --out FILE`: the dashboard of a run that
// `losslab-cli train` wrote (metrics.csv, settings.json, model.safetensors),
// drawn without a display.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <memory>
#include <vector>

#include "ui/plot_export.hpp"
#include "ui/run_history.hpp"

namespace losslab::ui {

// A run directory read back: the histories the export draws from.
struct LoadedRunDir {
  std::unique_ptr<RunHistory> history;
  ExportRun run;
};

class ExportCommand {
  Q_DECLARE_TR_FUNCTIONS(losslab::ui::ExportCommand)
 public:
  // Reads metrics.csv and settings.json (and, when present, the vocabulary
  // and classes of model.safetensors for the chance lines). Throws
  // std::runtime_error naming the file, line and field.
  static LoadedRunDir load_run_dir(const QString& dir, double smoothing);
  // "1600x1000" -> size; false on anything else.
  static bool parse_size(const QString& text, QSize& size);
  // The whole command; prints errors on stderr and returns the exit code.
  static int run(const QString& dir, const QString& out, const QString& size, const QString& dpi,
                 const QString& smoothing, const QString& chart);
};

}  // namespace losslab::ui
