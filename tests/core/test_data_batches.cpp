// SPDX-License-Identifier: GPL-3.0-or-later
// Stratified split and the stateless batch source.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "losslab/data/corpus.hpp"
#include "losslab/data/dataset.hpp"

using namespace losslab;

namespace {
std::vector<Example> labelled(int n, int classes) {
  std::vector<Example> v;
  for (int i = 0; i < n; ++i) v.push_back(Example{"text " + std::to_string(i), i % classes == 0 ? 0 : 1 + i % (classes - 1), i + 1});
  return v;
}
std::vector<int64_t> lines(const std::vector<Example>& v) {
  std::vector<int64_t> out;
  for (const auto& e : v) out.push_back(e.source_line);
  return out;
}
DataSet small_set(int n, int classes, uint64_t seed) {
  DataSet ds;
  for (int c = 0; c < classes; ++c) ds.class_names.push_back("c" + std::to_string(c));
  stratified_split(labelled(n, classes), 0.1, seed, ds.train, ds.val);
  return ds;
}
}  // namespace

TEST(Split, StratifiedDeterministicAndAPartition) {
  const auto all = labelled(1000, 3);
  std::vector<Example> tr1, va1, tr2, va2, tr3, va3;
  stratified_split(all, 0.1, 5, tr1, va1);
  stratified_split(all, 0.1, 5, tr2, va2);
  stratified_split(all, 0.1, 6, tr3, va3);
  EXPECT_EQ(lines(tr1), lines(tr2));
  EXPECT_EQ(lines(va1), lines(va2));
  EXPECT_NE(lines(va1), lines(va3));
  std::set<int64_t> seen;
  for (auto l : lines(tr1)) seen.insert(l);
  for (auto l : lines(va1)) EXPECT_TRUE(seen.insert(l).second) << "in both splits: " << l;
  EXPECT_EQ(seen.size(), 1000u);
  std::map<int, int> all_c, val_c;
  for (const auto& e : all) ++all_c[e.label];
  for (const auto& e : va1) ++val_c[e.label];
  for (auto [c, n] : all_c) EXPECT_NEAR(val_c[c], n * 0.1, 1.0) << "class " << c;
  // The validation split is interleaved, not grouped by class.
  std::set<int> first_labels;
  for (int i = 0; i < 12; ++i) first_labels.insert(va1[i].label);
  EXPECT_EQ(first_labels.size(), 3u);
}

TEST(Split, TinyClassesStayInTraining) {
  std::vector<Example> all = {{"a", 0, 1}, {"b", 1, 2}, {"c", 1, 3}};
  std::vector<Example> tr, va;
  stratified_split(all, 0.1, 1, tr, va);
  EXPECT_EQ(va.size(), 1u);  // at least one validation example
  EXPECT_EQ(tr.size(), 2u);
  EXPECT_EQ(va[0].label, 1);  // never the only example of class 0
}

TEST(Batches, TrainBatchDependsOnlyOnSeedAndStep) {
  const DataSet ds = small_set(300, 4, 1);
  const Tokenizer tok = Tokenizer::from_texts({"text 0123456789"});
  const BatchSource a(ds, tok, 8, 16, 42), b(ds, tok, 8, 16, 42), c(ds, tok, 8, 16, 43);
  for (int64_t step : {0, 1, 7, 1000, 123456}) {
    const Batch x = a.train_batch(step), y = b.train_batch(step);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.labels, y.labels);
  }
  EXPECT_EQ(a.train_batch(5).inputs, a.train_batch(5).inputs);  // no hidden state
  EXPECT_NE(a.train_batch(0).inputs, a.train_batch(1).inputs);
  EXPECT_NE(a.train_batch(3).inputs, c.train_batch(3).inputs);
}

TEST(Batches, EpochSamplerVisitsEveryExampleOncePerEpoch) {
  const DataSet ds = small_set(250, 3, 2);
  const auto n = static_cast<int64_t>(ds.train.size());
  const Tokenizer tok = Tokenizer::from_texts({"text 0123456789"});
  const BatchSource src(ds, tok, 5, 16, 9);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::vector<int> hits(static_cast<std::size_t>(n), 0);
    for (int64_t k = epoch * n; k < (epoch + 1) * n; ++k) ++hits[static_cast<std::size_t>(src.train_index(k / 5, static_cast<int>(k % 5)))];
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(hits[static_cast<std::size_t>(i)], 1) << "epoch " << epoch << " index " << i;
  }
  // Epochs are ordered differently.
  EXPECT_NE(src.train_index(0, 0) * 1000 + src.train_index(0, 1), src.train_index(n / 5, 0) * 1000 + src.train_index(n / 5, 1));
  const BatchSource rnd(ds, tok, 5, 16, 9, Sampler::Random);
  std::set<int64_t> drawn;
  for (int j = 0; j < 5; ++j) drawn.insert(rnd.train_index(0, j));
  EXPECT_GE(drawn.size(), 4u);
  for (auto i : drawn) EXPECT_LT(i, n);
}

