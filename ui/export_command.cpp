// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/export_command.hpp"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "losslab/checkpoint.hpp"
#include "losslab/metrics_csv.hpp"
#include "losslab/safetensors.hpp"
#include "losslab/session.hpp"

namespace losslab::ui {
namespace {

void print_error(const QString& text) { std::fprintf(stderr, "losslab: %s\n", text.toLocal8Bit().constData()); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

LoadedRunDir ExportCommand::load_run_dir(const QString& dir, double smoothing) {
  const QFileInfo info(dir);
  if (!info.exists()) throw std::runtime_error(tr("%1: no such directory").arg(dir).toStdString());
  if (!info.isDir())
    throw std::runtime_error(
        tr("%1: not a directory (expected a run directory that losslab-cli train wrote)").arg(dir).toStdString());
  const QDir d(dir);
  const std::string metrics_path = d.filePath(QStringLiteral("metrics.csv")).toStdString();
  const std::string settings_path = d.filePath(QStringLiteral("settings.json")).toStdString();
  if (!QFileInfo::exists(QString::fromStdString(metrics_path)))
    throw std::runtime_error(
        tr("%1: missing (a run directory has metrics.csv and settings.json)").arg(QString::fromStdString(metrics_path)).toStdString());
  if (!QFileInfo::exists(QString::fromStdString(settings_path)))
    throw std::runtime_error(
        tr("%1: missing (a run directory has metrics.csv and settings.json)").arg(QString::fromStdString(settings_path)).toStdString());

  const MetricsTable table = read_metrics_csv(metrics_path);  // MetricsCsvError names line and column
  ReplayPlan plan;
  try {
    plan = parse_replay(parse_json_strict(slurp(settings_path), settings_path));
  } catch (const SettingsError& e) {
    throw std::runtime_error(settings_path + ": " + e.what());
  }

  // The vocabulary and classes give the chance lines; the plot does without them.
  int vocab = 0, classes = 0;
  const QString model = d.filePath(QStringLiteral("model.safetensors"));
  if (QFileInfo::exists(model)) {
    try {
      const LoadedModel m = load_model(model.toStdString());
      vocab = m.config.vocab_size;
      classes = m.config.n_class;
    } catch (const std::exception& e) {
      print_error(tr("note: %1 (drawing without the chance lines)").arg(QString::fromLocal8Bit(e.what())));
    }
  }

  auto logs = std::make_shared<MetricLogs>();
  for (const StepRecord& r : table.steps) logs->steps.push(r);
  for (const EvalRecord& e : table.evals) logs->evals.push(e);
  LoadedRunDir out;
  out.history = std::make_unique<RunHistory>(smoothing);
  out.history->update(logs, vocab, classes);
  out.history->set_events(plan.events);
  out.run.view.id = 1;
  out.run.view.name = QDir(QFileInfo(dir).absoluteFilePath()).dirName();
  out.run.view.color = QColor(0, 114, 178);
  out.run.view.history = out.history.get();
  out.run.settings = plan.settings;
  out.run.steps_done = table.steps.empty() ? 0 : table.steps.back().step + 1;
  return out;
}

bool ExportCommand::parse_size(const QString& text, QSize& size) {
  static const QRegularExpression re(QStringLiteral("^([0-9]{1,5})[xX×]([0-9]{1,5})$"));
  const auto m = re.match(text.trimmed());
  if (!m.hasMatch()) return false;
  size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
  return true;
}

int ExportCommand::run(const QString& dir, const QString& out, const QString& size_text, const QString& dpi_text,
                       const QString& smoothing_text, const QString& chart_text) {
  const auto format = plot_format_for(out);
  if (out.isEmpty()) {
    print_error(tr("--export-plot needs --out FILE.png, FILE.svg or FILE.pdf"));
    return 2;
  }
  if (!format) {
    print_error(tr("--out %1: unknown format (expected a file name ending in .png, .svg or .pdf)").arg(out));
    return 2;
  }
  PlotExportOptions o;
  if (!chart_text.isEmpty()) {
    const QStringList names = {QStringLiteral("lm"), QStringLiteral("ce"), QStringLiteral("total"),
                               QStringLiteral("accuracy"), QStringLiteral("strip")};
    o.chart = static_cast<int>(names.indexOf(chart_text.toLower()));
    if (o.chart < 0) {
      print_error(tr("--chart %1: expected one of %2").arg(chart_text, names.join(QStringLiteral(", "))));
      return 2;
    }
  }
  o.size = PlotExportOptions::default_size(o.chart);
  if (!size_text.isEmpty() && !parse_size(size_text, o.size)) {
    print_error(tr("--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1600x1000").arg(size_text));
    return 2;
  }
  if (!dpi_text.isEmpty()) {
    bool ok = false;
    o.dpi = dpi_text.toInt(&ok);
    if (!ok) {
      print_error(tr("--dpi %1: expected a whole number, e.g. 192").arg(dpi_text));
      return 2;
    }
  }
  if (!smoothing_text.isEmpty()) {
    bool ok = false;
    o.smoothing = smoothing_text.toDouble(&ok);
    if (!ok || o.smoothing < 0 || o.smoothing > 0.999) {
      print_error(tr("--smoothing %1: expected a number from 0 to 0.999").arg(smoothing_text));
      return 2;
    }
  }
  LoadedRunDir loaded;
  try {
    loaded = load_run_dir(dir, o.smoothing);
  } catch (const std::exception& e) {
    print_error(QString::fromLocal8Bit(e.what()));
    return 1;
  }
  const QString err = PlotExport::write(out, *format, {loaded.run}, o);
  if (!err.isEmpty()) {
    print_error(err);
    return 1;
  }
  return 0;
}

}  // namespace losslab::ui
