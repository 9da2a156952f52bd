// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>

#include "losslab/settings.hpp"
#include "ui/file_actions.hpp"
#include "ui/main_window.hpp"

int main(int argc, char** argv) {
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
  cli.addOption(set);
  cli.addOption(play);
  cli.addPositionalArgument("file", "An experiment (.losslab) or a settings file (.json) to open.", "[file]");
  cli.process(app);

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
  if (!files.isEmpty()) window.files()->open_path(files.first());
  return QApplication::exec();
}
