// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/setting_help.hpp"

#include <QCoreApplication>
#include <utility>

namespace losslab::ui {

QString setting_help(const QString& key) {
  static const std::pair<const char*, const char*> texts[] = {
      {"n_layer", QT_TRANSLATE_NOOP("SettingHelp", "Number of Transformer blocks stacked in the shared trunk.")},
      {"n_head", QT_TRANSLATE_NOOP("SettingHelp", "Attention heads per block; the model width must divide by it.")},
      {"n_embd", QT_TRANSLATE_NOOP("SettingHelp", "Model width d: the size of every token's vector.")},
      {"block_size", QT_TRANSLATE_NOOP("SettingHelp", "Longest input in tokens, the start token included. Longer texts are cut.")},
      {"data_format", QT_TRANSLATE_NOOP("SettingHelp", "How to read the data file: auto, csv, tsv, fasttext, folder or text.")},
      {"batch_size", QT_TRANSLATE_NOOP("SettingHelp", "Examples per training step. Larger batches give smoother, slower steps.")},
      {"seed", QT_TRANSLATE_NOOP("SettingHelp", "Seed of the initial weights, the train/validation split and the batch order. The same seed gives the same run.")},
      {"lambda", QT_TRANSLATE_NOOP("SettingHelp", "Weight of the LM loss: L = λ·L_LM + (1−λ)·L_CE.")},
      {"eps", QT_TRANSLATE_NOOP("SettingHelp", "Label smoothing ε of both cross-entropies.")},
      {"lr", QT_TRANSLATE_NOOP("SettingHelp", "Peak learning rate of AdamW.")},
      {"beta1", QT_TRANSLATE_NOOP("SettingHelp", "Adam β1: how much of the previous gradient direction is kept (momentum).")},
      {"beta2", QT_TRANSLATE_NOOP("SettingHelp", "Adam β2: how slowly the running size of the gradients changes.")},
      {"eps_adam", QT_TRANSLATE_NOOP("SettingHelp", "Adam ε: keeps the update finite where gradients are tiny.")},
      {"weight_decay", QT_TRANSLATE_NOOP("SettingHelp", "AdamW weight decay: pulls the weight matrices towards zero a little every step.")},
      {"grad_clip", QT_TRANSLATE_NOOP("SettingHelp", "Largest gradient norm allowed; larger gradients are scaled down. 0 turns clipping off.")},
      {"warmup_steps", QT_TRANSLATE_NOOP("SettingHelp", "Steps over which the learning rate rises linearly from 0 to its peak.")},
      {"schedule", QT_TRANSLATE_NOOP("SettingHelp", "Learning rate after warm-up: cosine decay, or constant.")},
      {"planned_steps", QT_TRANSLATE_NOOP("SettingHelp", "Steps the cosine schedule spans, from the peak down to its end value.")},
      {"min_lr_ratio", QT_TRANSLATE_NOOP("SettingHelp", "The cosine schedule ends at this fraction of the peak learning rate.")},
      {"steps", QT_TRANSLATE_NOOP("SettingHelp", "Steps to train before the run stops by itself.")},
      {"threads", QT_TRANSLATE_NOOP("SettingHelp", "Worker threads of the run; 0 uses every core. The numbers do not depend on it.")},
      {"eval_interval", QT_TRANSLATE_NOOP("SettingHelp", "Evaluate on the validation set every N steps; 0 never.")},
      {"eval_batches", QT_TRANSLATE_NOOP("SettingHelp", "Validation batches per evaluation.")},
      {"data", QT_TRANSLATE_NOOP("SettingHelp", "The data set: builtin:en, builtin:zh, or a file or folder.")},
      {"data_hash", QT_TRANSLATE_NOOP("SettingHelp", "Content hash of the data set the run used.")},
  };
  for (const auto& [k, text] : texts)
    if (key == QLatin1String(k)) return QCoreApplication::translate("SettingHelp", text);
  return {};
}

}  // namespace losslab::ui
