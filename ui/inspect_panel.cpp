// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect_panel.hpp"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include "losslab/session.hpp"
#include "ui/inspect_charts.hpp"

namespace losslab::ui {
namespace {


enum Slot { kProbe = 0, kReport = 1, kSample = 2 };

}  // namespace

InspectPanel::InspectPanel(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  const QFont control_font = scaled(font(), 1.15);
  const QFont group_font = scaled(font(), 1.15, true);

  // ---- sampling
  sample_group_ = new QGroupBox(this);
  sample_group_->setFont(group_font);
  auto* sg = new QGridLayout(sample_group_);
  auto label = [&](QWidget* parent_w) {
    auto* l = new QLabel(parent_w);
    l->setFont(control_font);
    return l;
  };
  prompt_label_ = label(sample_group_);
  prompt_ = new QLineEdit(sample_group_);
  prompt_->setFont(control_font);
  every_label_ = label(sample_group_);
  every_ = new QSpinBox(sample_group_);
  every_->setRange(1, 1'000'000);
  every_->setValue(100);
  temperature_label_ = label(sample_group_);
  temperature_ = new QDoubleSpinBox(sample_group_);
  temperature_->setRange(0.05, 5.0);
  temperature_->setSingleStep(0.1);
  temperature_->setDecimals(2);
  temperature_->setValue(0.8);
  top_k_label_ = label(sample_group_);
  top_k_ = new QSpinBox(sample_group_);
  top_k_->setRange(0, 10000);
  top_k_->setValue(0);
  top_p_label_ = label(sample_group_);
  top_p_ = new QDoubleSpinBox(sample_group_);
  top_p_->setRange(0.01, 1.0);
  top_p_->setSingleStep(0.05);
  top_p_->setDecimals(2);
  top_p_->setValue(1.0);
  length_label_ = label(sample_group_);
  length_ = new QSpinBox(sample_group_);
  length_->setRange(1, 1000);
  length_->setValue(120);
  sample_now_ = new QPushButton(sample_group_);
  for (QWidget* w : {static_cast<QWidget*>(every_), static_cast<QWidget*>(temperature_),
                     static_cast<QWidget*>(top_k_), static_cast<QWidget*>(top_p_), static_cast<QWidget*>(length_),
                     static_cast<QWidget*>(sample_now_)})
    w->setFont(control_font);
  sg->addWidget(prompt_label_, 0, 0);
  sg->addWidget(prompt_, 0, 1, 1, 5);
  sg->addWidget(temperature_label_, 1, 0);
  sg->addWidget(temperature_, 1, 1);
  sg->addWidget(top_k_label_, 1, 2);
  sg->addWidget(top_k_, 1, 3);
  sg->addWidget(top_p_label_, 1, 4);
  sg->addWidget(top_p_, 1, 5);
  sg->addWidget(every_label_, 2, 0);
  sg->addWidget(every_, 2, 1);
  sg->addWidget(length_label_, 2, 2);
  sg->addWidget(length_, 2, 3);
  sg->addWidget(sample_now_, 2, 4, 1, 2);
  samples_ = new QPlainTextEdit(sample_group_);
  samples_->setReadOnly(true);
  samples_->setMaximumBlockCount(200);
  QFont mono = scaled(font(), 1.3);
  mono.setStyleHint(QFont::Monospace);
  mono.setFamily(QStringLiteral("monospace"));
  samples_->setFont(mono);
  samples_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  sg->addWidget(samples_, 3, 0, 1, 6);
  sg->setRowStretch(3, 1);
  v->addWidget(sample_group_, 3);

  // ---- probe
  probe_group_ = new QGroupBox(this);
  probe_group_->setFont(group_font);
  auto* pg = new QVBoxLayout(probe_group_);
  probe_edit_ = new QLineEdit(probe_group_);
  probe_edit_->setFont(scaled(font(), 1.4));
  probe_label_ = label(probe_group_);
  probe_label_->setWordWrap(true);
  probe_chart_ = new DistributionChart(probe_group_);
  pg->addWidget(probe_edit_);
  pg->addWidget(probe_chart_, 1);
  pg->addWidget(probe_label_);
  v->addWidget(probe_group_, 2);

  // ---- validation
  valid_group_ = new QGroupBox(this);
  valid_group_->setFont(group_font);
  auto* vg = new QVBoxLayout(valid_group_);
  auto* top = new QHBoxLayout;
  valid_label_ = label(valid_group_);
  valid_label_->setWordWrap(true);
  whole_split_ = new QCheckBox(valid_group_);
  whole_split_->setFont(control_font);
  top->addWidget(valid_label_, 1);
  top->addWidget(whole_split_);
  vg->addLayout(top);
  auto* charts = new QHBoxLayout;
  confusion_ = new ConfusionMatrixView(valid_group_);
  reliability_ = new ReliabilityView(valid_group_);
  charts->addWidget(confusion_, 1);
  charts->addWidget(reliability_, 1);
  vg->addLayout(charts, 1);
  v->addWidget(valid_group_, 3);

  poll_timer_ = new QTimer(this);
  poll_timer_->setInterval(40);
  connect(poll_timer_, &QTimer::timeout, this, &InspectPanel::poll);
  poll_timer_->start();
  probe_timer_ = new QTimer(this);
  probe_timer_->setSingleShot(true);
  probe_timer_->setInterval(120);
  connect(probe_timer_, &QTimer::timeout, this, &InspectPanel::run_probe);
  connect(probe_edit_, &QLineEdit::textChanged, this, [this] { probe_timer_->start(); });
  connect(sample_now_, &QPushButton::clicked, this, [this] {
    want_fetch_ = true;  // a fresh model at the next refresh...
    run_sample();        // ...and a sample from the one we have now
  });
  connect(whole_split_, &QCheckBox::toggled, this, [this] { run_report(); });
  retranslate();
}

InspectPanel::~InspectPanel() { feed_.shutdown(); }

void InspectPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

void InspectPanel::retranslate() {
  sample_group_->setTitle(tr("Text the model writes"));
  prompt_label_->setText(tr("Prompt"));
  prompt_->setPlaceholderText(tr("the start of the text (may be empty)"));
  prompt_->setToolTip(tr("The model continues this text"));
  prompt_label_->setToolTip(prompt_->toolTip());
  every_label_->setText(tr("Every N steps"));
  every_->setToolTip(tr("Sample a new text (and redo the validation charts) every N training steps"));
  every_label_->setToolTip(every_->toolTip());
  temperature_label_->setText(tr("Temperature"));
  temperature_->setToolTip(tr("Divides the logits before the softmax: below 1 the model picks its favourites "
                              "more often, above 1 it takes more risks"));
  temperature_label_->setToolTip(temperature_->toolTip());
  top_k_label_->setText(tr("Top-k"));
  top_k_->setSpecialValueText(tr("off"));
  top_k_->setToolTip(tr("Sample only among the k most probable characters (off = all)"));
  top_k_label_->setToolTip(top_k_->toolTip());
  top_p_label_->setText(tr("Top-p"));
  top_p_->setToolTip(tr("Sample only among the most probable characters that together reach probability p "
                        "(1 = all)"));
  top_p_label_->setToolTip(top_p_->toolTip());
  length_label_->setText(tr("Length"));
  length_->setToolTip(tr("At most this many characters per sample (it stops earlier at the end-of-text token)"));
  length_label_->setToolTip(length_->toolTip());
  sample_now_->setText(tr("Sample now"));
  sample_now_->setToolTip(tr("Write a new sample with the current model, without waiting N steps"));
  samples_->setToolTip(tr("Samples, newest last: the step of the model, then the prompt ▸ and what the model "
                          "wrote"));
  samples_->setPlaceholderText(tr("Samples appear here while the run trains"));
  probe_group_->setTitle(tr("Try a sentence"));
  probe_edit_->setPlaceholderText(tr("type a sentence to classify…"));
  probe_edit_->setToolTip(tr("The class head reads what you type and shows its probability for each class"));
  probe_chart_->setToolTip(tr("The model's probability for each class (they sum to 100%)"));
  probe_label_->setToolTip(probe_chart_->toolTip());
  valid_group_->setTitle(tr("Validation set"));
  whole_split_->setText(tr("Whole split"));
  whole_split_->setToolTip(tr("Use every validation example; off: the same subset as the evaluation on the "
                              "charts, so the ECE equals the one charted"));
  valid_label_->setToolTip(tr("The validation examples the charts below count"));
  confusion_->setToolTip(tr("How often each true class (row) was predicted as each class (column); the "
                            "diagonal is right"));
  reliability_->setToolTip(tr("Calibration: for predictions made with a given confidence, how often they were "
                              "right. A calibrated model follows the dashed diagonal"));
  if (report_) {
    valid_label_->setText(tr("step %1: %2 examples, accuracy %3%, ECE %4")
                              .arg(report_->step)
                              .arg(report_->n)
                              .arg(100.0 * report_->accuracy, 0, 'f', 1)
                              .arg(report_->ece, 0, 'f', 3));
  } else {
    valid_label_->setText(tr("waiting for the model…"));
  }
  if (probe_) {
    probe_label_->setText(tr("%1 of %2 characters read%3%4")
                              .arg(probe_->chars_used)
                              .arg(probe_->chars)
                              .arg(probe_->truncated ? tr(" (the rest is cut, as in training)") : QString())
                              .arg(probe_->unknown ? tr("; %n not in the vocabulary", nullptr,
                                                        static_cast<int>(probe_->unknown))
                                                   : QString()));
  } else {
    probe_label_->clear();
  }
}

void InspectPanel::show_run(int run_id, Session* session) {
  if (!session) {
    run_id_ = 0;
    snap_.reset();
    return;
  }
  if (run_id != run_id_) {
    run_id_ = run_id;
    snap_.reset();
    report_.reset();
    probe_.reset();
    last_fetch_step_ = -1;
    samples_->clear();
    probe_chart_->set_items({}, false);
    confusion_->clear_report();
    reliability_->clear_report();
    retranslate();
  }
  const int64_t step = session->step();
  const bool due = want_fetch_ || last_fetch_step_ < 0 || step < last_fetch_step_ ||
                   step >= last_fetch_step_ + every_->value();
  if (due && feed_.request(*session, run_id)) {
    want_fetch_ = false;
    last_fetch_step_ = step;
  }
}

void InspectPanel::poll() {
  int id = 0;
  auto snap = feed_.take(&id);
  if (!snap || id != run_id_ || !snap->data) return;
  snap_ = std::move(snap);
  run_probe();
  run_report();
  run_sample();
}

void InspectPanel::run_sample() {
  if (!snap_) return;
  const auto snap = snap_;
  const std::string prompt = prompt_->text().toStdString();
  const int n = length_->value(), k = top_k_->value();
  const double t = temperature_->value(), p = top_p_->value();
  const uint64_t seed = static_cast<uint64_t>(snap->step) * 1000003ULL + samples_asked_++;
  feed_.post(kSample, [this, snap, prompt, n, k, t, p, seed] {
    std::optional<SampleResult> r;
    QString error;
    try {
      r = sample_text(*snap, prompt, n, t, k, p, seed);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, r, error, step = snap->step, prompt] {
          if (!r) {
            samples_->appendPlainText(error);
            return;
          }
          sample_ = r;
          samples_->appendPlainText(tr("[step %1] %2▸%3%4")
                                        .arg(step)
                                        .arg(QString::fromStdString(prompt), QString::fromStdString(r->text),
                                             r->ended_with_eos ? tr(" ⟨end⟩") : QString()));
          samples_->verticalScrollBar()->setValue(samples_->verticalScrollBar()->maximum());
          emit sampled();
        },
        Qt::QueuedConnection);
  });
}

