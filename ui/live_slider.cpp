// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/live_slider.hpp"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>
#include <algorithm>
#include <cmath>

namespace losslab::ui {

LiveSlider::LiveSlider(const QString& key, const QString& title, double lo, double hi, Scale scale, int decimals,
                       QWidget* parent)
    : QWidget(parent), key_(key), lo_(lo), hi_(hi), scale_(scale), decimals_(decimals) {
  auto* name = title_ = new QLabel(title, this);
  QFont nf = name->font();
  nf.setPointSizeF(nf.pointSizeF() * 1.25);
  nf.setBold(true);
  name->setFont(nf);

  big_ = new QLabel(this);
  QFont bf = big_->font();
  bf.setPointSizeF(26);
  bf.setBold(true);
  big_->setFont(bf);
  big_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  big_->setMinimumWidth(QFontMetrics(bf).horizontalAdvance("3.0e-05") + 8);

  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setRange(0, kSteps);
  slider_->setSingleStep(scale == Scale::Linear ? 10 : 5);
  slider_->setPageStep(100);
  slider_->setMinimumHeight(28);

  spin_ = new QDoubleSpinBox(this);
  spin_->setRange(lo, hi);
  spin_->setDecimals(decimals);
  spin_->setKeyboardTracking(false);
  if (scale == Scale::Log) {
    spin_->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
  } else {
    spin_->setSingleStep(std::pow(10.0, -std::min(decimals, 2)));
  }
  spin_->setMinimumWidth(100);

  auto* g = new QGridLayout(this);
  g->setContentsMargins(0, 4, 0, 4);
  g->addWidget(name, 0, 0);
  g->addWidget(big_, 0, 1, 2, 1);
  g->addWidget(spin_, 1, 0, Qt::AlignLeft);
  g->addWidget(slider_, 2, 0, 1, 2);
  g->setColumnStretch(0, 1);

  throttle_ = new QTimer(this);
  throttle_->setSingleShot(true);
  connect(throttle_, &QTimer::timeout, this, [this] {
    if (pending_) {
      pending_ = false;
      last_emit_.restart();
      emit valueEdited(key_, value_);
    }
  });
  last_emit_.start();

  connect(slider_, &QSlider::valueChanged, this, [this](int pos) {
    if (updating_) return;
    user_changed(to_value(pos), slider_);
  });
  connect(slider_, &QSlider::sliderReleased, this, [this] {
    if (pending_) {
      throttle_->stop();
      pending_ = false;
      last_emit_.restart();
      emit valueEdited(key_, value_);
    }
  });
  connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (updating_) return;
    user_changed(v, spin_);
  });
  show_value(lo);
}

double LiveSlider::to_value(int pos) const {
  const double f = std::clamp(pos, 0, kSteps) / static_cast<double>(kSteps);
  double v = 0;
  switch (scale_) {
    case Scale::Linear: v = lo_ + f * (hi_ - lo_); break;
    case Scale::Quadratic: v = lo_ + f * f * (hi_ - lo_); break;
    case Scale::Log: v = std::exp(std::log(lo_) + f * (std::log(hi_) - std::log(lo_))); break;
  }
  // Round to what the spin box shows, so slider, spin box and session agree exactly.
  if (scale_ == Scale::Log) {
    const double p = std::pow(10.0, std::floor(std::log10(v)) - 1);  // two significant digits
    v = std::round(v / p) * p;
  } else {
    const double p = std::pow(10.0, decimals_);
    v = std::round(v * p) / p;
  }
  return std::clamp(v, lo_, hi_);
}

int LiveSlider::to_pos(double v) const {
  v = std::clamp(v, lo_, hi_);
  double f = 0;
  switch (scale_) {
    case Scale::Linear: f = (v - lo_) / (hi_ - lo_); break;
    case Scale::Quadratic: f = std::sqrt((v - lo_) / (hi_ - lo_)); break;
    case Scale::Log: f = (std::log(v) - std::log(lo_)) / (std::log(hi_) - std::log(lo_)); break;
  }
  return static_cast<int>(std::lround(f * kSteps));
}

QString LiveSlider::text(double v) const {
  if (scale_ == Scale::Log) return QString::number(v, 'e', 1);
  return QString::number(v, 'f', std::min(decimals_, 3));
}

void LiveSlider::show_value(double v) {
  value_ = v;
  updating_ = true;
  slider_->setValue(to_pos(v));
  spin_->setValue(v);
  updating_ = false;
  big_->setText(text(v));
}

void LiveSlider::set_value(double v) {
  if (!std::isfinite(v) || v == value_) return;
  show_value(v);
}

bool LiveSlider::busy() const { return slider_->isSliderDown() || pending_ || spin_->hasFocus(); }

void LiveSlider::set_title(const QString& title) { title_->setText(title); }

void LiveSlider::set_tooltip(const QString& t) {
  for (QWidget* w : {static_cast<QWidget*>(slider_), static_cast<QWidget*>(spin_), static_cast<QWidget*>(big_)})
    w->setToolTip(t);
  setToolTip(t);
}

void LiveSlider::user_changed(double v, QObject* source) {
  // Keep every view of the value in step, without feeding back.
  value_ = v;
  updating_ = true;
  if (source != slider_) slider_->setValue(to_pos(v));
  if (source != spin_) spin_->setValue(v);
  updating_ = false;
  big_->setText(text(v));
  // Throttle: at once if the last emission is old enough, else once the interval ends.
  if (!throttle_->isActive() && last_emit_.elapsed() >= 80) {
    last_emit_.restart();
    emit valueEdited(key_, v);
  } else {
    pending_ = true;
    if (!throttle_->isActive()) throttle_->start(std::max<qint64>(1, 80 - last_emit_.elapsed()));
  }
}

}  // namespace losslab::ui
