// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in corpus is learnable: a short training run of a small model
// beats the majority-class accuracy and the unigram language model.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

#include "losslab/data/dataset.hpp"
#include "losslab/trainer.hpp"

using namespace losslab;

namespace {

// NLL per target (characters and <eos>) of the validation split under the
// training split's character frequencies (add-one smoothed): what a model
// that ignores context can reach.
double unigram_nll(const DataSet& ds) {
  std::map<char32_t, double> count;
  double total = 0;
  const char32_t kEosMark = 0xFFFFFFFF;
  for (const auto& e : ds.train) {
    for (char32_t c : decode_utf8(e.text)) count[c] += 1, total += 1;
    count[kEosMark] += 1, total += 1;
  }
  const double vocab = static_cast<double>(count.size()) + 1;
  double nll = 0, n = 0;
  for (const auto& e : ds.val) {
    auto add = [&](char32_t c) {
      const auto it = count.find(c);
      nll -= std::log(((it == count.end() ? 0.0 : it->second) + 1.0) / (total + vocab));
      n += 1;
    };
    for (char32_t c : decode_utf8(e.text)) add(c);
    add(kEosMark);
  }
  return nll / n;
}

void expect_learnable(const std::string& source) {
  RunSettings s;
  s.data = source;
  s.model.n_layer = 2;
  s.model.n_head = 4;
  s.model.n_embd = 64;
  s.batch_size = 16;
  s.lr = 3e-3;
  s.warmup_steps = 20;
  s.planned_steps = 200;
  s.steps = 200;
  s.eval_batches = 16;  // 256 validation examples
  auto ds = std::make_shared<const DataSet>(load_dataset(s));
  const auto& counts = ds->report.val_class_counts;
  const double majority = static_cast<double>(*std::max_element(counts.begin(), counts.end())) /
                          static_cast<double>(ds->val.size());
  const double unigram = unigram_nll(*ds);
  Trainer t(s, ds);
  const EvalRecord before = t.evaluate();
  for (int i = 0; i < s.steps; ++i) ASSERT_EQ(t.train_step().status, StepStatus::Applied) << "step " << i;
  const EvalRecord after = t.evaluate();
  std::printf("%s: accuracy %.3f (majority %.3f), LM NLL %.3f (unigram %.3f, at init %.3f)\n", source.c_str(),
              after.accuracy, majority, after.lm_nll, unigram, before.lm_nll);
  EXPECT_GT(after.accuracy, majority + 0.15);
  EXPECT_LT(after.lm_nll, unigram - 0.3);
}

}  // namespace

TEST(DataLearnable, BuiltinEnglishBeatsMajorityAndUnigram) { expect_learnable("builtin:en"); }
TEST(DataLearnable, BuiltinChineseBeatsMajorityAndUnigram) { expect_learnable("builtin:zh"); }
