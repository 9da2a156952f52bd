// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Export on a run that trained some steps, offscreen: PNG, SVG and PDF
// are valid files of the requested kind and size with the curves drawn, and
// the metrics CSV/JSON hold every step. LOSSLAB_EXPORT_KEEP=dir keeps the
// files (and a PNG of the SVG) to look at.
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QSpinBox>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "losslab/metrics_export.hpp"
#include "losslab/session.hpp"
#include "ui/chart_panel.hpp"
#include "ui/export_menu.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/plot_export.hpp"
#include "ui/plot_export_dialog.hpp"
#include "ui/run_list_panel.hpp"
#include "ui/run_manager.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

RunSettings tiny() {
  RunSettings s;
  s.data = "builtin:en?n=400";
  s.model.n_layer = 1;
  s.model.n_head = 2;
  s.model.n_embd = 16;
  s.model.block_size = 32;
  s.batch_size = 8;
  s.eval_interval = 10;
  s.eval_batches = 1;
  s.steps = 1000;
  s.threads = 1;
  return s;
}

QByteArray slurp(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Pixels of about this colour (the run's smoothed curves).
int pixels_near(const QImage& img, QColor c) {
  int n = 0;
  for (int y = 0; y < img.height(); y += 2)
    for (int x = 0; x < img.width(); x += 2) {
      const QColor p = img.pixelColor(x, y);
      if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) + std::abs(p.blue() - c.blue()) < 40) ++n;
    }
  return n;
}

}  // namespace

class TestExport : public QObject {
  Q_OBJECT

  std::unique_ptr<MainWindow> w_;
  QTemporaryDir dir_;
  QString out_;
  Run* run_ = nullptr;

  QString path(const QString& name) const { return out_ + "/" + name; }
  // Exports through the menu as a user would, answering the dialogs.
  void export_via_menu(QAction* action, const QString& file, std::optional<PlotExportOptions> options = {}) {
    ExportMenu* m = w_->export_menu();
    m->set_options_prompt([options](const PlotExportOptions& start) { return options ? options : start; });
    m->set_file_prompt([file](const QString&) { return file; });
    action->trigger();
  }

 private slots:
  void initTestCase() {
    out_ = qEnvironmentVariableIsSet("LOSSLAB_EXPORT_KEEP") ? qEnvironmentVariable("LOSSLAB_EXPORT_KEEP") : dir_.path();
    QDir().mkpath(out_);
    MainWindowOptions o;
    o.create_initial_run = false;
    w_ = std::make_unique<MainWindow>(o);
    w_->resize(700, 500);  // small on screen: the export must not take this size
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    const RunSettings s = tiny();
    const int id = w_->runs().add(std::make_unique<Session>(s, w_->runs().dataset(s)), "baseline");
    run_ = w_->runs().find(id);
    run_->session->step_n(40);
    run_->session->wait_idle();
    run_->session->set("lambda", 0.8);
    run_->session->step_n(20);
    run_->session->wait_idle();
    // A second run, so that legends and the caption have two entries.
    RunSettings s2 = tiny();
    s2.eps = 0.0;
    s2.lr = 1e-3;
    const int id2 = w_->runs().add(std::make_unique<Session>(s2, w_->runs().dataset(s2)), "no smoothing");
    w_->runs().find(id2)->session->step_n(45);
    w_->runs().find(id2)->session->wait_idle();
    w_->refresh();
    w_->charts()->redraw();
    QCOMPARE(run_->history.size(), std::size_t(60));
    QCOMPARE(w_->export_menu()->plot_runs().size(), std::size_t(2));
  }
  void cleanupTestCase() { w_.reset(); }

  void pngHasTheRequestedPixelsAndTheCurves() {
    PlotExportOptions o = w_->export_menu()->current_options(-1);
    o.size = QSize(1200, 800);
    o.dpi = 192;
    export_via_menu(w_->export_menu()->dashboard_action, path("dash.png"), o);
    QVERIFY2(!w_->error_bar()->isVisible(), "no error shown");
    QImage img(path("dash.png"));
    QVERIFY(!img.isNull());
    QCOMPARE(img.size(), QSize(2400, 1600));
    QCOMPARE(img.dotsPerMeterX(), qRound(192 / 0.0254));
    QColor c = run_->color;
    QVERIFY2(pixels_near(img, c) > 2000, "the run's curves are drawn");
    // At 96 dpi the same document is 1200 x 800 pixels.
    o.dpi = 96;
    export_via_menu(w_->export_menu()->dashboard_action, path("dash96.png"), o);
    QCOMPARE(QImage(path("dash96.png")).size(), QSize(1200, 800));
  }

  void oneChartAndTheClipboardImage() {
    PlotExportOptions o = w_->export_menu()->current_options(ChartPanel::kTotal);
    o.size = QSize(900, 560);
    o.dpi = 144;
    export_via_menu(w_->export_menu()->chart_action, path("total.png"), o);
    const QImage img(path("total.png"));
    QCOMPARE(img.size(), QSize(1350, 840));
    // Both runs' curves (the second one is drawn over the first).
    QVERIFY(pixels_near(img, run_->color) + pixels_near(img, w_->runs().runs()[1]->color) > 500);
    const QImage clip = PlotExport::render_image(w_->export_menu()->plot_runs(), w_->export_menu()->current_options(-1));
    // The dashboard at its default size, at the last export's resolution.
    QCOMPARE(clip.size(), QSize(1600 * 144 / 96, 1000 * 144 / 96));
  }

