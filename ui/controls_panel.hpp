// SPDX-License-Identifier: GPL-3.0-or-later
// The left-hand panel: the three live sliders (lambda, eps, learning rate),
// the data set and model size, and the advanced settings (collapsed).
#pragma once

#include <QWidget>

#include "losslab/settings.hpp"

class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;

namespace losslab::ui {

class LiveSlider;
class AdvancedPanel;

// Model sizes offered in the chooser.
struct ModelPreset {
  const char* name;  // untranslated; shown through tr()
  int n_layer, n_head, n_embd;
};
const std::vector<ModelPreset>& model_presets();

class ControlsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ControlsPanel(QWidget* parent = nullptr);

  // Shows the selected run's settings (the pending ones for data and model
  // when a reset is waiting). Never emits, and leaves a control alone while
  // the user is moving it.
  void show_settings(const RunSettings& in_force, const RunSettings& chosen);

  LiveSlider* slider(const QString& key) const;  // "lambda", "eps", "lr"
  AdvancedPanel* advanced() const { return advanced_; }
  QComboBox* data_box() const { return data_; }
  QComboBox* model_box() const { return model_; }

 signals:
  void settingEdited(const QString& key, const QString& value_json);
  void importRequested();  // "Import file…" was chosen

 public slots:
  // Adds (once) and selects an imported data file.
  void add_data_source(const QString& path);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  QGroupBox *live_box_ = nullptr, *setup_box_ = nullptr;
  QLabel *data_label_ = nullptr, *model_label_ = nullptr;
  LiveSlider *lambda_, *eps_, *lr_;
  QComboBox* data_;
  QComboBox* model_;
  AdvancedPanel* advanced_;
};

}  // namespace losslab::ui
