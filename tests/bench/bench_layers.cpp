// SPDX-License-Identifier: GPL-3.0-or-later
// Google Benchmark micro-benchmarks of the model's hot paths at the default
// size, one thread: where a training step's time goes. Not run by ctest;
// run build/tests/bench/losslab_bench_layers. Whole steps: `losslab-cli bench`.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <random>

#include "../../core/src/model/layers.hpp"
#include "losslab/model.hpp"
#include "losslab/optimizer.hpp"

using namespace losslab;

namespace {

constexpr int R = 8 * 64, d = 128;  // one chunk of 8 examples x 64 positions

std::vector<float> random_vec(std::size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = nd(rng);
  return v;
}

void BM_LinearForward(benchmark::State& state) {
  const int N = static_cast<int>(state.range(0));
  auto in = random_vec(R * d, 1), w = random_vec(N * d, 2), b = random_vec(N, 3), out = random_vec(R * N, 4);
  for (auto _ : state) {
    layers::linear_forward(out.data(), in.data(), w.data(), b.data(), R, d, N);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * R * d * N, benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(BM_LinearForward)->Arg(3 * d)->Arg(4 * d)->Arg(d);

void BM_LinearBackward(benchmark::State& state) {
  const int N = static_cast<int>(state.range(0));
  auto in = random_vec(R * d, 1), w = random_vec(N * d, 2), dout = random_vec(R * N, 4);
  std::vector<float> din(R * d), dw(N * d), db(N);
  for (auto _ : state) {
    layers::linear_backward(din.data(), dw.data(), db.data(), dout.data(), in.data(), w.data(), R, d, N, false);
    benchmark::DoNotOptimize(dw.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(4.0 * R * d * N, benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(BM_LinearBackward)->Arg(3 * d)->Arg(4 * d)->Arg(d);

void BM_Attention(benchmark::State& state) {
  const int n_ex = 8, T = 64, H = 4;
  auto qkv = random_vec(n_ex * T * 3 * d, 5), dy = random_vec(n_ex * T * d, 6);
  std::vector<float> y(n_ex * T * d), att(n_ex * H * T * T), dqkv(qkv.size()), scratch(T * T);
  for (auto _ : state) {
    layers::attention_forward(y.data(), att.data(), qkv.data(), n_ex, T, d, H);
    layers::attention_backward(dqkv.data(), scratch.data(), dy.data(), qkv.data(), att.data(), n_ex, T, d, H);
    benchmark::DoNotOptimize(dqkv.data());
  }
}
BENCHMARK(BM_Attention);

void BM_GeluForwardBackward(benchmark::State& state) {
  auto u = random_vec(R * 4 * d, 7), g = random_vec(R * 4 * d, 8);
  std::vector<float> out(u.size()), du(u.size());
  for (auto _ : state) {
    layers::gelu_forward(out.data(), u.data(), static_cast<std::ptrdiff_t>(u.size()));
    layers::gelu_backward(du.data(), g.data(), u.data(), static_cast<std::ptrdiff_t>(u.size()));
    benchmark::DoNotOptimize(du.data());
  }
}
BENCHMARK(BM_GeluForwardBackward);

void BM_TrainingStep(benchmark::State& state) {
  ModelConfig c;  // the default: 4 layers, d 128, block 64, vocab 96, 4 classes
  const int B = 32;
  std::mt19937_64 rng(1);
  std::vector<std::vector<int32_t>> texts(B, std::vector<int32_t>(c.block_size - 1));
  std::vector<int32_t> labels(B);
  for (int b = 0; b < B; ++b) {
    for (auto& t : texts[b]) t = static_cast<int32_t>(kFirstChar + rng() % (c.vocab_size - kFirstChar));
    labels[b] = static_cast<int32_t>(rng() % c.n_class);
  }
  const Batch batch = Batch::from_tokens(texts, labels, c.block_size);
  tbb::task_arena arena(static_cast<int>(state.range(0)));
  arena.execute([&] {
    Gpt<float> model(c, B);
    model.init_weights(1);
    AdamW opt(model.layout());
    std::vector<float> m(model.layout().total), v(model.layout().total);
    int64_t t = 0;
    for (auto _ : state) {
      model.run(batch, 0.5, 0.1, true);
      clip_gradients(model.grads(), global_norm(model.grads()), 1.0);
      opt.step(model.params(), model.grads(), m, v, {3e-4, 0.9, 0.95, 1e-8, 0.1}, t++);
    }
  });
  state.counters["tokens/s"] = benchmark::Counter(double(B) * c.block_size, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TrainingStep)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
