// SPDX-License-Identifier: GPL-3.0-or-later
// The Lessons dock in the real window, offscreen: the built-in lessons are
// listed; a lesson is picked, predicted, started; its runs train live to the
// end; Explain shows every check passing with the same numbers the headless
// runner measures; a bad lesson file shows a message naming file and field.
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "losslab/lesson.hpp"
#include "ui/lesson_library.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/language.hpp"
#include "ui/main_window.hpp"
#include "ui/run_manager.hpp"

using namespace losslab;
using namespace losslab::ui;

// LOSSLAB_LESSON_SHOTS=dir saves the window at each stage (to look at the panel);
// LOSSLAB_LESSON_LANG=zh_CN shows it in that language.
void shoot(QWidget& w, const char* stage) {
  const QString dir = qEnvironmentVariable("LOSSLAB_LESSON_SHOTS");
  if (dir.isEmpty()) return;
  QTest::qWait(300);  // let the dock's layout follow the new texts
  w.grab().save(dir + "/lesson-" + stage + ".png");
}

class TestLessonPanel : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (qEnvironmentVariableIsSet("LOSSLAB_LESSON_LANG")) QVERIFY(set_language(qEnvironmentVariable("LOSSLAB_LESSON_LANG")));
  }

  void builtin_lessons_are_listed() {
    const auto entries = discover_lessons();
    int builtin = 0;
    for (const auto& e : entries) {
      if (!e.builtin) continue;
      ++builtin;
      QVERIFY2(e.lesson, qPrintable(e.error));
    }
    QVERIFY(builtin >= 6);
  }

  void lesson_runs_to_the_end_and_its_checks_pass() {
    MainWindowOptions o;
    o.create_initial_run = false;
    MainWindow w(o);
    w.show();
    auto* dock = w.findChild<QDockWidget*>("lessons_dock");
    QVERIFY(dock);
    LessonPanel* p = w.lessons();
    QVERIFY(p);
    QCOMPARE(dock->widget(), static_cast<QWidget*>(p));
    QVERIFY(p->select_lesson("lambda-extremes"));
    QVERIFY(!p->start_button()->isEnabled());  // predict first
    p->choose_answer(0);                        // a wrong prediction, as a student might make
    QVERIFY(p->start_button()->isEnabled());
    shoot(w, "question");
    p->start_button()->click();
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<int>(w.runs().runs().size()), 2, 20000);
    p->play();
    QTRY_VERIFY_WITH_TIMEOUT(p->runs_finished(), 60000);
    shoot(w, "finished");
    p->explain_button()->click();
    shoot(w, "explained");

    const Lesson* l = p->lesson();
    QVERIFY(l);
    QCOMPARE(p->results().size(), l->checks.size());
    const QString shown = p->checks_view()->text();
    QCOMPARE(static_cast<std::size_t>(shown.count(QStringLiteral("✓"))), l->checks.size());
    QVERIFY(!shown.contains(QStringLiteral("✗")));
    // The live runs are the headless runs, bitwise: the same measured numbers.
    const LessonOutcome headless = run_lesson(*l, {1, std::nullopt});
    for (std::size_t i = 0; i < l->checks.size(); ++i) {
      QVERIFY2(p->results()[i].passed, qPrintable(QString::fromStdString(p->results()[i].measured + " " + p->results()[i].error)));
      QCOMPARE(p->results()[i].measured, headless.checks[i].measured);
      QVERIFY2(shown.contains(QString::fromStdString(headless.checks[i].measured).toHtmlEscaped()), qPrintable(shown));
    }
  }

  void bad_lesson_file_shows_a_clear_message() {
    MainWindowOptions o;
    o.create_initial_run = false;
    MainWindow w(o);
    w.show();
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QFile good(":/lessons/01-lambda-extremes.json");
    QVERIFY(good.open(QIODevice::ReadOnly));
    QByteArray text = good.readAll();
    text.replace("{\"lambda\": 1}", "{\"lambda\": 1, \"lr\": \"fast\"}");
    f.write(text);
    f.close();
    LessonPanel* p = w.lessons();
    QVERIFY(!p->open_file(path));
    QVERIFY(p->error_label()->isVisible());
    QVERIFY2(p->error_label()->text().contains("lesson 'bad.json' field 'runs[0].settings.lr'"),
             qPrintable(p->error_label()->text()));
    QVERIFY(!p->start_button()->isVisible());
    // Not JSON at all: a message too, never a crash.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{ \"schema\": ");
    f.close();
    QVERIFY(!p->open_file(path));
    QVERIFY2(p->error_label()->text().contains("lesson 'bad.json': invalid JSON: parse error at line 1"), qPrintable(p->error_label()->text()));
    // A good lesson picked afterwards hides the message.
    QVERIFY(p->select_lesson("warmup"));
    QVERIFY(!p->error_label()->isVisible());
  }
};

QTEST_MAIN(TestLessonPanel)
#include "test_lesson_panel.moc"