TEST(Batches, BatchesFollowTheSpecLayoutAndLabels) {
  const DataSet ds = small_set(100, 2, 3);
  const Tokenizer tok = Tokenizer::from_texts({"text 0123456789"});
  const BatchSource src(ds, tok, 4, 6, 1);
  const Batch b = src.train_batch(2);
  ASSERT_EQ(b.B, 4);
  ASSERT_EQ(b.T, 6);
  for (int i = 0; i < b.B; ++i) {
    const auto& e = ds.train[static_cast<std::size_t>(src.train_index(2, i))];
    EXPECT_EQ(b.labels[i], e.label);
    EXPECT_EQ(b.inputs[static_cast<std::size_t>(i) * b.T], kBos);
    const auto ids = tok.encode(e.text);
    const int n = std::min<int>(static_cast<int>(ids.size()), 5);
    EXPECT_EQ(b.last[i], n);
    EXPECT_EQ(b.targets[static_cast<std::size_t>(i) * b.T + n], kEos);
    for (int j = 0; j < n; ++j) EXPECT_EQ(b.inputs[static_cast<std::size_t>(i) * b.T + j + 1], ids[j]);
  }
  EXPECT_EQ(b.n_truncated, 4);  // "text N" is at least 6 characters > block_size-1 = 5
}

TEST(Batches, ValidationBatchesInOrderLastOnePartial) {
  const DataSet ds = small_set(240, 2, 4);  // 2 x round(12.0) = 24 validation examples
  const Tokenizer tok = Tokenizer::from_texts({"text 0123456789"});
  const BatchSource src(ds, tok, 10, 16, 1);
  ASSERT_EQ(ds.val.size(), 24u);
  ASSERT_EQ(src.n_val_batches(), 3);
  EXPECT_EQ(src.val_batch(2).B, 4);
  for (int i = 0; i < 3; ++i) {
    const Batch b = src.val_batch(i);
    for (int j = 0; j < b.B; ++j) {
      const auto& e = ds.val[static_cast<std::size_t>(i * 10 + j)];
      EXPECT_EQ(b.labels[j], e.label);
      EXPECT_EQ(tok.decode(std::vector<int32_t>(b.inputs.begin() + j * b.T, b.inputs.begin() + (j + 1) * b.T)), e.text);
    }
  }
  EXPECT_THROW(src.val_batch(3), std::out_of_range);
}

TEST(Batches, UnlabelledDataGivesMinusOneLabels) {
  DataSet ds;
  std::vector<Example> all;
  for (int i = 0; i < 40; ++i) all.push_back(Example{"line " + std::to_string(i), -1, i + 1});
  stratified_split(all, 0.1, 1, ds.train, ds.val);
  const Tokenizer tok = Tokenizer::from_texts({"line 0123456789"});
  const BatchSource src(ds, tok, 8, 16, 1);
  for (int32_t l : src.train_batch(0).labels) EXPECT_EQ(l, -1);
  for (int32_t l : src.val_batch(0).labels) EXPECT_EQ(l, -1);
}

TEST(Batches, BuiltinCorpusEndToEnd) {
  RunSettings s;
  s.data = "builtin:zh?n=400";
  const DataSet ds = load_dataset(s);
  std::vector<std::string> texts;
  for (const auto& e : ds.train) texts.push_back(e.text);
  const Tokenizer tok = Tokenizer::from_texts(texts);
  EXPECT_GT(tok.vocab_size(), 50);
  const BatchSource src(ds, tok, s.batch_size, s.model.block_size, s.seed);
  const Batch b = src.train_batch(0);
  EXPECT_EQ(b.B, 32);
  EXPECT_EQ(b.n_truncated, 0);
  for (int32_t l : b.labels) EXPECT_TRUE(l >= 0 && l < 4);
}
