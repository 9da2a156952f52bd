// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/controls_panel.hpp"

#include <QComboBox>
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
  auto* live = new QGroupBox(tr("Live settings (selected runs)"), this);
  auto* lv = new QVBoxLayout(live);
  lambda_ = new LiveSlider("lambda", tr("λ  LM weight"), 0.0, 1.0, LiveSlider::Scale::Linear, 2, live);
  lambda_->set_tooltip(tr("λ weighs the two losses: L = λ·L_LM + (1−λ)·L_CE.\n"
                          "λ = 1 trains only next-character prediction (the class head stops learning);\n"
                          "λ = 0 trains only the classifier (the LM loss stops falling).\n"
                          "Applies to the selected runs at the next step."));
  eps_ = new LiveSlider("eps", tr("ε  label smoothing"), 0.0, 1.0, LiveSlider::Scale::Quadratic, 3, live);
  eps_->set_tooltip(tr("Label smoothing ε of both cross-entropies: the target gives 1−ε+ε/K to the right answer\n"
                       "and ε/K to each other one. A larger ε raises the lowest loss the model can reach\n"
                       "(the dotted H(q) line) and makes it less over-confident. Fine steps near 0.\n"
                       "Applies to the selected runs at the next step."));
  lr_ = new LiveSlider("lr", tr("Learning rate"), 1e-5, 1e-1, LiveSlider::Scale::Log, 5, live);
  lr_->set_tooltip(tr("Peak learning rate of AdamW (log scale), before warm-up and the schedule.\n"
                      "Too small: the loss falls slowly. Too large: it jumps around or diverges.\n"
                      "Applies to the selected runs at the next step."));
  for (LiveSlider* s : {lambda_, eps_, lr_}) {
    lv->addWidget(s);
    connect(s, &LiveSlider::valueEdited, this, [this](const QString& key, double v) { emit settingEdited(key, num(v)); });
  }

  auto* setup = new QGroupBox(tr("Data and model (need a reset)"), this);
  auto* form = new QFormLayout(setup);
  data_ = new QComboBox(setup);
  data_->addItem(tr("Built-in English"), "builtin:en");
  data_->addItem(tr("Built-in Chinese"), "builtin:zh");
  data_->addItem(tr("Import a file…"), QString());
  data_->setToolTip(tr("The labelled texts the model learns from. Changing it starts the run again (reset)."));
  model_ = new QComboBox(setup);
  for (const auto& p : model_presets()) model_->addItem(tr(p.name));
  model_->setToolTip(tr("Size of the Transformer. Bigger learns more but steps more slowly.\n"
                        "Changing it starts the run again (reset)."));
  form->addRow(tr("Data set"), data_);
  form->addRow(tr("Model"), model_);
  connect(data_, &QComboBox::activated, this, [this](int i) {
    const QString src = data_->itemData(i).toString();
    if (src.isEmpty()) {
      emit importRequested();
      return;
    }
    emit settingEdited("data", QString::fromStdString(nlohmann::json(src.toStdString()).dump()));
  });
  connect(model_, &QComboBox::activated, this, [this](int i) {
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
