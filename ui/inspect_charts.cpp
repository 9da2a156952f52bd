// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect_charts.hpp"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace losslab::ui {
namespace {


QString pct(double v) { return QString::number(100.0 * v, 'f', v < 0.095 && v > 0 ? 1 : 0) + "%"; }

void legend_swatch(QPainter& g, QPointF at, const QColor& c, const QString& text) {
  const QFontMetricsF fm(g.font());
  const double h = fm.height();
  g.fillRect(QRectF(at.x(), at.y() + h * 0.15, h * 0.7, h * 0.7), c);
  g.setPen(Qt::black);
  g.drawText(QPointF(at.x() + h, at.y() + fm.ascent()), text);
}

}  // namespace

QString display_token(const std::string& text) {
  if (text == " ") return QStringLiteral("␣");
  if (text == "\n") return QStringLiteral("⏎");
  if (text == "\t") return QStringLiteral("⇥");
  return QString::fromStdString(text);
}

RetranslatingDock::RetranslatingDock(std::function<QString()> title, QWidget* parent)
    : QDockWidget(parent), title_(std::move(title)) {
  retranslate();
}

void RetranslatingDock::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QDockWidget::changeEvent(e);
}

// ---- DistributionChart ------------------------------------------------------

DistributionChart::DistributionChart(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void DistributionChart::set_items(std::vector<Item> items, bool show_q) {
  items_ = std::move(items);
  show_q_ = show_q;
  update();
}

void DistributionChart::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void DistributionChart::paintEvent(QPaintEvent*) {
  QPainter g(this);
  g.setRenderHint(QPainter::Antialiasing);
  g.fillRect(rect(), Qt::white);
  const QFont label_font = scaled(font(), 1.25, true);
  const QFont value_font = scaled(font(), 1.05);
  g.setFont(label_font);
  const QFontMetricsF fm(label_font);
  const double lh = fm.height();
  // Legend on top.
  double lx = 6;
  if (show_q_) {
    legend_swatch(g, {lx, 2}, inspect_colors::kTarget, tr("q (target)"));
    lx += lh * 1.4 + fm.horizontalAdvance(tr("q (target)")) + lh;
  }
  legend_swatch(g, {lx, 2}, inspect_colors::kModel, tr("p (model)"));
  const QRectF plot(lh * 2.2, lh * 1.6, width() - lh * 2.2 - 6, height() - lh * 1.6 - lh * 1.5 - 4);
  if (plot.width() < 20 || plot.height() < 20) return;
  // Axis 0..1 with grid lines.
  g.setFont(value_font);
  for (int i = 0; i <= 4; ++i) {
    const double y = plot.bottom() - plot.height() * i / 4.0;
    g.setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 1));
    g.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    g.setPen(QColor(0x55, 0x55, 0x55));
    g.drawText(QRectF(0, y - lh / 2, plot.left() - 4, lh), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(i / 4.0, 'g', 2));
  }
  if (items_.empty()) {
    g.setFont(label_font);
    g.setPen(Qt::gray);
    g.drawText(plot, Qt::AlignCenter, tr("no model yet"));
    return;
  }
  const int n = static_cast<int>(items_.size());
  const double gw = plot.width() / n;
  const int bars = show_q_ ? 2 : 1;
  const double bw = std::min(gw * 0.8 / bars, lh * 2.5);
  for (int i = 0; i < n; ++i) {
    const Item& it = items_[i];
    const double cx = plot.left() + gw * (i + 0.5);
    const double x0 = cx - bw * bars / 2.0;
    auto bar = [&](double x, double v, const QColor& c) {
      const double h = plot.height() * std::clamp(v, 0.0, 1.0);
      g.fillRect(QRectF(x, plot.bottom() - h, bw - 2, h), c);
      if (bw >= QFontMetricsF(value_font).horizontalAdvance("100%") * 0.9 || v > 0.05) {
        g.setPen(Qt::black);
        g.drawText(QRectF(x - 10, plot.bottom() - h - lh, bw + 18, lh), Qt::AlignHCenter | Qt::AlignBottom, pct(v));
      }
    };
    if (show_q_) bar(x0, it.q, inspect_colors::kTarget);
    bar(x0 + (show_q_ ? bw : 0), it.p, inspect_colors::kModel);
    g.setFont(label_font);
    const QRectF lr(plot.left() + gw * i, plot.bottom() + 2, gw, lh * 1.4);
    if (it.highlight) {
      g.fillRect(lr.adjusted(2, 0, -2, 0), QColor(0xFF, 0xF0, 0xB0));
    }
    g.setPen(Qt::black);
    g.drawText(lr, Qt::AlignCenter, fm.elidedText(it.label, Qt::ElideRight, gw - 2));
    g.setFont(value_font);
  }
  g.setPen(QPen(Qt::black, 1.5));
  g.drawLine(plot.bottomLeft(), plot.bottomRight());
}

// ---- ContributionBars -------------------------------------------------------

