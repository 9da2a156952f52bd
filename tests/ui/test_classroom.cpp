// SPDX-License-Identifier: GPL-3.0-or-later
// The classroom features of the window, offscreen: presentation mode fits a
// 1280x720 projector with larger type and restores the window when left; the
// interface switches to Simplified Chinese and back at run time (menus,
// docks, charts, glossary); the glossary has every promised entry; every
// action and control carries a tooltip. LOSSLAB_CLASSROOM_KEEP=dir keeps
// screenshots of the window in each state.
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTextBrowser>
#include <QtTest>

#include "ui/advanced_panel.hpp"
#include "ui/chart_panel.hpp"
#include "ui/controls_panel.hpp"
#include "ui/glossary_dialog.hpp"
#include "ui/language.hpp"
#include "ui/loss_chart.hpp"
#include "ui/main_window.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

bool has_cjk(const QString& s) {
  for (QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

QStringList menu_titles(QMainWindow& w) {
  QStringList t;
  for (QAction* a : w.menuBar()->actions()) t << a->text();
  return t;
}

}  // namespace

class TestClassroom : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;
  QString keep_;

  void keep(const QString& name) {
    if (keep_.isEmpty()) return;
    QApplication::processEvents();
    w_->grab().save(keep_ + "/" + name + ".png");
  }

 private slots:
  void initTestCase() {
    keep_ = qEnvironmentVariable("LOSSLAB_CLASSROOM_KEEP");
    MainWindowOptions o;
    o.create_initial_run = false;
    w_ = std::make_unique<MainWindow>(o);
    w_->resize(1400, 900);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
  }
  void cleanupTestCase() {
    set_language("en");
    w_.reset();
  }

  void windowFitsALaptopScreen() {
    // 1366x768 is the smallest common laptop screen: every dock shown, nothing may need more.
    const QSize min = w_->minimumSizeHint().expandedTo(w_->minimumSize());
    qInfo() << "window minimum" << min << "central" << w_->centralWidget()->minimumSizeHint();
    for (QDockWidget* d : w_->findChildren<QDockWidget*>())
      if (d->isVisible()) qInfo() << d->objectName() << "minimum" << d->minimumSizeHint();
    QVERIFY2(min.width() <= 1366 && min.height() <= 768,
             qPrintable(QStringLiteral("minimum %1x%2").arg(min.width()).arg(min.height())));
  }

  void presentationModeFitsAProjectorAndRestores() {
    const QFont before = QApplication::font();
    const QSize size_before = w_->size();
    const bool runs_visible = w_->findChild<QDockWidget*>("runs_dock")->isVisible();
    QAction* f11 = w_->action("presentation");
    QVERIFY(f11 && f11->shortcuts().contains(QKeySequence(Qt::Key_F11)));
    f11->trigger();
    QVERIFY(w_->presentation());
    QVERIFY(f11->isChecked());
    QVERIFY(QApplication::font().pointSizeF() >= before.pointSizeF() * 1.3);
    QVERIFY(w_->charts()->presentation());
    QVERIFY(w_->charts()->chart(ChartPanel::kLm)->scale() > 1.0);
    QVERIFY(!w_->controls()->advanced()->isVisible());
    QVERIFY(w_->isFullScreen());
    QApplication::processEvents();
    // Everything must fit a 1280x720 projector: the window cannot be made smaller than that.
    const QSize min = w_->minimumSizeHint().expandedTo(w_->minimumSize());
    qInfo() << "window minimum in presentation mode" << min << "central" << w_->centralWidget()->minimumSizeHint();
    QVERIFY2(min.width() <= 1280 && min.height() <= 720,
             qPrintable(QStringLiteral("minimum %1x%2").arg(min.width()).arg(min.height())));
    w_->resize(1280, 720);
    keep("presentation");
    f11->trigger();
    QVERIFY(!w_->presentation());
    QVERIFY(!w_->isFullScreen());
    QCOMPARE(QApplication::font().pointSizeF(), before.pointSizeF());
    QCOMPARE(w_->charts()->chart(ChartPanel::kLm)->scale(), 1.0);
    QTRY_COMPARE(w_->findChild<QDockWidget*>("runs_dock")->isVisible(), runs_visible);
    QTRY_COMPARE(w_->size(), size_before);
  }

  void interfaceSwitchesToChineseAndBack() {
    QVERIFY(available_languages().contains("zh_CN"));
    QCOMPARE(current_language(), QString("en"));
    const QStringList english = menu_titles(*w_);
    QVERIFY(english.contains("&File"));
    // View ▸ Language ▸ 简体中文, as a user would.
    QMenu* view = w_->view_menu();
    QVERIFY(view);
    QAction* zh = nullptr;
    for (QAction* a : view->actions())
      if (a->menu())
        for (QAction* b : a->menu()->actions())
          if (b->data().toString() == "zh_CN") zh = b;
    QVERIFY(zh);
    zh->trigger();
    QCOMPARE(current_language(), QString("zh_CN"));
    QVERIFY(zh->isChecked());
    QApplication::processEvents();
    const QStringList chinese = menu_titles(*w_);
    for (const QString& t : chinese) QVERIFY2(has_cjk(t), qPrintable(t));
    QVERIFY(has_cjk(w_->findChild<QDockWidget*>("controls_dock")->windowTitle()));
    QVERIFY(has_cjk(w_->action("play")->text()));
    QVERIFY(has_cjk(w_->action("play")->toolTip()));
    QVERIFY(has_cjk(w_->charts()->chart(ChartPanel::kLm)->title()));
    keep("chinese");
    QVERIFY(set_language("en"));
    QApplication::processEvents();
    QCOMPARE(menu_titles(*w_), english);
    QVERIFY(!has_cjk(w_->action("play")->text()));
  }

  void glossaryExplainsEveryPromisedWordInBothLanguages() {
    GlossaryDialog* g = w_->glossary();
    for (const char* key : {"loss", "cross_entropy", "label_smoothing", "perplexity", "calibration", "learning_rate"}) {
      QVERIFY2(GlossaryDialog::keys().contains(key), key);
      g->show_term(key);
      QCOMPARE(g->current_key(), QString(key));
      QVERIFY(g->text()->toPlainText().size() > 100);
    }
    g->show_term("label_smoothing");
    const QString en = g->text()->toPlainText();
    QVERIFY(en.contains("Label smoothing"));
    QVERIFY(set_language("zh_CN"));
    QApplication::processEvents();
    QVERIFY2(has_cjk(g->text()->toPlainText()), qPrintable(g->text()->toPlainText()));
    QVERIFY(has_cjk(g->term_list()->item(0)->text()));
    QCOMPARE(g->current_key(), QString("label_smoothing"));
    if (!keep_.isEmpty()) {
      g->show();
      QVERIFY(QTest::qWaitForWindowExposed(g));
      g->grab().save(keep_ + "/glossary_zh.png");
      g->hide();
    }
    QVERIFY(set_language("en"));
    QApplication::processEvents();
    QCOMPARE(g->text()->toPlainText(), en);
    QVERIFY(w_->action("glossary")->shortcuts().contains(QKeySequence(Qt::Key_F1)));
  }

  void everyActionAndControlHasATooltip() {
    QStringList missing;
    for (QAction* a : w_->findChildren<QAction*>()) {
      if (a->isSeparator() || a->text().isEmpty() || a->menu()) continue;
      if (a->toolTip().isEmpty() || a->toolTip() == a->text().remove('&'))
        if (!a->data().isValid() && !a->objectName().startsWith("qt_") && !a->parent()->inherits("QDockWidget") &&
            !a->parent()->inherits("QToolBar"))
          missing << "action " + a->text();
    }
    for (QWidget* c : w_->findChildren<QWidget*>()) {
      const bool control = qobject_cast<QAbstractButton*>(c) || qobject_cast<QAbstractSlider*>(c) ||
                           qobject_cast<QAbstractSpinBox*>(c) || qobject_cast<QComboBox*>(c) ||
                           qobject_cast<QLineEdit*>(c);
      if (!control || c->objectName().startsWith("qt_")) continue;
      if (qobject_cast<QLineEdit*>(c) && (qobject_cast<QAbstractSpinBox*>(c->parent()) || qobject_cast<QComboBox*>(c->parent())))
        continue;  // the editor inside a spin box or combo box: its owner has the tooltip
      if (c->inherits("QDockWidgetTitleButton") || c->inherits("QToolBarExtension") || c->inherits("QScrollBar") ||
          c->inherits("QMenuBarExtension") || c->parent()->inherits("QScrollBar") || c->parent()->inherits("QTabBar"))
        continue;  // Qt's own chrome
      if (c->toolTip().isEmpty()) {
        QString name = QString(c->metaObject()->className()) + " " + c->objectName();
        if (auto* b = qobject_cast<QAbstractButton*>(c)) name += " \"" + b->text() + "\"";
        for (QObject* p = c->parent(); p; p = p->parent())
          if (!p->objectName().isEmpty()) {
            name += " in " + p->objectName();
            break;
          }
        missing << name;
      }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join("\n")));
  }
};

QTEST_MAIN(TestClassroom)
#include "test_classroom.moc"
