// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plot_export.hpp"

#include <QApplication>
#include <QBuffer>
#include <QFileInfo>
#include <QLabel>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>

#include "losslab/atomic_file.hpp"
#include "ui/loss_chart.hpp"

namespace losslab::ui {
namespace {

QString number(double v) {
  if (v != 0 && (std::fabs(v) < 1e-2 || std::fabs(v) >= 1e5)) return QString::number(v, 'g', 3);
  return QString::number(v, 'g', 4);
}

QString json_value(const nlohmann::json& v) {
  if (v.is_number()) return number(v.get<double>());
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  return QString::fromStdString(v.dump());
}

// "0.5", or "0.5 → 0.9" when the run changed the setting while it trained.
QString with_changes(const QString& start, const ExportRun& run, const char* key) {
  if (!run.view.history) return start;
  const SessionEvent* last = nullptr;
  for (const SessionEvent& e : run.view.history->events)
    if (e.kind == "set" && e.key == key) last = &e;
  if (!last) return start;
  return PlotExport::tr("%1 → %2").arg(start, json_value(last->new_value));
}

// The document: title, the charts, the caption. Built for one export and
// thrown away, so its texts are set once (it never sees a language change).
class PlotPage : public QWidget {
 public:
  PlotPage(const std::vector<ExportRun>& runs, const PlotExportOptions& o) : runs_(runs) {
    setAttribute(Qt::WA_DontShowOnScreen);
    // A light page whatever the desktop theme: it goes on slides and paper.
    QPalette pal(Qt::black, Qt::white);
    pal.setColor(QPalette::WindowText, QColor(30, 30, 30));
    setPalette(pal);
    setAutoFillBackground(true);
    QFont base = font();
    base.setPointSizeF(11);
    setFont(base);

    auto* title = title_ = new QLabel(o.title.isEmpty() ? PlotExport::default_title(runs, o.chart) : o.title, this);
    QFont tf = base;
    tf.setPointSizeF(o.chart < 0 ? 20 : 17);
    tf.setBold(true);
    title->setFont(tf);
    title->setAlignment(Qt::AlignCenter);
    title->setWordWrap(true);
    // One chart has its own title above its legend; a second one only when asked for.
    if (o.chart >= 0 && o.title.isEmpty()) title->hide();

    panel_ = new ChartPanel(this);
    panel_->set_options_visible(false);
    panel_->set_source([this] {
      std::vector<RunView> v;
      for (const ExportRun& r : runs_) v.push_back(r.view);
      return v;
    });
    // One chart: taken out of the panel's grid (whose other rows would keep
    // their space) onto the page; the hidden panel still draws it.
    LossChart* only = nullptr;
    if (o.chart >= 0) {
      only = panel_->chart(static_cast<ChartPanel::Kind>(o.chart));
      only->setParent(this);
      only->setMinimumSize(0, 0);
      only->setMaximumHeight(QWIDGETSIZE_MAX);
      panel_->hide();
    }

    QStringList lines;
    for (const ExportRun& r : runs) {
      QColor c = r.view.color;
      c.setAlpha(255);
      lines << QStringLiteral("<span style='color:%1'>&#9632;</span> <b>%2</b>: %3")
                   .arg(c.name(), r.view.name.toHtmlEscaped(), PlotExport::run_caption(r).toHtmlEscaped());
    }
    lines << QStringLiteral("<span style='color:#555'>%1</span>")
                 .arg(PlotExport::tr("Thick lines: smoothed (debiased EMA, weight %1); faint lines: raw; dots: "
                                     "validation; dotted lines: the floor H(q) that label smoothing ε allows.")
                          .arg(o.smoothing, 0, 'g', 3)
                          .toHtmlEscaped());
    auto* caption = caption_ = new QLabel(lines.join(QStringLiteral("<br>")), this);
    caption->setTextFormat(Qt::RichText);
    caption->setWordWrap(true);
    QFont cf = base;
    cf.setPointSizeF(o.chart < 0 ? 11 : 10);
    caption->setFont(cf);

    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(16, 12, 16, 12);
    lay->setSpacing(6);
    lay->addWidget(title);
    if (only) lay->addWidget(only, 1);
    else lay->addWidget(panel_, 1);
    lay->addWidget(caption);

    // The same view as the on-screen dashboard: smoothing, log axis, x by tokens.
    panel_->set_smoothing(o.smoothing);
    panel_->set_log_y(o.log_y);
    panel_->set_x_by_tokens(o.by_tokens);
    // A small document is laid out at a readable minimum and scaled down as
    // a whole, so that axis labels are never elided or crowded out.
    const QSizeF least = o.chart < 0 ? QSizeF(1280, 820) : QSizeF(640, 420);
    scale_ = std::max({1.0, least.width() / o.size.width(), least.height() / o.size.height()});
    resize((QSizeF(o.size) * scale_).toSize());
    show();  // not on screen: lays out every child at the document's size
    // Draw, let the charts lay out their new axes, draw again at the plot
    // area's final width (labels' widths change with the ranges).
    for (int i = 0; i < 3; ++i) {
      QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
      panel_->redraw();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  }

  // The labels as widgets, the charts as their scenes (a widget render of a
  // QGraphicsView loses legend entries in PDF).
  // Paints into the document's coordinates (0, 0, o.size).
  void paint_on(QPainter& p) {
    p.save();
    p.scale(1.0 / scale_, 1.0 / scale_);
    p.fillRect(rect(), Qt::white);
    for (QLabel* l : {title_, caption_})
      if (!l->isHidden()) l->render(&p, l->pos(), QRegion(), QWidget::DrawChildren);
    for (LossChart* c : panel_->charts())
      if (c->isVisible()) c->render_chart(&p, QRectF(c->mapTo(this, QPoint(0, 0)), QSizeF(c->size())));
    p.restore();
  }

 private:
  std::vector<ExportRun> runs_;
  ChartPanel* panel_ = nullptr;
  QLabel* title_ = nullptr;
  QLabel* caption_ = nullptr;
  double scale_ = 1.0;
};

}  // namespace

std::optional<PlotFormat> plot_format_for(const QString& path) {
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext == QLatin1String("png")) return PlotFormat::Png;
  if (ext == QLatin1String("svg")) return PlotFormat::Svg;
  if (ext == QLatin1String("pdf")) return PlotFormat::Pdf;
  return std::nullopt;
}

QSize png_pixel_size(const PlotExportOptions& o) {
  return QSize(static_cast<int>(std::lround(o.size.width() * o.dpi / 96.0)),
               static_cast<int>(std::lround(o.size.height() * o.dpi / 96.0)));
}

QString PlotExport::chart_name(int kind) {
  switch (kind) {
    case ChartPanel::kLm: return tr("LM loss");
    case ChartPanel::kCe: return tr("CE loss");
    case ChartPanel::kTotal: return tr("Total loss");
    case ChartPanel::kAccuracy: return tr("Accuracy and perplexity");
    case ChartPanel::kStrip: return tr("λ, ε and learning rate");
    default: return tr("Dashboard");
  }
}

QString PlotExport::run_caption(const ExportRun& r) {
  const RunSettings& s = r.settings;
  QStringList parts;
  parts << tr("n_layer %1, n_embd %2, n_head %3, block_size %4")
               .arg(s.model.n_layer)
               .arg(s.model.n_embd)
               .arg(s.model.n_head)
               .arg(s.model.block_size);
  parts << tr("λ = %1").arg(with_changes(number(s.lambda), r, "lambda"));
  parts << tr("ε = %1").arg(with_changes(number(s.eps), r, "eps"));
  const QString schedule = s.schedule == Schedule::Cosine ? tr("cosine") : tr("constant");
  parts << tr("lr %1, %2, warmup %3").arg(with_changes(number(s.lr), r, "lr"), schedule).arg(s.warmup_steps);
  parts << tr("batch %1").arg(s.batch_size);
  parts << tr("seed %1").arg(s.seed);
  const QString data = QString::fromStdString(s.data);
  parts << (s.data_hash.empty() ? tr("data %1").arg(data)
                                : tr("data %1 #%2").arg(data, QString::fromStdString(s.data_hash).left(8)));
  parts << tr("%1 of %2 steps").arg(r.steps_done).arg(s.steps);
  return parts.join(QStringLiteral(" · "));
}

QString PlotExport::default_title(const std::vector<ExportRun>& runs, int chart) {
  QStringList names;
  for (const ExportRun& r : runs) names << r.view.name;
  const QString who = names.isEmpty() ? tr("no runs") : names.join(QStringLiteral(", "));
  if (chart < 0) return tr("LossLab: %1").arg(who);
  return tr("%1: %2").arg(chart_name(chart), who);
}

QImage PlotExport::render_image(const std::vector<ExportRun>& runs, const PlotExportOptions& o) {
  PlotPage page(runs, o);
  const QSize px = png_pixel_size(o);
  QImage img(px, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  // Paint at the document's size, scaled to the pixels (fonts and lines sharp at any dpi).
  img.setDevicePixelRatio(static_cast<qreal>(px.width()) / o.size.width());
  {
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    page.paint_on(p);
  }
  img.setDevicePixelRatio(1.0);
  const int dpm = static_cast<int>(std::lround(o.dpi / 0.0254));
  img.setDotsPerMeterX(dpm);
  img.setDotsPerMeterY(dpm);
  return img;
}

QString PlotExport::write(const QString& path, PlotFormat format, const std::vector<ExportRun>& runs,
                          const PlotExportOptions& o) {
  if (o.size.width() < 200 || o.size.height() < 150 || o.size.width() > 20000 || o.size.height() > 20000)
    return tr("%1: the size %2×%3 is out of range (200×150 to 20000×20000)")
        .arg(path)
        .arg(o.size.width())
        .arg(o.size.height());
  if (o.dpi < 48 || o.dpi > 1200) return tr("%1: %2 dpi is out of range (48 to 1200)").arg(path).arg(o.dpi);
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  const QString title = o.title.isEmpty() ? default_title(runs, o.chart) : o.title;
  if (format == PlotFormat::Png) {
    const QImage img = render_image(runs, o);
    if (!img.save(&buf, "PNG")) return tr("%1: the PNG could not be encoded").arg(path);
  } else if (format == PlotFormat::Svg) {
    PlotPage page(runs, o);
    QSvgGenerator svg;
    svg.setOutputDevice(&buf);
    svg.setSize(o.size);
    svg.setViewBox(QRect(QPoint(0, 0), o.size));
    svg.setResolution(96);
    svg.setTitle(title);
    svg.setDescription(tr("Exported from LossLab"));
    QPainter p;
    if (!p.begin(&svg)) return tr("%1: the SVG could not be started").arg(path);
    page.paint_on(p);
    p.end();
    // QSvgGenerator gives the size in mm, which QSvgRenderer (and other
    // 90-dpi readers) turn into a different pixel size: state it in pixels.
    const qsizetype head = bytes.indexOf("viewBox=");
    const qsizetype w = bytes.indexOf("<svg width=\"");
    if (w >= 0 && head > w) {
      const QByteArray px = QStringLiteral("<svg width=\"%1\" height=\"%2\"\n ")
                                .arg(o.size.width())
                                .arg(o.size.height())
                                .toLatin1();
      bytes.replace(w, head - w, px);
    }
  } else {
    PlotPage page(runs, o);
    QPdfWriter pdf(&buf);
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(QSizeF(o.size) * 0.75, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("LossLab"));
    QPainter p;
    if (!p.begin(&pdf)) return tr("%1: the PDF could not be started").arg(path);
    page.paint_on(p);
    p.end();
  }
  buf.close();
  try {
    write_file_atomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  } catch (const std::exception& e) {
    return QString::fromLocal8Bit(e.what());
  }
  return {};
}

}  // namespace losslab::ui
