// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chart_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "ui/loss_chart.hpp"

namespace losslab::ui {
namespace {

QColor faint(QColor c, int alpha = 70) {
  c.setAlpha(alpha);
  return c;
}

QString fmt_value(const nlohmann::json& v) {
  if (v.is_number()) {
    const double d = v.get<double>();
    if (d != 0 && (std::fabs(d) < 1e-2 || std::fabs(d) >= 1e4)) return QString::number(d, 'e', 1);
    return QString::number(d, 'g', 3);
  }
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  return QString::fromStdString(v.dump());
}

QString event_label(const SessionEvent& e) {
  if (e.kind == "set") {
    QString key = QString::fromStdString(e.key);
    if (key == "lambda") key = QStringLiteral("λ");
    else if (key == "eps") key = QStringLiteral("ε");
    return key + "=" + fmt_value(e.new_value);
  }
  if (e.kind == "step_lm_only") return ChartPanel::tr("LM only");
  if (e.kind == "step_ce_only") return ChartPanel::tr("CE only");
  if (e.kind == "divergence") return ChartPanel::tr("diverged");
  if (e.kind == "rollback") return ChartPanel::tr("rolled back");
  return QString::fromStdString(e.kind);
}

}  // namespace

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent) {
  for (int k = 0; k < kCount; ++k) charts_[k] = new LossChart(QString(), QString(), this);
  charts_[kAccuracy]->set_right_axis(QString());
  charts_[kStrip]->set_right_axis(QString());
  charts_[kStrip]->set_fixed_left_range(-0.03, 1.03);
  charts_[kStrip]->setMinimumHeight(220);
  charts_[kStrip]->setMaximumHeight(260);
  charts_[kStrip]->set_legend_alignment(Qt::AlignRight);
  for (LossChart* c : charts_) {
    c->setMinimumSize(320, 150);
    connect(c, &LossChart::redrawNeeded, this, &ChartPanel::redraw);
    connect(c, &LossChart::hovered, this, [this](double x) {
      for (LossChart* o : charts_) o->hover_at(x);
    });
  }

  // The chart options row.
  smooth_slider_ = new QSlider(Qt::Horizontal, this);
  smooth_slider_->setRange(0, 999);
  smooth_slider_->setValue(600);
  smooth_slider_->setMaximumWidth(200);
  smooth_slider_->setMinimumWidth(100);
  smooth_label_ = new QLabel(this);
  smooth_label_->setMinimumWidth(QFontMetrics(font()).horizontalAdvance("0.000") + 4);
  log_box_ = new QCheckBox(this);
  x_box_ = new QComboBox(this);
  x_box_->addItems({QString(), QString()});
  auto* reset = reset_zoom_button_ = new QPushButton(this);
  auto* hint = hint_label_ = new QLabel(this);
  hint->setEnabled(false);
  hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a hint gives way to the charts
  hint->setMinimumWidth(0);

  options_row_ = new QWidget(this);
  auto* opts = new QHBoxLayout(options_row_);
  opts->setContentsMargins(0, 0, 0, 0);
  smooth_title_ = new QLabel(this);
  opts->addWidget(smooth_title_);
  opts->addWidget(smooth_slider_);
  opts->addWidget(smooth_label_);
  opts->addSpacing(16);
  opts->addWidget(log_box_);
  opts->addSpacing(16);
  opts->addWidget(x_box_);
  opts->addSpacing(16);
  opts->addWidget(reset);
  opts->addStretch(1);
  opts->addWidget(hint);

  auto* grid = new QGridLayout;
  grid->setSpacing(4);
  grid->addWidget(charts_[kLm], 0, 0);
  grid->addWidget(charts_[kCe], 0, 1);
  grid->addWidget(charts_[kTotal], 1, 0);
  grid->addWidget(charts_[kAccuracy], 1, 1);
  grid->addWidget(charts_[kStrip], 2, 0, 1, 2);
  grid->setRowStretch(0, 1);
  grid->setRowStretch(1, 1);
  grid->setColumnStretch(0, 1);  // two columns of equal width, whatever their titles ask for
  grid->setColumnStretch(1, 1);

  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->addWidget(options_row_);
  lay->addLayout(grid, 1);

  connect(smooth_slider_, &QSlider::valueChanged, this, [this](int v) { set_smoothing(v / 1000.0); });
  connect(log_box_, &QCheckBox::toggled, this, &ChartPanel::set_log_y);
  connect(x_box_, &QComboBox::currentIndexChanged, this, [this](int i) { set_x_by_tokens(i == 1); });
  connect(reset, &QPushButton::clicked, this, &ChartPanel::reset_zoom);
  smooth_label_->setText(QString::number(smoothing_, 'f', 3));
  retranslate();
}

