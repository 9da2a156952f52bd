// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/controls_panel.hpp"

#include <QCoreApplication>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "ui/advanced_panel.hpp"
#include "ui/live_slider.hpp"

namespace losslab::ui {

const std::vector<ModelPreset>& model_presets() {
  static const std::vector<ModelPreset> p{{QT_TRANSLATE_NOOP("ControlsPanel", "Tiny (1 layer, d=32)"), 1, 2, 32},
                                          {QT_TRANSLATE_NOOP("ControlsPanel", "Small (2 layers, d=64)"), 2, 4, 64},
                                          {QT_TRANSLATE_NOOP("ControlsPanel", "Standard (4 layers, d=128)"), 4, 4, 128}};
  return p;
}

namespace {
QString num(double v) { return QString::fromStdString(nlohmann::json(v).dump()); }
}  // namespace

ControlsPanel::ControlsPanel(QWidget* parent) : QWidget(parent) {
  auto* live = live_box_ = new QGroupBox(this);
  auto* lv = new QVBoxLayout(live);
  lambda_ = new LiveSlider("lambda", QString(), 0.0, 1.0, LiveSlider::Scale::Linear, 2, live);
  eps_ = new LiveSlider("eps", QString(), 0.0, 1.0, LiveSlider::Scale::Quadratic, 3, live);
  lr_ = new LiveSlider("lr", QString(), 1e-5, 1e-1, LiveSlider::Scale::Log, 5, live);
  for (LiveSlider* s : {lambda_, eps_, lr_}) {
    lv->addWidget(s);
    connect(s, &LiveSlider::valueEdited, this, [this](const QString& key, double v) { emit settingEdited(key, num(v)); });
  }

  auto* setup = setup_box_ = new QGroupBox(this);
  auto* form = new QFormLayout(setup);
  data_ = new QComboBox(setup);
  data_->addItem(QString(), "builtin:en");
  data_->addItem(QString(), "builtin:zh");
  data_->addItem(QString(), QString());
  model_ = new QComboBox(setup);
  for (std::size_t i = 0; i < model_presets().size(); ++i) model_->addItem(QString());
  data_label_ = new QLabel(setup);
  model_label_ = new QLabel(setup);
  form->addRow(data_label_, data_);
  form->addRow(model_label_, model_);
  connect(data_, &QComboBox::activated, this, [this](int i) {
    const QString src = data_->itemData(i).toString();
    if (src.isEmpty()) {
      emit importRequested();
      return;
    }
    emit settingEdited("data", QString::fromStdString(nlohmann::json(src.toStdString()).dump()));
  });
  connect(model_, &QComboBox::activated, this, [this](int i) {
    if (i >= static_cast<int>(model_presets().size())) return;  // "Custom": nothing to apply
    const auto& p = model_presets().at(static_cast<std::size_t>(i));
    emit settingEdited("n_head", QString::number(p.n_head));
    emit settingEdited("n_embd", QString::number(p.n_embd));
    emit settingEdited("n_layer", QString::number(p.n_layer));
  });

  advanced_ = new AdvancedPanel(this);
  connect(advanced_, &AdvancedPanel::settingEdited, this, &ControlsPanel::settingEdited);

  auto* lay = new QVBoxLayout(this);
  lay->addWidget(live);
  lay->addWidget(setup);
  lay->addWidget(advanced_);
  lay->addStretch(1);
  retranslate();
}

void ControlsPanel::retranslate() {
  live_box_->setTitle(tr("Live settings (selected runs)"));
  lambda_->set_title(tr("λ  LM weight"));
  lambda_->set_tooltip(tr("λ weighs the two losses: L = λ·L_LM + (1−λ)·L_CE.\n"
                          "λ = 1 trains only next-character prediction (the class head stops learning);\n"
                          "λ = 0 trains only the classifier (the LM loss stops falling).\n"
                          "Applies to the selected runs at the next step."));
  eps_->set_title(tr("ε  label smoothing"));
  eps_->set_tooltip(tr("Label smoothing ε of both cross-entropies: the target gives 1−ε+ε/K to the right answer\n"
                       "and ε/K to each other one. A larger ε raises the lowest loss the model can reach\n"
                       "(the dotted H(q) line) and makes it less over-confident. Fine steps near 0.\n"
                       "Applies to the selected runs at the next step."));
  lr_->set_title(tr("Learning rate"));
  lr_->set_tooltip(tr("Peak learning rate of AdamW (log scale), before warm-up and the schedule.\n"
                      "Too small: the loss falls slowly. Too large: it jumps around or diverges.\n"
                      "Applies to the selected runs at the next step."));
  setup_box_->setTitle(tr("Data and model (need a reset)"));
  data_->setItemText(0, tr("Built-in English"));
  data_->setItemText(1, tr("Built-in Chinese"));
  data_->setItemText(data_->count() - 1, tr("Import a file…"));
  data_->setToolTip(tr("The labelled texts the model learns from. Changing it starts the run again (reset)."));
  for (std::size_t i = 0; i < model_presets().size(); ++i)
    model_->setItemText(static_cast<int>(i), QCoreApplication::translate("ControlsPanel", model_presets()[i].name));
  model_->setToolTip(tr("Size of the Transformer. Bigger learns more but steps more slowly.\n"
                        "Changing it starts the run again (reset)."));
  data_label_->setText(tr("Data set"));
  data_label_->setToolTip(data_->toolTip());
  model_label_->setText(tr("Model"));
  model_label_->setToolTip(model_->toolTip());
}

void ControlsPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

LiveSlider* ControlsPanel::slider(const QString& key) const {
  if (key == "lambda") return lambda_;
  if (key == "eps") return eps_;
  if (key == "lr") return lr_;
  return nullptr;
}

void ControlsPanel::add_data_source(const QString& path) {
  int i = data_->findData(path);
  if (i < 0) {
    i = data_->count() - 1;  // before "Import a file…"
    data_->insertItem(i, QFileInfo(path).fileName(), path);
    data_->setItemData(i, path, Qt::ToolTipRole);
  }
  data_->setCurrentIndex(i);
}

void ControlsPanel::show_settings(const RunSettings& in_force, const RunSettings& chosen) {
  if (!lambda_->busy()) lambda_->set_value(in_force.lambda);
  if (!eps_->busy()) eps_->set_value(in_force.eps);
  if (!lr_->busy()) lr_->set_value(in_force.lr);
  {
    QSignalBlocker b(data_);
    const QString src = QString::fromStdString(chosen.data);
    if (data_->findData(src) < 0) {
      data_->insertItem(data_->count() - 1, QFileInfo(src).fileName(), src);
    }
    data_->setCurrentIndex(data_->findData(src));
  }
  {
    QSignalBlocker b(model_);
    int match = -1;
    const auto& p = model_presets();
    for (std::size_t i = 0; i < p.size(); ++i)
      if (p[i].n_layer == chosen.model.n_layer && p[i].n_embd == chosen.model.n_embd &&
          p[i].n_head == chosen.model.n_head)
        match = static_cast<int>(i);
    if (match < 0) {
      const QString custom = tr("Custom (%1 layers, d=%2)").arg(chosen.model.n_layer).arg(chosen.model.n_embd);
      if (model_->count() == static_cast<int>(p.size())) model_->addItem(custom);
      else model_->setItemText(model_->count() - 1, custom);
      match = model_->count() - 1;
    }
    model_->setCurrentIndex(match);
  }
  advanced_->show_settings(chosen);
}

}  // namespace losslab::ui
