// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <cstring>

#include "losslab/settings.hpp"
#include "ui/file_actions.hpp"
#include "ui/export_command.hpp"
#include "ui/language.hpp"
#include "ui/main_window.hpp"

int main(int argc, char** argv) {
  // --export-plot draws without a display: the platform must be chosen before QApplication exists.
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--export-plot") == 0 || std::strncmp(argv[i], "--export-plot=", 14) == 0)
      qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setApplicationName("LossLab");
  QApplication::setOrganizationName("LossLab");
  QApplication::setApplicationVersion(LOSSLAB_VERSION);

  QCommandLineParser cli;
  cli.setApplicationDescription("Watch a Transformer's mixed LM + classification loss train, live.");
  cli.addHelpOption();
  cli.addVersionOption();
  QCommandLineOption set({"s", "set"}, "Set a setting of the first run (repeatable), e.g. --set lambda=0.8.",
                         "key=value");
  QCommandLineOption play("play", "Start training the first run as soon as it is ready.");
  QCommandLineOption presentation("presentation", "Start in presentation mode (full screen, large type; F11 leaves it).");
  cli.addOption(set);
  cli.addOption(play);
  cli.addOption(presentation);
  cli.addPositionalArgument("file", "An experiment (.losslab) or a settings file (.json) to open.", "[file]");
  // Headless export of a run directory (see docs/metrics.md and README).
  QCommandLineOption export_plot("export-plot", "Draw the dashboard of a run directory that `losslab-cli train` wrote, "
                                 "without a display, into --out, and exit.", "RUN_DIR");
  QCommandLineOption out("out", "With --export-plot: the file to write (.png, .svg or .pdf).", "FILE");
  QCommandLineOption size("size", "With --export-plot: the document size in pixels at 96 dpi (default 1600x1000; "
                          "a PNG has size*dpi/96 pixels).", "WxH");
  QCommandLineOption dpi("dpi", "With --export-plot: PNG resolution (default 192: a sharp 2x image).", "N");
  QCommandLineOption smoothing("smoothing", "With --export-plot: smoothing weight of the curves, 0-0.999 (default 0.6).",
                               "W");
  QCommandLineOption chart("chart", "With --export-plot: one chart only: lm, ce, total, accuracy or strip.", "NAME");
  QCommandLineOption lang("lang", "Interface language, e.g. zh_CN.", "CODE");
  for (const auto* o : {&export_plot, &out, &size, &dpi, &smoothing, &chart, &lang}) cli.addOption(*o);
  cli.process(app);

  // The interface language: --lang, else the one chosen in View > Language, else the system's.
  // A headless export without --lang stays in English, whatever the machine's locale.
  const QString language = cli.isSet(lang)           ? cli.value(lang)
                           : cli.isSet(export_plot) ? QStringLiteral("en")
                                                     : losslab::ui::startup_language();
  if (!losslab::ui::set_language(language))
    std::fprintf(stderr, "losslab: warning: no %s translation is built in; continuing in English\n",
                 qPrintable(language));
  if (cli.isSet(export_plot))
    return losslab::ui::ExportCommand::run(cli.value(export_plot), cli.value(out), cli.value(size), cli.value(dpi),
                                           cli.value(smoothing), cli.value(chart));

  losslab::ui::MainWindowOptions options;
  try {
    for (const QString& a : cli.values(set)) losslab::apply_assignment(options.settings, a.toStdString());
    options.settings.validate();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "losslab: %s\n", e.what());
    return 2;
  }
  options.play = cli.isSet(play);
  const QStringList files = cli.positionalArguments();
  if (files.size() > 1) {
    std::fprintf(stderr, "losslab: give one file to open, not %lld\n", static_cast<long long>(files.size()));
    return 2;
  }
  if (!files.isEmpty()) options.create_initial_run = false;  // the file's runs instead
  losslab::ui::MainWindow window(options);
  window.show();
  if (cli.isSet(presentation)) window.set_presentation(true);
  if (!files.isEmpty()) window.files()->open_path(files.first());
  return QApplication::exec();
}
