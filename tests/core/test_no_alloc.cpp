// SPDX-License-Identifier: GPL-3.0-or-later
// A warm training step allocates nothing: no operator new anywhere in the
// process and no Eigen heap allocation (EIGEN_RUNTIME_NO_MALLOC, set in
// builds with assertions) while Trainer::train_step runs.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "losslab/trainer.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LOSSLAB_NO_ALLOC_TEST 0  // sanitizers bring their own operator new
#else
#define LOSSLAB_NO_ALLOC_TEST 1
#endif

#if LOSSLAB_NO_ALLOC_TEST
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (std::getenv("LOSSLAB_ABORT_ON_ALLOC")) std::abort();
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

using namespace losslab;

TEST(TrainerNoAlloc, WarmTrainingStepAllocatesNothing) {
#if !LOSSLAB_NO_ALLOC_TEST
  GTEST_SKIP() << "not under sanitizers";
#else
  RunSettings s;
  s.data = "builtin:en?n=300";
  s.model.n_layer = 2;
  s.model.n_embd = 64;
  s.model.n_head = 4;
  s.batch_size = 16;
  s.threads = 2;
  auto data = std::make_shared<DataSet>(load_dataset(s));
  Trainer trainer(s, data);
  // Warm-up: workspaces, the batch's largest size, TBB's own pools.
  for (int i = 0; i < 20; ++i) ASSERT_EQ(trainer.train_step().status, StepStatus::Applied);
  g_allocations = 0;
  g_counting = true;
#ifdef EIGEN_RUNTIME_NO_MALLOC
  Eigen::internal::set_is_malloc_allowed(false);
#endif
  for (int i = 0; i < 5; ++i) trainer.train_step();
#ifdef EIGEN_RUNTIME_NO_MALLOC
  Eigen::internal::set_is_malloc_allowed(true);
#endif
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0) << "operator new calls during 5 warm training steps";
#endif
}