void InspectPanel::run_probe() {
  const QString text = probe_edit_->text();
  if (!snap_) return;
  if (snap_->class_names.empty()) {
    probe_.reset();
    probe_chart_->set_items({}, false);
    probe_label_->setText(tr("This data set has no labels: there is no class head to ask."));
    return;
  }
  const auto snap = snap_;
  const std::string s = text.toStdString();
  const uint64_t serial = ++probe_serial_;
  feed_.post(kProbe, [this, snap, s, serial] {
    std::optional<ClassifyResult> r;
    try {
      r = classify_text(*snap, s);
    } catch (const std::exception&) {
    }
    QMetaObject::invokeMethod(
        this,
        [this, r, snap, serial] {
          if (!r || serial != probe_serial_) return;
          probe_ = r;
          std::vector<DistributionChart::Item> items;
          for (std::size_t k = 0; k < r->probabilities.size(); ++k)
            items.push_back({k < snap->class_names.size() ? QString::fromStdString(snap->class_names[k])
                                                          : QString::number(k),
                             0.0, r->probabilities[k], static_cast<int>(k) == r->predicted});
          probe_chart_->set_items(std::move(items), false);
          retranslate();
          emit probed();
        },
        Qt::QueuedConnection);
  });
}

void InspectPanel::run_report() {
  if (!snap_) return;
  if (snap_->class_names.empty() || snap_->data->val.empty()) {
    report_.reset();
    confusion_->clear_report();
    reliability_->clear_report();
    valid_label_->setText(snap_->class_names.empty() ? tr("This data set has no labels: no confusion matrix.")
                                                     : tr("The validation split is empty."));
    return;
  }
  const auto snap = snap_;
  const bool whole = whole_split_->isChecked();
  feed_.post(kReport, [this, snap, whole] {
    std::optional<ValidationReport> r;
    QString error;
    try {
      r = validation_report(*snap, *snap->data, whole);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, r, error, snap] {
          if (!r) {
            valid_label_->setText(error);
            return;
          }
          report_ = r;
          confusion_->set_report(*r, snap->class_names);
          reliability_->set_report(*r);
          retranslate();
          emit reportReady();
        },
        Qt::QueuedConnection);
  });
}

}  // namespace losslab::ui
