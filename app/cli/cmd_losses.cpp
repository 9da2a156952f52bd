// SPDX-License-Identifier: GPL-3.0-or-later
// `losslab-cli losses`: the losses of a checkpoint on a given batch, and the
// gradient of the loss for every parameter — how anyone checks LossLab
// against another implementation of the spec.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <tbb/task_arena.h>

#include "commands.hpp"
#include "run_file.hpp"
#include "losslab/checkpoint.hpp"
#include "losslab/data/tokenizer.hpp"
#include "losslab/model.hpp"
#include "losslab/safetensors.hpp"

namespace losslab::cli {
namespace {

using json = nlohmann::json;

struct LossesOptions {
  std::string ckpt, batch, grads_out;
  double lambda = 0.5, eps = 0.1;
};

Batch read_batch(const std::string& path, const LoadedModel& m) {
  const json j = read_json_file(path);
  if (!j.is_object()) throw std::runtime_error(path + ": expected an object {\"texts\": [...], \"labels\": [...]}");
  for (const auto& [k, v] : j.items())
    if (k != "texts" && k != "labels") throw std::runtime_error(path + ": unknown field '" + k + "' (expected texts, labels)");
  if (!j.contains("texts") || !j["texts"].is_array() || j["texts"].empty())
    throw std::runtime_error(path + ": field 'texts': expected a non-empty array of strings");
  if (!j.contains("labels") || !j["labels"].is_array() || j["labels"].size() != j["texts"].size())
    throw std::runtime_error(path + ": field 'labels': expected an array as long as 'texts' (" +
                             std::to_string(j["texts"].size()) + ")");
  const Tokenizer tok = Tokenizer::from_chars(m.info.vocab);
  std::vector<std::vector<int32_t>> ids;
  std::vector<int32_t> labels;
  for (std::size_t i = 0; i < j["texts"].size(); ++i) {
    const auto& t = j["texts"][i];
    if (!t.is_string()) throw std::runtime_error(path + ": texts[" + std::to_string(i) + "]: expected a string");
    ids.push_back(tok.encode(t.get<std::string>()));
    const auto& l = j["labels"][i];
    int32_t y = -1;
    if (l.is_number_integer()) {
      y = l.get<int32_t>();
    } else if (l.is_string()) {
      const auto& names = m.info.classes;
      auto it = std::find(names.begin(), names.end(), l.get<std::string>());
      if (it != names.end()) y = static_cast<int32_t>(it - names.begin());
    }
    if (y < 0 || y >= m.config.n_class)
      throw std::runtime_error(path + ": labels[" + std::to_string(i) + "]: expected a class index 0.." +
                               std::to_string(m.config.n_class - 1) + " or a class name of the checkpoint, got " +
                               l.dump());
    labels.push_back(y);
  }
  return Batch::from_tokens(ids, labels, m.config.block_size);
}

void run_losses(const LossesOptions& o) {
  if (!(o.lambda >= 0 && o.lambda <= 1)) throw std::runtime_error("--lambda: expected a number in [0, 1]");
  if (!(o.eps >= 0 && o.eps <= 1)) throw std::runtime_error("--eps: expected a number in [0, 1]");
  const LoadedModel m = load_model(o.ckpt);
  const Batch batch = read_batch(o.batch, m);
  Gpt<float> model(m.config, batch.B);
  std::copy(m.params.begin(), m.params.end(), model.params().begin());
  BatchLoss r;
  tbb::task_arena arena;
  arena.execute([&] { r = model.run(batch, o.lambda, o.eps, !o.grads_out.empty()); });
  json out{{"loss", r.loss},         {"lm_loss", r.lm_loss},     {"ce_loss", r.ce_loss}, {"lm_nll", r.lm_nll},
           {"accuracy", r.accuracy}, {"n_targets", r.n_targets}, {"truncated", batch.n_truncated}};
  if (!o.grads_out.empty()) {
    std::vector<TensorRef> tensors;
    for (const auto& t : model.layout().tensors)
      tensors.push_back({t.name, t.shape, std::span<const float>(model.grads().data() + t.offset, t.size)});
    write_safetensors(o.grads_out, tensors, {{"losslab.config", config_to_json(m.config)}});
  }
  std::printf("%s\n", out.dump().c_str());
}

}  // namespace

void add_losses_command(CLI::App& app) {
  auto o = std::make_shared<LossesOptions>();
  auto* cmd = app.add_subcommand("losses", "Losses (and gradients) of a checkpoint on a batch, as JSON");
  cmd->add_option("--ckpt", o->ckpt, "model.safetensors")->required();
  cmd->add_option("--batch", o->batch, "batch.json: {\"texts\": [...], \"labels\": [...]}")->required();
  cmd->add_option("--lambda", o->lambda, "L = lambda*L_LM + (1-lambda)*L_CE");
  cmd->add_option("--eps", o->eps, "label smoothing");
  cmd->add_option("--grads-out", o->grads_out, "write d(loss)/d(parameter) under each parameter's name");
  cmd->callback([o] { run_losses(*o); });
}

}  // namespace losslab::cli