  void svgIsAVectorDocumentOfTheSize() {
    PlotExportOptions o = w_->export_menu()->current_options(-1);
    o.size = QSize(1500, 950);
    export_via_menu(w_->export_menu()->dashboard_action, path("dash.svg"), o);
    QSvgRenderer svg(path("dash.svg"));
    QVERIFY(svg.isValid());
    QCOMPARE(svg.defaultSize(), QSize(1500, 950));
    const QByteArray bytes = slurp(path("dash.svg"));
    QVERIFY2(bytes.count("<polyline") + bytes.count("<path") > 50, "curves as vectors");
    QVERIFY2(!bytes.contains("<image"), "no embedded bitmaps");
    QVERIFY(bytes.contains("baseline"));  // legend and caption as text
    QVERIFY(bytes.contains("no smoothing"));
    QImage img(svg.defaultSize(), QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    svg.render(&p);
    p.end();
    QVERIFY(pixels_near(img, run_->color) > 500);
    if (qEnvironmentVariableIsSet("LOSSLAB_EXPORT_KEEP")) img.save(path("dash-svg.png"));
  }

  void pdfHasAPageOfTheSize() {
    PlotExportOptions o = w_->export_menu()->current_options(-1);
    o.size = QSize(1600, 1000);
    export_via_menu(w_->export_menu()->dashboard_action, path("dash.pdf"), o);
    const QByteArray pdf = slurp(path("dash.pdf"));
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.contains("/Type /Page\n") || pdf.contains("/Type /Page ") || pdf.contains("/Type /Page/"));
    // 1600 x 1000 px at 96 dpi: 1200 x 750 pt.
    QVERIFY(QRegularExpression(R"(/MediaBox \[0 0 1200(\.0+)? 750(\.0+)?\])").match(QString::fromLatin1(pdf)).hasMatch());
  }

  void unknownExtensionIsAnErrorNotAFile() {
    export_via_menu(w_->export_menu()->dashboard_action, path("dash.bmp"));
    QVERIFY(w_->error_bar()->isVisible());
    QVERIFY(!QFile::exists(path("dash.bmp")));
    w_->error_bar()->clear_message();
  }

  void dialogGivesTheOptionsItShows() {
    PlotExportOptions start = w_->export_menu()->current_options(-1);
    PlotExportDialog d(start, w_.get());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto* what = d.findChild<QComboBox*>();
    QCOMPARE(what->count(), 1 + ChartPanel::kCount);
    what->setCurrentIndex(1 + ChartPanel::kCe);  // a chart: its default size
    const PlotExportOptions o = d.options();
    QCOMPARE(o.chart, int(ChartPanel::kCe));
    QCOMPARE(o.size, PlotExportOptions::default_size(ChartPanel::kCe));
    QCOMPARE(o.smoothing, start.smoothing);
    for (QWidget* c : d.findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
      if (qobject_cast<QSpinBox*>(c) || qobject_cast<QComboBox*>(c) || qobject_cast<QLineEdit*>(c))
        QVERIFY2(!c->toolTip().isEmpty(), qPrintable(c->metaObject()->className()));
    for (QAction* a : w_->export_menu()->actions())
      if (!a->isSeparator()) QVERIFY(!a->toolTip().isEmpty() && !a->text().isEmpty());
    if (qEnvironmentVariableIsSet("LOSSLAB_EXPORT_KEEP")) d.grab().save(path("dialog.png"));
  }

  void metricsCsvAndJsonHoldEveryStep() {
    export_via_menu(w_->export_menu()->csv_action, path("metrics.csv"));
    const QList<QByteArray> lines = slurp(path("metrics.csv")).trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 60 + 45);
    QCOMPARE(lines[0].toStdString(), metrics_export_csv({}).substr(0, metrics_export_csv({}).size() - 1));
    QVERIFY(lines[1].startsWith("baseline,0,"));
    QVERIFY(lines[60].startsWith("baseline,59,"));
    QVERIFY(lines[61].startsWith("no smoothing,0,"));
    export_via_menu(w_->export_menu()->json_action, path("metrics.json"));
    const auto j = nlohmann::json::parse(slurp(path("metrics.json")).toStdString());
    QCOMPARE(j["runs"].size(), std::size_t(2));
    QCOMPARE(j["runs"][0]["name"].get<std::string>(), std::string("baseline"));
    QCOMPARE(j["runs"][1]["steps"]["eps"][0].get<float>(), 0.0f);
    QCOMPARE(j["runs"][0]["steps"]["loss"].size(), std::size_t(60));
    QCOMPARE(j["runs"][0]["steps"]["lambda"][59].get<float>(), 0.8f);
    QVERIFY(j["runs"][0]["evals"]["step"].size() >= 5);
  }
};

QTEST_MAIN(TestExport)
#include "test_export.moc"
