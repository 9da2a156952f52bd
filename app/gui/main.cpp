// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>

#include "ui/main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("LossLab");
  QApplication::setOrganizationName("LossLab");
  QApplication::setApplicationVersion(LOSSLAB_VERSION);
  losslab::ui::MainWindow window;
  window.show();
  return QApplication::exec();
}
