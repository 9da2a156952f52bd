// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main_window.hpp"

#include <QLabel>

namespace losslab::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("LossLab"));
  auto* label = new QLabel(tr("LossLab"), this);
  label->setAlignment(Qt::AlignCenter);
  setCentralWidget(label);
  resize(1280, 800);
}

}  // namespace losslab::ui
