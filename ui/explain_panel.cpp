// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/explain_panel.hpp"

#include <QElapsedTimer>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "losslab/session.hpp"
#include "ui/inspect_charts.hpp"
#include "ui/run_history.hpp"

namespace losslab::ui {
namespace {


QString num(double v, int decimals = 3) { return QString::number(v, 'f', decimals); }

QString colored(const QColor& c, const QString& text) {
  return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(c.name(), text);
}

constexpr int kLmTokensShown = 7;  // the target and the most probable others; the rest summed

}  // namespace

ExplainPanel::ExplainPanel(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  title_ = new QLabel(this);
  title_->setFont(scaled(font(), 1.3, true));
  symbolic_ = new QLabel(this);
  symbolic_->setFont(scaled(font(), 1.7));
  symbolic_->setTextFormat(Qt::RichText);
  symbolic_->setWordWrap(true);
  numbers_ = new QLabel(this);
  numbers_->setFont(scaled(font(), 1.7, true));
  numbers_->setWordWrap(true);
  numbers_->setTextFormat(Qt::RichText);
  numbers_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  step_label_ = new QLabel(this);
  step_label_->setFont(scaled(font(), 1.1));
  bars_ = new ContributionBars(this);
  v->addWidget(title_);
  v->addWidget(symbolic_);
  v->addWidget(numbers_);
  v->addWidget(step_label_);
  v->addWidget(bars_);

  example_group_ = new QGroupBox(this);
  example_group_->setFont(scaled(font(), 1.15, true));
  auto* eg = new QVBoxLayout(example_group_);
  auto* row = new QHBoxLayout;
  example_label_ = new QLabel(example_group_);
  example_ = new QSpinBox(example_group_);
  example_->setRange(0, 0);
  position_label_ = new QLabel(example_group_);
  position_ = new QSpinBox(example_group_);
  position_->setRange(0, 9999);  // narrowed to the example once it is explained
  position_->setValue(3);
  for (QWidget* w : {static_cast<QWidget*>(example_label_), static_cast<QWidget*>(example_),
                     static_cast<QWidget*>(position_label_), static_cast<QWidget*>(position_)}) {
    w->setFont(scaled(font(), 1.2));
    row->addWidget(w);
  }
  row->addStretch(1);
  eg->addLayout(row);
  text_label_ = new QLabel(example_group_);
  text_label_->setFont(scaled(font(), 1.6));
  text_label_->setTextFormat(Qt::RichText);
  text_label_->setWordWrap(true);
  eg->addWidget(text_label_);
  class_title_ = new QLabel(example_group_);
  class_title_->setFont(scaled(font(), 1.2, true));
  class_chart_ = new DistributionChart(example_group_);
  class_note_ = new QLabel(example_group_);
  class_note_->setFont(scaled(font(), 1.1));
  class_note_->setTextFormat(Qt::RichText);
  class_note_->setWordWrap(true);
  class_note_->setMinimumHeight(static_cast<int>(QFontMetricsF(class_note_->font()).lineSpacing() * 2.3));
  lm_title_ = new QLabel(example_group_);
  lm_title_->setFont(scaled(font(), 1.2, true));
  lm_chart_ = new DistributionChart(example_group_);
  lm_note_ = new QLabel(example_group_);
  lm_note_->setFont(scaled(font(), 1.1));
  lm_note_->setTextFormat(Qt::RichText);
  lm_note_->setWordWrap(true);
  lm_note_->setMinimumHeight(static_cast<int>(QFontMetricsF(lm_note_->font()).lineSpacing() * 2.3));
  for (QWidget* w : {static_cast<QWidget*>(class_title_), static_cast<QWidget*>(class_chart_),
                     static_cast<QWidget*>(class_note_), static_cast<QWidget*>(lm_title_),
                     static_cast<QWidget*>(lm_chart_), static_cast<QWidget*>(lm_note_)})
    eg->addWidget(w, w == class_chart_ || w == lm_chart_ ? 1 : 0);
  v->addWidget(example_group_, 1);

  connect(example_, &QSpinBox::valueChanged, this, [this] { recompute(); });
  connect(position_, &QSpinBox::valueChanged, this, [this] { recompute(); });
  poll_timer_ = new QTimer(this);
  poll_timer_->setInterval(40);
  connect(poll_timer_, &QTimer::timeout, this, &ExplainPanel::poll);
  poll_timer_->start();
  retranslate();
  show_formula();
}

ExplainPanel::~ExplainPanel() { feed_.shutdown(); }  // no job may post to a half-destroyed panel

void ExplainPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void ExplainPanel::retranslate() {
  title_->setText(tr("What the loss is made of"));
  symbolic_->setText(tr("L = λ · L<sub>LM</sub> + (1 − λ) · L<sub>CE</sub>"));
  symbolic_->setToolTip(tr("The training loss mixes the language-model loss and the classification loss with "
                           "the weight λ; both use label smoothing ε"));
  numbers_->setToolTip(tr("The same formula with the numbers of the last training step of the current run"));
  step_label_->setToolTip(tr("The step the numbers above come from"));
  bars_->setToolTip(tr("How much each weighted term adds to L: blue λ·L_LM, vermillion (1−λ)·L_CE"));
  example_group_->setTitle(tr("One validation example"));
  example_label_->setText(tr("Example"));
  example_->setToolTip(tr("Which example of the validation split to look at"));
  example_label_->setToolTip(example_->toolTip());
  position_label_->setText(tr("Position"));
  position_->setToolTip(tr("Which character of the example the LM head predicts (0 = the first; the last "
                           "position predicts the end of the text)"));
  position_label_->setToolTip(position_->toolTip());
  text_label_->setToolTip(tr("The example; the highlighted character is the LM target at the chosen position"));
  class_title_->setText(tr("Class head"));
  class_chart_->setToolTip(tr("For each class: the smoothed target q (green) and the model's probability p "
                              "(orange). The true class is highlighted."));
  lm_title_->setText(tr("LM head at the chosen position"));
  lm_chart_->setToolTip(tr("For the target character and the model's favourites: q (green) and p (orange); "
                           "\"others\" sums every remaining character"));
  class_note_->setToolTip(class_chart_->toolTip());
  lm_note_->setToolTip(lm_chart_->toolTip());
  show_formula();
  if (explanation_) show_explanation(*explanation_, compute_ms_);
}

void ExplainPanel::show_run(int run_id, Session* session, const RunHistory* history) {
  if (!session) {
    run_id_ = 0;
    snap_.reset();
    explanation_.reset();
    formula_ = {};
    show_formula();
    class_chart_->set_items({});
    lm_chart_->set_items({});
    text_label_->clear();
    class_note_->clear();
    lm_note_->clear();
    return;
  }
  const bool new_run = run_id != run_id_;
  if (new_run) {
    run_id_ = run_id;
    snap_.reset();
    explanation_.reset();
  }
  // The numbers change every step: shown a few times a second, so a class can read them.
  const bool formula_due = new_run || !formula_clock_.isValid() || formula_clock_.elapsed() >= refresh_ms_ ||
                           !history || history->size() == 0 ||
                           static_cast<int64_t>(history->step.back()) < formula_.step;
  if (formula_due) update_formula(history);

  bool moved = !snap_ || new_run || session->step() != snap_->step;
  if (!moved) {
    const RunSettings s = session->settings();
    moved = s.eps != snap_->settings.eps || s.lambda != snap_->settings.lambda;
  }
  const bool due = !since_request_.isValid() || since_request_.elapsed() >= refresh_ms_ || new_run;
  if (moved && due && feed_.request(*session, run_id)) since_request_.restart();
}

void ExplainPanel::update_formula(const RunHistory* history) {
  formula_ = {};
  if (history && history->size() > 0) {
    const std::size_t i = history->size() - 1;
    formula_.valid = true;
    formula_.step = static_cast<int64_t>(history->step[i]);
    formula_.loss = history->loss[i];
    formula_.lambda = history->lambda[i];
    formula_.lm = history->lm[i];
    formula_.ce = history->ce[i];
    formula_.has_ce = history->classes > 1;
  }
  show_formula();
  formula_clock_.restart();
}

void ExplainPanel::show_formula() {
  const Formula& f = formula_;
  if (!f.valid) {
    numbers_->setText(tr("no training step yet"));
    step_label_->clear();
    bars_->clear_terms();
    return;
  }
  const QString lm = colored(inspect_colors::kLm, num(f.lm)), ce = colored(inspect_colors::kCe, num(f.ce));
  if (f.has_ce)
    numbers_->setText(QStringLiteral("%1 = %2 × %3 + %4 × %5")
                          .arg(num(f.loss), num(f.lambda), lm, num(1.0 - f.lambda), ce));
  else
    numbers_->setText(tr("%1 = %2 (no labels: L is the LM loss alone)").arg(num(f.loss), lm));
  step_label_->setText(tr("step %1 (last training batch)").arg(f.step));
  bars_->set_terms(f.lambda * f.lm, f.has_ce ? (1.0 - f.lambda) * f.ce : 0.0, f.has_ce);
}

void ExplainPanel::poll() {
  int id = 0;
  auto snap = feed_.take(&id);
  if (!snap || id != run_id_ || !snap->data) return;
  snap_ = std::move(snap);
  const int n_val = static_cast<int>(snap_->data->val.size());
  {
    const QSignalBlocker block(example_);
    example_->setRange(0, std::max(0, n_val - 1));
  }
  recompute();
}

void ExplainPanel::recompute() {
  if (!snap_ || snap_->data->val.empty()) return;
  const auto snap = snap_;
  const int idx = example_->value(), pos = position_->value();
  const uint64_t serial = ++job_serial_;
  feed_.post(0, [this, snap, idx, pos, serial] {
    QElapsedTimer t;
    t.start();
    std::optional<ExampleExplanation> e;
    QString error;
    try {
      e = explain_example(*snap, *snap->data, idx, pos, snap->settings.eps);
    } catch (const std::exception& ex) {
      error = QString::fromStdString(ex.what());
    }
    const double ms = t.nsecsElapsed() / 1e6;
    QMetaObject::invokeMethod(
        this,
        [this, e = std::move(e), error, ms, serial] {
          if (serial != job_serial_) return;  // a newer question is on its way
          if (e) {
            explanation_ = *e;
            show_explanation(*e, ms);
            emit explained();
          } else {
            text_label_->setText(error.toHtmlEscaped());
          }
        },
        Qt::QueuedConnection);
  });
}

void ExplainPanel::show_explanation(const ExampleExplanation& e, double ms) {
  compute_ms_ = ms;
  {
    const QSignalBlocker block(position_);
    position_->setRange(0, std::max(0, e.n_positions - 1));
    position_->setValue(e.lm_position);
  }
  // The text with the target character marked.
  const std::u32string cps = QString::fromStdString(e.text).toStdU32String();
  QString before, after, tail;  // tail: the end of the context, for the note
  constexpr int kTail = 20;
  for (int i = 0; i < static_cast<int>(cps.size()); ++i) {
    const QString ch = QString::fromStdU32String(std::u32string(1, cps[i])).toHtmlEscaped();
    if (i < e.lm_position) before += ch;
    else if (i > e.lm_position && i < e.n_positions - 1) after += ch;
    if (i < e.lm_position && i >= e.lm_position - kTail) tail += ch;
  }
  if (e.lm_position > kTail) tail = QStringLiteral("…") + tail;
  const QString target = e.lm_position == e.n_positions - 1 ? QStringLiteral("⟨eos⟩")
                                                             : display_token(e.lm_target.text).toHtmlEscaped();
  text_label_->setText(QStringLiteral("“%1<span style=\"background:#FFE680;\"><b><u>%2</u></b></span>"
                                      "<span style=\"color:#777777\">%3</span>”%4")
                           .arg(before, target, after, e.truncated ? tr(" (cut)") : QString()));

  if (e.n_class > 0 && snap_) {
    std::vector<DistributionChart::Item> items;
    for (int k = 0; k < e.n_class; ++k) {
      const QString name = k < static_cast<int>(snap_->class_names.size())
                               ? QString::fromStdString(snap_->class_names[k])
                               : QString::number(k);
      items.push_back({name, e.q_class[k], e.p_class[k], k == e.label});
    }
    class_chart_->set_items(std::move(items));
    const int C = e.n_class;
    const QString name = class_chart_->items()[e.label].label.toHtmlEscaped();
    class_note_->setText(tr("true class <b>%1</b>: q = 1 − ε + ε/C = <b>%2</b>, the other classes ε/C = %3<br>"
                            "p(true class) = %4 · CE of this example: <b>%5</b>")
                             .arg(name, num(e.q_class[e.label]), num(e.eps / C), num(e.p_class[e.label]),
                                  num(e.ce_loss)));
    class_title_->show();
    class_chart_->show();
    class_note_->show();
  } else {
    class_chart_->set_items({});
    class_title_->hide();
    class_chart_->hide();
    class_note_->hide();
  }

  std::vector<DistributionChart::Item> lm;
  double q_shown = 0, p_shown = 0;
  auto add = [&](const TokenProb& t) {
    lm.push_back({t.id == kEos ? QStringLiteral("⟨eos⟩") : display_token(t.text), t.q, t.p, t.id == e.lm_target.id});
    q_shown += t.q;
    p_shown += t.p;
  };
  add(e.lm_target);
  for (const auto& t : e.lm_top)
    if (t.id != e.lm_target.id && static_cast<int>(lm.size()) < kLmTokensShown) add(t);
  const int rest = e.vocab_size - static_cast<int>(lm.size());
  if (rest > 0)
    lm.push_back({tr("others"), std::max(0.0, 1.0 - q_shown), std::max(0.0, 1.0 - p_shown), false});
  lm_chart_->set_items(std::move(lm));
  lm_note_->setText(tr("after “%1” the target is “<b>%2</b>”: q = 1 − ε + ε/V = <b>%3</b>, the other %4 "
                       "characters ε/V = %5 each<br>p(target) = %6 · CE here: <b>%7</b> · L<sub>LM</sub> of the "
                       "example (mean of %8 positions): %9")
                        // One pass: a later .arg() would also replace a "%2" inside the example's own text.
                        .arg(tail, target, num(e.q_lm_target, 4), QString::number(e.vocab_size - 1),
                             num(e.q_lm_other, 5), num(e.lm_target.p), num(e.lm_position_loss),
                             QString::number(e.n_positions), num(e.lm_loss)));
}

}  // namespace losslab::ui