void ChartPanel::retranslate() {
  charts_[kLm]->set_title(tr("LM loss  (next character)"));
  charts_[kCe]->set_title(tr("CE loss  (classification)"));
  charts_[kTotal]->set_title(tr("Total loss  L = λ·L_LM + (1−λ)·L_CE"));
  charts_[kAccuracy]->set_title(tr("Accuracy and perplexity"));
  for (Kind k : {kLm, kCe, kTotal}) charts_[k]->set_y_title(tr("loss"));
  charts_[kAccuracy]->set_y_title(tr("accuracy"));
  charts_[kAccuracy]->set_right_axis(tr("perplexity"));
  charts_[kStrip]->set_y_title(tr("λ, ε"));
  charts_[kStrip]->set_right_axis(tr("lr"));
  for (LossChart* c : charts_) c->set_x_title(by_tokens_ ? tr("tokens seen") : tr("step"));
  smooth_title_->setText(tr("Smoothing"));
  smooth_slider_->setToolTip(tr("Smoothing of the training curves, as TensorBoard does it (debiased EMA, 0–0.999).\n"
                                "The raw curve stays faint behind the smoothed one."));
  smooth_label_->setToolTip(smooth_slider_->toolTip());
  log_box_->setText(tr("Log y"));
  log_box_->setToolTip(tr("Logarithmic loss axis: small changes at low loss become visible"));
  x_box_->setItemText(0, tr("x: steps"));
  x_box_->setItemText(1, tr("x: tokens seen"));
  x_box_->setToolTip(tr("Horizontal axis: optimiser steps, or training tokens seen"));
  reset_zoom_button_->setText(tr("Reset zoom"));
  reset_zoom_button_->setToolTip(
      tr("Drag a rectangle on a chart to zoom; double-click or right-click (or this button) to reset"));
  hint_label_->setText(tr("Drag to zoom · double-click to reset · hover for values"));
  if (source_) redraw();  // legend names and reference-line labels are drawn texts
}

void ChartPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void ChartPanel::set_presentation(bool on) {
  presentation_ = on;
  for (LossChart* c : charts_) c->set_scale(on ? 1.3 : 1.0);
  hint_label_->setVisible(!on);
  charts_[kStrip]->setVisible(!on);  // the four loss charts get the height of a projector
  redraw();
}

void ChartPanel::set_smoothing(double w) {
  w = std::clamp(w, 0.0, 0.999);
  if (w == smoothing_) return;
  smoothing_ = w;
  smooth_label_->setText(QString::number(w, 'f', 3));
  const int pos = static_cast<int>(std::lround(w * 1000));
  if (smooth_slider_->value() != pos) smooth_slider_->setValue(pos);
  redraw();
}

void ChartPanel::set_log_y(bool on) {
  if (log_box_->isChecked() != on) log_box_->setChecked(on);
  for (Kind k : {kLm, kCe, kTotal}) charts_[k]->set_log_y(on);
  redraw();
}
bool ChartPanel::log_y() const { return log_box_->isChecked(); }

void ChartPanel::set_x_by_tokens(bool on) {
  by_tokens_ = on;
  if (x_box_->currentIndex() != (on ? 1 : 0)) x_box_->setCurrentIndex(on ? 1 : 0);
  for (LossChart* c : charts_) {
    c->set_x_title(on ? tr("tokens seen") : tr("step"));
    c->reset_zoom();
  }
  redraw();
}

void ChartPanel::reset_zoom() {
  for (LossChart* c : charts_) c->reset_zoom();
  redraw();
}

