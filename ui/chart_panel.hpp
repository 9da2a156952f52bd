// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard: LM loss, CE loss, total loss, accuracy/perplexity, and a
// thin strip of lambda, eps and learning rate over the steps, for every
// visible run at once. Draws from RunHistory columns; knows nothing of
// sessions. (Export, issue 7, renders these same charts at a fixed size.)
#pragma once

#include <QColor>
#include <QElapsedTimer>
#include <QWidget>
#include <functional>
#include <vector>

#include "ui/run_history.hpp"

class QCheckBox;
class QComboBox;
class QSlider;
class QLabel;
class QPushButton;

namespace losslab::ui {

class LossChart;

struct RunView {
  int id = 0;
  QString name;
  QColor color;
  RunHistory* history = nullptr;
  bool visible = true;
};

class ChartPanel : public QWidget {
  Q_OBJECT
 public:
  enum Kind { kLm = 0, kCe, kTotal, kAccuracy, kStrip, kCount };

  explicit ChartPanel(QWidget* parent = nullptr);

  // Where the runs come from; called on every redraw.
  void set_source(std::function<std::vector<RunView>()> source) { source_ = std::move(source); }
  // Draws every chart now (zoom, options, tests).
  void redraw();
  // The live path: draws one chart per event-loop turn, so the paint of one
  // chart runs between two (no single long stall of the GUI thread).
  void redraw_staggered();

  LossChart* chart(Kind k) const { return charts_[k]; }
  std::vector<LossChart*> charts() const { return {charts_, charts_ + kCount}; }

  double smoothing() const { return smoothing_; }
  void set_smoothing(double w);
  void set_log_y(bool on);
  bool log_y() const;
  void set_x_by_tokens(bool on);
  bool x_by_tokens() const { return by_tokens_; }
  void reset_zoom();
  // Presentation mode: larger fonts, thicker lines, darker grid (for a projector).
  void set_presentation(bool on);
  bool presentation() const { return presentation_; }
  int redraws() const { return redraws_; }
  // The row of chart options above the charts (hidden in exported plots).
  void set_options_visible(bool on) { options_row_->setVisible(on); }
  // Wall time of the last staggered pass, paints between its steps included.
  double last_pass_ms() const { return last_pass_ms_; }

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void draw_loss(LossChart* c, const std::vector<RunView>& runs, Kind k);
  void draw_accuracy(LossChart* c, const std::vector<RunView>& runs);
  void draw_strip(LossChart* c, const std::vector<RunView>& runs);
  void add_markers(LossChart* c, const std::vector<RunView>& runs);
  void draw(int k, std::vector<RunView>& runs);
  std::vector<RunView> visible_runs();
  void draw_next_staggered();
  int stagger_next_ = -1;  // the chart drawn next; -1 when idle
  QElapsedTimer pass_clock_;
  double last_pass_ms_ = 0;
  bool stagger_again_ = false;

  std::function<std::vector<RunView>()> source_;
  LossChart* charts_[kCount] = {};
  double smoothing_ = 0.6;
  bool by_tokens_ = false;
  int redraws_ = 0;
  QSlider* smooth_slider_;
  QLabel* smooth_label_;
  QCheckBox* log_box_;
  QComboBox* x_box_;
  QLabel* smooth_title_ = nullptr;
  QLabel* hint_label_ = nullptr;
  QPushButton* reset_zoom_button_ = nullptr;
  bool presentation_ = false;
  QWidget* options_row_;
};

}  // namespace losslab::ui
