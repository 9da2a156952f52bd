// SPDX-License-Identifier: GPL-3.0-or-later
// `losslab-cli init`: a freshly initialised checkpoint for the settings'
// model and data set (the vocabulary and classes come from the data).
#include <cstdio>

#include "commands.hpp"
#include "run_file.hpp"
#include "losslab/checkpoint.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/model.hpp"

namespace losslab::cli {
namespace {

struct InitOptions {
  std::string config, out = "model.safetensors";
  std::vector<std::string> sets;
};

void run_init(const InitOptions& o) {
  RunSettings s;
  if (!o.config.empty()) s = read_run_file(o.config).settings;
  for (const auto& a : o.sets) apply_assignment(s, a);
  const DataSet data = load_dataset(s);
  const Tokenizer tok = train_tokenizer(data);
  s.model.vocab_size = tok.vocab_size();
  s.model.n_class = data.n_class();
  s.data_hash = data.content_hash;
  Gpt<float> model(s.model, 1);
  model.init_weights(s.seed);
  CheckpointInfo info;
  info.vocab = tok.chars();
  info.classes = data.has_labels() ? data.class_names : std::vector<std::string>{"(none)"};
  info.settings = settings_to_json(s);
  save_model(o.out, model.layout(), model.params(), info);
  std::fprintf(stderr, "losslab-cli: wrote %s (V=%d, C=%d, %zu parameters)\n", o.out.c_str(), s.model.vocab_size,
               s.model.n_class, model.layout().total);
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto o = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Write a freshly initialised checkpoint");
  cmd->add_option("--config", o->config, "settings JSON");
  cmd->add_option("--set", o->sets, "override a setting, key=value (repeatable)");
  cmd->add_option("--out", o->out, "output file (default model.safetensors)");
  cmd->callback([o] { run_init(*o); });
}

}  // namespace losslab::cli
