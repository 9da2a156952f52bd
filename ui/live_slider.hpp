// SPDX-License-Identifier: GPL-3.0-or-later
// One live setting as an instrument: a slider (linear, quadratic for fine
// control near 0, or logarithmic), a spin box for the exact value, and the
// current value in large type, readable from the back of a room.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

class QSlider;
class QDoubleSpinBox;
class QLabel;
class QTimer;

namespace losslab::ui {

class LiveSlider : public QWidget {
  Q_OBJECT
 public:
  enum class Scale { Linear, Quadratic, Log };
  LiveSlider(const QString& key, const QString& title, double lo, double hi, Scale scale, int decimals,
             QWidget* parent = nullptr);

  QString key() const { return key_; }
  double value() const { return value_; }
  // Shows a value without emitting valueEdited (e.g. the selected run's setting).
  void set_value(double v);
  // True while the user is moving it (the window then does not overwrite it).
  bool busy() const;
  void set_tooltip(const QString& text);
  void set_title(const QString& title);

  QSlider* slider() const { return slider_; }
  QDoubleSpinBox* spin_box() const { return spin_; }
  QLabel* value_label() const { return big_; }

  // Slider position (0..kSteps) <-> value.
  static constexpr int kSteps = 1000;
  double to_value(int pos) const;
  int to_pos(double v) const;

 signals:
  // The user changed the value. While the slider is dragged this is emitted
  // at most every 80 ms (and once more with the final value).
  void valueEdited(const QString& key, double value);

 private:
  QLabel* title_ = nullptr;
  void user_changed(double v, QObject* source);
  void show_value(double v);
  QString text(double v) const;

  QString key_;
  double lo_, hi_;
  Scale scale_;
  int decimals_;
  double value_ = 0;
  bool updating_ = false;
  QSlider* slider_;
  QDoubleSpinBox* spin_;
  QLabel* big_;
  QTimer* throttle_;
  QElapsedTimer last_emit_;
  bool pending_ = false;
};

}  // namespace losslab::ui
