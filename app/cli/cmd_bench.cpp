// SPDX-License-Identifier: GPL-3.0-or-later
// `losslab-cli bench`: full training steps (forward, backward, clipping,
// AdamW) on random tokens, vocab 96 and 4 classes, after warm-up.
#include <sys/resource.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "commands.hpp"
#include "losslab/model.hpp"
#include "losslab/optimizer.hpp"

namespace losslab::cli {
namespace {

struct BenchOptions {
  int threads = 0;
  int steps = 20;
  int warmup = 3;
  std::vector<std::string> sets;
  bool json = false;
};

// FLOPs of one training step (docs/bench.md): 6 per weight per token for the
// matrix products (forward 2, backward 4) plus attention's QK^T and PV
// (2*T*d each per token per layer in the forward pass, twice that backward).
double step_flops(const ModelConfig& c, int B, int T) {
  const double d = c.n_embd, L = c.n_layer, tokens = double(B) * T;
  const double matmul_weights = L * 12.0 * d * d + double(c.vocab_size) * d;
  return tokens * (6.0 * matmul_weights + 12.0 * L * T * d) + 6.0 * B * d * c.n_class;
}

void run_bench(const BenchOptions& o) {
  RunSettings s;
  for (const auto& a : o.sets) apply_assignment(s, a);
  s.model.vocab_size = 96;
  s.model.n_class = 4;
  s.model.validate();
  const int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  const int B = s.batch_size, T = s.model.block_size;
  std::mt19937_64 rng(s.seed);
  auto make_batch = [&] {
    std::vector<std::vector<int32_t>> texts(B, std::vector<int32_t>(T - 1));
    std::vector<int32_t> labels(B);
    for (int b = 0; b < B; ++b) {
      for (auto& t : texts[b]) t = static_cast<int32_t>(kFirstChar + rng() % (s.model.vocab_size - kFirstChar));
      labels[b] = static_cast<int32_t>(rng() % s.model.n_class);
    }
    return Batch::from_tokens(texts, labels, T);
  };
  const Batch batch = make_batch();
  tbb::task_arena arena(threads);
  std::vector<double> ms;
  arena.execute([&] {
    Gpt<float> model(s.model, B);
    model.init_weights(s.seed);
    AdamW opt(model.layout());
    std::vector<float> m(model.layout().total, 0.0f), v(model.layout().total, 0.0f);
    for (int i = 0; i < o.warmup + o.steps; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      model.run(batch, s.lambda, s.eps, true);
      const double n = global_norm(model.grads());
      clip_gradients(model.grads(), n, s.grad_clip);
      opt.step(model.params(), model.grads(), m, v, {s.lr, s.beta1, s.beta2, s.eps_adam, s.weight_decay}, i);
      const auto t1 = std::chrono::steady_clock::now();
      if (i >= o.warmup) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  });
  std::sort(ms.begin(), ms.end());
  const double median = ms.empty() ? 0.0 : ms[ms.size() / 2];
  const double tokens_per_s = double(B) * T / (median / 1000.0);
  const double gflops = step_flops(s.model, B, T) / (median / 1000.0) / 1e9;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double rss_mb = ru.ru_maxrss / 1024.0;
  if (o.json) {
    nlohmann::json j{{"tokens_per_s", tokens_per_s}, {"step_ms_median", median}, {"gflops", gflops},
                     {"threads", threads},          {"peak_rss_mb", rss_mb},    {"steps", o.steps},
                     {"batch_size", B},             {"block_size", T},          {"n_layer", s.model.n_layer},
                     {"n_embd", s.model.n_embd},    {"n_head", s.model.n_head}, {"step_ms_min", ms.front()}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("LossLab bench: %d layers, d=%d, %d heads, block %d, batch %d, vocab 96, 4 classes, %d threads\n",
                s.model.n_layer, s.model.n_embd, s.model.n_head, T, B, threads);
    std::printf("  %.0f tokens/s   median step %.2f ms (min %.2f)   %.1f GFLOP/s   peak RSS %.1f MB\n",
                tokens_per_s, median, ms.front(), gflops, rss_mb);
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Time full training steps on the default model (random tokens)");
  cmd->add_option("--threads", o->threads, "worker threads (default: all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--steps", o->steps, "timed steps after warm-up")->check(CLI::Range(1, 100000));
  cmd->add_option("--warmup", o->warmup, "untimed steps first")->check(CLI::Range(0, 1000));
  cmd->add_option("--set", o->sets, "override a setting, key=value (repeatable)");
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace losslab::cli
