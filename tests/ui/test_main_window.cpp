// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include "ui/main_window.hpp"

class TestMainWindow : public QObject {
  Q_OBJECT
private slots:
  void showsTitledWindow() {
    losslab::ui::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.windowTitle().contains("LossLab"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