ContributionBars::ContributionBars(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setFixedHeight(static_cast<int>(QFontMetricsF(scaled(font(), 1.3, true)).height() * 3.2));
}

void ContributionBars::set_terms(double lm_part, double ce_part, bool has_ce) {
  lm_ = lm_part;
  ce_ = ce_part;
  has_ce_ = has_ce;
  valid_ = std::isfinite(lm_part) && std::isfinite(ce_part);
  update();
}

void ContributionBars::clear_terms() {
  valid_ = false;
  lm_ = ce_ = 0;
  update();
}

void ContributionBars::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void ContributionBars::paintEvent(QPaintEvent*) {
  QPainter g(this);
  g.setRenderHint(QPainter::Antialiasing);
  const QFont f = scaled(font(), 1.3, true);
  g.setFont(f);
  const QFontMetricsF fm(f);
  const double lh = fm.height();
  const QRectF bar(4, 4, width() - 8, lh * 1.6);
  g.fillRect(bar, QColor(0xF2, 0xF2, 0xF2));
  if (!valid_ || lm_ + ce_ <= 0) return;
  const double total = lm_ + ce_;
  const double wl = bar.width() * std::max(0.0, lm_) / total;
  const QRectF l(bar.left(), bar.top(), wl, bar.height()), c(bar.left() + wl, bar.top(), bar.width() - wl, bar.height());
  g.fillRect(l, inspect_colors::kLm);
  if (has_ce_) g.fillRect(c, inspect_colors::kCe);
  g.setPen(Qt::white);
  const QString tl = tr("λ·L_LM %1").arg(lm_, 0, 'f', 3), tc = tr("(1−λ)·L_CE %1").arg(ce_, 0, 'f', 3);
  if (fm.horizontalAdvance(tl) < l.width() - 8) g.drawText(l, Qt::AlignCenter, tl);
  if (has_ce_ && fm.horizontalAdvance(tc) < c.width() - 8) g.drawText(c, Qt::AlignCenter, tc);
  // Shares under the bar, always readable.
  g.setPen(Qt::black);
  const QRectF under(bar.left(), bar.bottom() + 2, bar.width(), lh * 1.2);
  g.setPen(inspect_colors::kLm.darker(120));
  g.drawText(under, Qt::AlignLeft | Qt::AlignVCenter, tr("LM term: %1 of L").arg(pct(lm_ / total)));
  if (has_ce_) {
    g.setPen(inspect_colors::kCe.darker(120));
    g.drawText(under, Qt::AlignRight | Qt::AlignVCenter, tr("CE term: %1 of L").arg(pct(ce_ / total)));
  }
}

// ---- ConfusionMatrixView ----------------------------------------------------

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::set_report(const ValidationReport& r, const std::vector<std::string>& class_names) {
  rep_ = r;
  names_.clear();
  for (const auto& n : class_names) names_ << QString::fromStdString(n);
  update();
}

void ConfusionMatrixView::clear_report() {
  rep_ = {};
  update();
}

void ConfusionMatrixView::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
  QPainter g(this);
  g.fillRect(rect(), Qt::white);
  const QFont title = scaled(font(), 1.25, true), small = scaled(font(), 1.1);
  g.setFont(title);
  const QFontMetricsF fm(title);
  const double lh = fm.height();
  g.setPen(Qt::black);
  g.drawText(QRectF(0, 0, width(), lh), Qt::AlignCenter, tr("Confusion matrix"));
  g.setFont(small);
  g.setPen(QColor(0x44, 0x44, 0x44));
  g.drawText(QRectF(0, lh, width(), lh), Qt::AlignCenter, tr("rows: true class · columns: predicted"));
  g.setFont(title);
  g.setPen(Qt::black);
  const int C = rep_.n_class;
  if (C <= 0 || rep_.confusion.size() != static_cast<std::size_t>(C) * C) {
    g.setPen(Qt::gray);
    g.drawText(rect(), Qt::AlignCenter, tr("no validation report yet"));
    return;
  }
  double name_w = 0;
  for (const auto& n : names_) name_w = std::max(name_w, fm.horizontalAdvance(n));
  name_w = std::min(name_w + 8, width() * 0.3);
  const double top = lh * 3.3;
  const double side = std::min(width() - name_w - 8, height() - top - 4);
  if (side < 20) return;
  const double cell = side / C;
  const QRectF grid(name_w, top, cell * C, cell * C);
  for (int t = 0; t < C; ++t) {
    int64_t row = 0;
    for (int p = 0; p < C; ++p) row += rep_.at(t, p);
    for (int p = 0; p < C; ++p) {
      const int64_t v = rep_.at(t, p);
      const double share = row ? static_cast<double>(v) / static_cast<double>(row) : 0.0;
      const QColor base = t == p ? inspect_colors::kLm : inspect_colors::kCe;
      QColor c = base;
      c.setAlphaF(0.08 + 0.92 * share);
      const QRectF r(grid.left() + p * cell, grid.top() + t * cell, cell, cell);
      g.fillRect(r, Qt::white);
      g.fillRect(r, c);
      g.setPen(QColor(0xBB, 0xBB, 0xBB));
      g.drawRect(r);
      g.setFont(small);
      g.setPen(share > 0.55 ? Qt::white : Qt::black);
      g.drawText(r, Qt::AlignCenter, QString::number(v));
    }
    g.setFont(title);
    g.setPen(Qt::black);
    const QString name = t < names_.size() ? names_[t] : QString::number(t);
    g.drawText(QRectF(0, grid.top() + t * cell, name_w - 6, cell), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(name, Qt::ElideRight, name_w - 6));
  }
  g.setFont(small);
  for (int p = 0; p < C; ++p) {
    const QString name = p < names_.size() ? names_[p] : QString::number(p);
    g.drawText(QRectF(grid.left() + p * cell, lh * 2.1, cell, lh * 1.2), Qt::AlignCenter,
               QFontMetricsF(small).elidedText(name, Qt::ElideRight, cell - 2));
  }
}