void ChartPanel::add_markers(LossChart* c, const std::vector<RunView>& runs) {
  for (const RunView& r : runs) {
    const auto& ev = r.history->events;
    // A drag of a slider logs a change every few steps: changes of one key
    // close together (within 1% of the run's steps) make one marker, labelled
    // with the value it ended at and the value before the first.
    const double last = r.history->step.empty() ? 0.0 : r.history->step.back();
    const double near = std::max(3.0, 0.01 * last);
    for (std::size_t i = 0; i < ev.size(); ++i) {
      const SessionEvent& e = ev[i];
      if (e.kind == "reset") continue;
      QString label = event_label(e);
      if (e.kind == "set") {
        std::size_t j = i;
        while (j + 1 < ev.size() && ev[j + 1].kind == "set" && ev[j + 1].key == e.key &&
               static_cast<double>(ev[j + 1].step - ev[j].step) <= near)
          ++j;
        if (j > i) {
          label = event_label(ev[j]);
          label.replace("=", QStringLiteral(" %1→").arg(fmt_value(e.old_value)));
        }
        i = j;
      }
      const double x = by_tokens_ ? r.history->tokens_at(static_cast<double>(e.step)) : static_cast<double>(e.step);
      const QColor color = e.kind == "divergence" ? QColor(Qt::red) : r.color;
      c->add(LossChart::Marker{x, label, color});
    }
  }
}

void ChartPanel::draw_loss(LossChart* c, const std::vector<RunView>& runs, Kind k) {
  c->begin_frame();
  for (const RunView& r : runs) {
    RunHistory& h = *r.history;
    const auto& x = by_tokens_ ? h.tokens : h.step;
    const auto& vx = by_tokens_ ? h.v_tokens : h.v_step;
    const QString id = QString("r%1/").arg(r.id);
    const std::vector<double>* raw = k == kLm ? &h.lm : k == kCe ? &h.ce : &h.loss;
    const std::vector<double>* sm = k == kLm ? &h.s_lm : k == kCe ? &h.s_ce : &h.s_loss;
    const std::vector<double>* val = k == kLm ? &h.v_lm : k == kCe ? &h.v_ce : &h.v_loss;
    const std::vector<double>* floor = k == kLm ? &h.floor_lm : k == kCe ? &h.floor_ce : &h.floor_total;
    c->add(LossChart::Line{id + "raw", tr("%1 raw").arg(r.name), x, *raw, faint(r.color), 1.0, Qt::SolidLine, false});
    c->add(LossChart::Line{id + "floor", tr("%1 H(q) floor").arg(r.name), x, *floor, r.color.lighter(120), 1.6,
                           Qt::DotLine, false});
    if (k == kTotal)
      c->add(LossChart::Line{id + "chance", tr("chance"), x, h.chance_total, QColor(120, 120, 120), 1.4,
                             Qt::DashLine, false});
    c->add(LossChart::Line{id + "smooth", r.name, x, *sm, r.color, 2.6});
    c->add(LossChart::Points{id + "val", tr("%1 validation").arg(r.name), vx, *val, r.color.darker(125), 10.0});
  }
  // Chance level, for the first visible run's vocabulary and classes, and
  // the name of its floor line (the lowest loss label smoothing allows).
  if (!runs.empty()) {
    const RunHistory& h = *runs.front().history;
    const std::vector<double>& floor = k == kLm ? h.floor_lm : k == kCe ? h.floor_ce : h.floor_total;
    if (!floor.empty() && std::isfinite(floor.back()))
      c->add(LossChart::RefLine{floor.back(),
                                tr("floor H(q) = %1  (ε = %2)").arg(floor.back(), 0, 'f', 2).arg(h.eps.back(), 0, 'g', 3),
                                runs.front().color, LossChart::Axis::Left, false});
    if (k == kTotal && !h.chance_total.empty() && std::isfinite(h.chance_total.back()))
      c->add(LossChart::RefLine{h.chance_total.back(),
                                tr("chance: λ ln V + (1−λ) ln C = %1").arg(h.chance_total.back(), 0, 'f', 2),
                                QColor(110, 110, 110), LossChart::Axis::Left, false});
    if (k == kLm && h.vocab > 1)
      c->add(LossChart::RefLine{std::log(h.vocab), tr("chance: ln V = %1").arg(std::log(h.vocab), 0, 'f', 2),
                                QColor(110, 110, 110)});
    if (k == kCe && h.classes > 1)
      c->add(LossChart::RefLine{std::log(h.classes), tr("chance: ln C = %1").arg(std::log(h.classes), 0, 'f', 2),
                                QColor(110, 110, 110)});
  }
  add_markers(c, runs);
  c->end_frame();
}

