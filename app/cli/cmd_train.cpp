// SPDX-License-Identifier: GPL-3.0-or-later
// `losslab-cli train`: a run from settings (or a replay of a GUI run's
// settings and event log), written to metrics.csv, settings.json,
// model.safetensors and optimizer.safetensors.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "run_file.hpp"
#include "losslab/atomic_file.hpp"
#include "losslab/checkpoint.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/metrics_csv.hpp"
#include "losslab/session.hpp"

namespace losslab::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct TrainOptions {
  std::string config, replay, data, out = "runs/latest";
  std::vector<std::string> sets;
  int steps = -1, threads = -1;
  bool quiet = false;
};

// Shows step, losses, tokens/s and ETA: a bar redrawn in place on a
// terminal, a plain line every few seconds otherwise.
class Progress {
 public:
  Progress(int64_t total, bool quiet) : total_(total), quiet_(quiet), tty_(isatty(STDERR_FILENO)) {}
  void update(const StepRecord& r) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    const bool last_step = r.step + 1 >= total_;
    if (since < (tty_ ? 0.1 : 5.0) && !last_step) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double done = static_cast<double>(r.step + 1);
    const double tok_s = elapsed > 0 ? static_cast<double>(r.tokens - tokens0_) / elapsed : 0.0;
    const double eta = done > 0 ? elapsed / done * (static_cast<double>(total_) - done) : 0.0;
    char line[256];
    std::snprintf(line, sizeof line, "step %lld/%lld  loss %.4f  lm %.4f  ce %.4f  %.0f tok/s  ETA %.0fs",
                  static_cast<long long>(r.step + 1), static_cast<long long>(total_), r.loss, r.lm_loss, r.ce_loss,
                  tok_s, eta);
    if (tty_) {
      const int width = 24, filled = total_ > 0 ? static_cast<int>(width * done / static_cast<double>(total_)) : 0;
      std::fprintf(stderr, "\r[%s%s] %s\x1b[K", std::string(filled, '#').c_str(),
                   std::string(width - std::min(width, filled), '.').c_str(), line);
      if (last_step) std::fprintf(stderr, "\n");
    } else {
      std::fprintf(stderr, "%s\n", line);
    }
  }

 private:
  int64_t total_;
  bool quiet_, tty_;
  int64_t tokens0_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

void run_train(const TrainOptions& o) {
  if (!o.config.empty() && !o.replay.empty()) throw std::runtime_error("give --config or --replay, not both");
  ReplayPlan plan;
  if (!o.replay.empty()) {
    plan = read_run_file(o.replay);
    if (!o.sets.empty() || !o.data.empty() || o.steps >= 0)
      throw std::runtime_error("--replay reproduces a run exactly; --set, --data and --steps can't be combined with it");
  } else {
    if (!o.config.empty()) plan = read_run_file(o.config);
    for (const auto& a : o.sets) apply_assignment(plan.settings, a);
    if (!o.data.empty()) plan.settings.data = o.data;
    if (o.steps >= 0) plan.settings.steps = o.steps;
    plan.end_step.reset();
  }
  if (o.threads >= 0) plan.settings.threads = o.threads;  // never changes the numbers, only the speed
  plan.settings.validate();

  auto data = std::make_shared<DataSet>(load_dataset(plan.settings));
  if (!data->report.warnings.empty())
    for (const auto& w : data->report.warnings) std::fprintf(stderr, "losslab-cli: note: %s\n", w.c_str());
  if (!data->has_labels())
    std::fprintf(stderr, "losslab-cli: %s has no labels: training the language model only (lambda fixed at 1)\n",
                 data->name.c_str());
  if (!plan.settings.data_hash.empty() && plan.settings.data_hash != data->content_hash)
    throw std::runtime_error("the data set " + plan.settings.data + " has changed since this run (hash " +
                             data->content_hash + ", settings say " + plan.settings.data_hash + ")");

  const int64_t total = plan.end_step.value_or(plan.settings.steps);
  Progress progress(total, o.quiet);
  ReplayCallbacks cb;
  cb.on_step = [&](const StepRecord& r) { progress.update(r); };
  const ReplayResult result = replay_run(plan, data, cb);

  fs::create_directories(o.out);
  std::vector<StepRecord> steps;
  std::vector<EvalRecord> evals;
  result.metrics->steps.read_since(0, steps);
  result.metrics->evals.read_since(0, evals);
  write_metrics_csv(fs::path(o.out) / "metrics.csv", steps, evals);

  ReplayPlan written = plan;  // settings, session options, event log: everything a replay needs
  written.settings.data_hash = data->content_hash;
  write_file_atomically(fs::path(o.out) / "settings.json", to_json(written, result.step).dump(2) + "\n");

  RunSettings final_settings = result.settings;
  ModelConfig cfg = final_settings.model;
  ParamLayout layout(cfg);
  CheckpointInfo info;
  const Tokenizer tok = train_tokenizer(*data);
  info.vocab = tok.chars();
  info.classes = data->has_labels() ? data->class_names : std::vector<std::string>{"(none)"};
  info.settings = settings_to_json(final_settings);
  save_model(fs::path(o.out) / "model.safetensors", layout, result.params, info);
  if (!result.adam_m.empty())
    save_optimizer(fs::path(o.out) / "optimizer.safetensors", layout, result.adam_m, result.adam_v, result.step);
  if (!o.quiet) {
    std::fprintf(stderr, "losslab-cli: %lld steps; wrote %s/{metrics.csv,settings.json,model.safetensors%s}\n",
                 static_cast<long long>(result.step), o.out.c_str(),
                 result.adam_m.empty() ? "" : ",optimizer.safetensors");
    if (!evals.empty()) {
      const auto& e = evals.back();
      std::fprintf(stderr, "  validation: loss %.4f  lm %.4f  ce %.4f  ppl %.2f  accuracy %.3f  ECE %.3f\n", e.loss,
                   e.lm_loss, e.ce_loss, e.ppl, e.accuracy, e.ece);
    }
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train a run and write metrics.csv, settings.json and checkpoints");
  cmd->add_option("--config", o->config, "settings JSON (a plain object of settings, or a settings.json)");
  cmd->add_option("--replay", o->replay, "reproduce a run bitwise from its settings.json (settings + event log)");
  cmd->add_option("--set", o->sets, "override a setting, key=value (repeatable; unknown keys are errors)");
  cmd->add_option("--data", o->data, "data set: builtin:en, builtin:zh, or a file/folder");
  cmd->add_option("--steps", o->steps, "steps to train")->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", o->threads, "worker threads (0 = all cores); never changes the results")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--out", o->out, "output directory (default runs/latest)");
  cmd->add_flag("--quiet", o->quiet, "no progress output");
  cmd->callback([o] { run_train(*o); });
}

}  // namespace losslab::cli