// ---- ReliabilityView --------------------------------------------------------

ReliabilityView::ReliabilityView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ReliabilityView::set_report(const ValidationReport& r) {
  rep_ = r;
  valid_ = true;
  update();
}

void ReliabilityView::clear_report() {
  valid_ = false;
  update();
}

void ReliabilityView::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void ReliabilityView::paintEvent(QPaintEvent*) {
  QPainter g(this);
  g.setRenderHint(QPainter::Antialiasing);
  g.fillRect(rect(), Qt::white);
  const QFont title = scaled(font(), 1.25, true), small = scaled(font(), 1.05);
  g.setFont(title);
  const QFontMetricsF fm(title);
  const double lh = fm.height();
  g.setPen(Qt::black);
  g.drawText(QRectF(0, 0, width(), lh), Qt::AlignCenter,
             valid_ ? tr("Reliability: ECE %1").arg(rep_.ece, 0, 'f', 3) : tr("Reliability"));
  if (!valid_ || rep_.bins.empty()) {
    g.setPen(Qt::gray);
    g.drawText(rect(), Qt::AlignCenter, tr("no validation report yet"));
    return;
  }
  const double left = lh * 2.2, bottom_pad = lh * 2.4;
  const double side = std::min(width() - left - 8, height() - lh * 1.5 - bottom_pad);
  if (side < 20) return;
  const QRectF plot(left, lh * 1.4, side, side);
  g.setFont(small);
  for (int i = 0; i <= 4; ++i) {
    const double v = i / 4.0;
    const double y = plot.bottom() - plot.height() * v, x = plot.left() + plot.width() * v;
    g.setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 1));
    g.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    g.setPen(QColor(0x55, 0x55, 0x55));
    g.drawText(QRectF(0, y - lh / 2, plot.left() - 4, lh), Qt::AlignRight | Qt::AlignVCenter, QString::number(v));
    g.drawText(QRectF(x - 20, plot.bottom() + 2, 40, lh), Qt::AlignCenter, QString::number(v));
  }
  g.drawText(QRectF(0, plot.bottom() + lh, width(), lh), Qt::AlignCenter, tr("confidence"));
  g.save();
  g.translate(lh * 0.1, plot.center().y());
  g.rotate(-90);
  g.drawText(QRectF(-plot.height() / 2, 0, plot.height(), lh), Qt::AlignCenter, tr("accuracy"));
  g.restore();
  // Bars: accuracy per bin; the gap to the diagonal in vermillion.
  for (const auto& b : rep_.bins) {
    if (b.count == 0) continue;
    const double x0 = plot.left() + plot.width() * b.lo, w = plot.width() * (b.hi - b.lo);
    const double ya = plot.bottom() - plot.height() * b.accuracy;
    const double yc = plot.bottom() - plot.height() * b.mean_confidence;
    g.fillRect(QRectF(x0 + 1, ya, w - 2, plot.bottom() - ya), inspect_colors::kLm);
    g.setPen(QPen(inspect_colors::kCe, 2));
    g.setBrush(QBrush(inspect_colors::kCe, Qt::BDiagPattern));
    g.drawRect(QRectF(x0 + 1, std::min(ya, yc), w - 2, std::abs(ya - yc)));
    g.setBrush(Qt::NoBrush);
  }
  g.setPen(QPen(Qt::black, 2, Qt::DashLine));
  g.drawLine(plot.bottomLeft(), plot.topRight());
  g.setPen(QPen(Qt::black, 1.5));
  g.drawRect(plot);
  g.setFont(small);
  legend_swatch(g, {plot.left() + 6, plot.top() + 4}, inspect_colors::kLm, tr("accuracy in the bin"));
  legend_swatch(g, {plot.left() + 6, plot.top() + 4 + lh}, inspect_colors::kCe, tr("gap to confidence"));
}

}  // namespace losslab::ui