void ChartPanel::draw_accuracy(LossChart* c, const std::vector<RunView>& runs) {
  c->begin_frame();
  for (const RunView& r : runs) {
    RunHistory& h = *r.history;
    const auto& x = by_tokens_ ? h.tokens : h.step;
    const auto& vx = by_tokens_ ? h.v_tokens : h.v_step;
    const QString id = QString("r%1/").arg(r.id);
    c->add(LossChart::Line{id + "acc_raw", tr("%1 accuracy raw").arg(r.name), x, h.acc, faint(r.color), 1.0,
                           Qt::SolidLine, false});
    c->add(LossChart::Line{id + "acc", tr("%1 accuracy").arg(r.name), x, h.s_acc, r.color, 2.6});
    // Solid: a dashed pen on a noisy polyline (smoothing 0) costs Qt's raster engine 100x more.
    c->add(LossChart::Line{id + "ppl", tr("%1 perplexity").arg(r.name), x, h.s_ppl, r.color.darker(140), 1.4, Qt::SolidLine, true,
                           LossChart::Axis::Right});
    c->add(LossChart::Points{id + "vacc", tr("%1 val accuracy").arg(r.name), vx, h.v_acc, r.color.darker(125), 10.0});
    c->add(LossChart::Points{id + "vppl", tr("%1 val perplexity").arg(r.name), vx, h.v_ppl, r.color.darker(125), 7.0,
                             LossChart::Axis::Right});
  }
  add_markers(c, runs);
  c->end_frame();
}

void ChartPanel::draw_strip(LossChart* c, const std::vector<RunView>& runs) {
  c->begin_frame();
  bool first = true;
  for (const RunView& r : runs) {
    RunHistory& h = *r.history;
    const auto& x = by_tokens_ ? h.tokens : h.step;
    const QString id = QString("r%1/").arg(r.id);
    const QString p = first ? QString() : r.name + " ";
    c->add(LossChart::Line{id + "lambda", p + QStringLiteral("λ"), x, h.lambda, r.color, 2.2, Qt::SolidLine, first});
    c->add(LossChart::Line{id + "eps", p + QStringLiteral("ε"), x, h.eps, r.color, 2.2, Qt::DashLine, first});
    c->add(LossChart::Line{id + "lr", p + tr("lr"), x, h.lr, r.color, 1.8, Qt::DotLine, first,
                           LossChart::Axis::Right});
    first = false;
  }
  add_markers(c, runs);
  c->end_frame();
}

std::vector<RunView> ChartPanel::visible_runs() {
  if (!source_) return {};
  std::vector<RunView> runs = source_();
  std::erase_if(runs, [](const RunView& r) { return !r.visible || !r.history; });
  for (RunView& r : runs) r.history->set_smoothing(smoothing_);
  return runs;
}

void ChartPanel::draw(int k, std::vector<RunView>& runs) {
  switch (k) {
    case kLm: draw_loss(charts_[kLm], runs, kLm); break;
    case kCe: draw_loss(charts_[kCe], runs, kCe); break;
    case kTotal: draw_loss(charts_[kTotal], runs, kTotal); break;
    case kAccuracy: draw_accuracy(charts_[kAccuracy], runs); break;
    case kStrip: draw_strip(charts_[kStrip], runs); break;
    default: break;
  }
}

void ChartPanel::redraw() {
  if (!source_) return;
  std::vector<RunView> runs = visible_runs();
  for (int k = 0; k < kCount; ++k) draw(k, runs);
  ++redraws_;
}

void ChartPanel::redraw_staggered() {
  if (!source_) return;
  if (stagger_next_ >= 0) {  // a pass is under way: one more after it
    stagger_again_ = true;
    return;
  }
  stagger_next_ = 0;
  pass_clock_.start();
  draw_next_staggered();
}

void ChartPanel::draw_next_staggered() {
  if (stagger_next_ < 0) return;
  std::vector<RunView> runs = visible_runs();
  draw(stagger_next_, runs);
  if (++stagger_next_ < kCount) {
    QTimer::singleShot(1, this, &ChartPanel::draw_next_staggered);
    return;
  }
  stagger_next_ = -1;
  last_pass_ms_ = pass_clock_.nsecsElapsed() / 1e6;
  ++redraws_;
  if (stagger_again_) {
    stagger_again_ = false;
    QTimer::singleShot(1, this, &ChartPanel::redraw_staggered);
  }
}

}  // namespace losslab::ui
