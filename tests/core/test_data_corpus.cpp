// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in corpus: deterministic, within its limits, knobs that do what they say.
#include <gtest/gtest.h>

#include <set>

#include "losslab/data/corpus.hpp"
#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"

using namespace losslab;

namespace {
std::string bytes_of(const Corpus& c) {
  std::string s;
  for (const auto& e : c.examples) s += std::to_string(e.label) + "\t" + e.text + "\n";
  return s;
}
CorpusOptions opts(const std::string& lang, std::map<std::string, std::string> knobs = {}) {
  return corpus_options(lang, knobs);
}
}  // namespace

TEST(Corpus, SameSeedSameBytesDifferentSeedDiffers) {
  for (const char* lang : {"en", "zh"}) {
    const auto a = generate_corpus(opts(lang, {{"n", "500"}}));
    const auto b = generate_corpus(opts(lang, {{"n", "500"}}));
    const auto c = generate_corpus(opts(lang, {{"n", "500"}, {"seed", "2"}}));
    EXPECT_EQ(sha256_hex(bytes_of(a)), sha256_hex(bytes_of(b))) << lang;
    EXPECT_NE(bytes_of(a), bytes_of(c)) << lang;
    EXPECT_EQ(a.examples.size(), 500u);
  }
}

TEST(Corpus, LoadDatasetHashIsStableAndFollowsKnobs) {
  RunSettings s;
  s.data = "builtin:en?n=300";
  const auto a = load_dataset(s);
  EXPECT_EQ(load_dataset(s).content_hash, a.content_hash);
  s.data = "builtin:en?n=300&noise=0.2";
  EXPECT_NE(load_dataset(s).content_hash, a.content_hash);
  // The run seed changes the split, not the corpus.
  s.data = "builtin:en?n=300";
  s.seed = 99;
  EXPECT_EQ(load_dataset(s).content_hash, a.content_hash);
}

TEST(Corpus, DefaultsFitTheDefaultBlockAndHaveFourBalancedClasses) {
  const auto c = generate_corpus(CorpusOptions{});
  EXPECT_EQ(c.class_names, (std::vector<std::string>{"food", "film", "music", "sport"}));
  std::vector<int> counts(4, 0);
  std::set<std::string> distinct;
  for (const auto& e : c.examples) {
    ASSERT_LE(count_code_points(e.text), 60) << e.text;
    ASSERT_GE(e.label, 0);
    ASSERT_LT(e.label, 4);
    ++counts[e.label];
    distinct.insert(e.text);
  }
  for (int n : counts) EXPECT_NEAR(n, 2000, 150);
  EXPECT_GT(distinct.size(), 7000u);  // real variety, not a handful of templates
}

TEST(Corpus, ChineseIsInChineseCharacters) {
  const auto c = generate_corpus(opts("zh", {{"n", "200"}}));
  EXPECT_EQ(c.class_names[0], "食物");
  for (const auto& e : c.examples) {
    int cjk = 0, ascii = 0;
    for (char32_t ch : decode_utf8(e.text)) {
      if (ch >= 0x4E00 && ch <= 0x9FFF) ++cjk;
      if (ch < 0x80) ++ascii;
    }
    EXPECT_EQ(ascii, 0) << e.text;
    EXPECT_GE(cjk, 4) << e.text;
  }
}

TEST(Corpus, LabelNeedsContextMostTextsNameTwoTopics) {
  // Count texts naming nouns of two different topics: a bag of words cannot
  // tell which of the two the writer liked.
  const std::vector<std::vector<std::string>> nouns = {
      {"soup", "cake", "salad", "pie"}, {"film", "movie", "actor", "ending"}, {"song", "album", "band", "singer"},
      {"match", "team", "coach", "race"}};
  const auto c = generate_corpus(opts("en", {{"n", "1000"}}));
  int two = 0, liked_named = 0;
  for (const auto& e : c.examples) {
    int topics = 0;
    bool label_topic = false;
    for (std::size_t t = 0; t < nouns.size(); ++t)
      for (const auto& n : nouns[t])
        if (e.text.find(n) != std::string::npos) {
          ++topics;
          if (static_cast<int>(t) == e.label) label_topic = true;
          break;
        }
    two += topics >= 2;
    liked_named += label_topic;
  }
  EXPECT_GT(two, 450);
  EXPECT_LT(two, 750);
  EXPECT_EQ(liked_named, 1000);  // the class is always one of the topics named
}

TEST(Corpus, NoiseReplacesAboutThatFractionOfLabels) {
  const auto clean = generate_corpus(opts("en", {{"n", "4000"}}));
  const auto noisy = generate_corpus(opts("en", {{"n", "4000"}, {"noise", "0.2"}}));
  int changed = 0;
  for (std::size_t i = 0; i < clean.examples.size(); ++i) {
    ASSERT_EQ(clean.examples[i].text, noisy.examples[i].text);
    changed += clean.examples[i].label != noisy.examples[i].label;
  }
  EXPECT_NEAR(changed / 4000.0, 0.2, 0.03);
}

TEST(Corpus, ImbalanceClassesAndLength) {
  const auto c = generate_corpus(opts("en", {{"n", "4000"}, {"imbalance", "0.5"}, {"classes", "3"}}));
  std::vector<int> counts(3, 0);
  for (const auto& e : c.examples) ++counts[e.label];
  // weights 1 : 0.5 : 0.25
  EXPECT_NEAR(counts[0] / 4000.0, 1 / 1.75, 0.03);
  EXPECT_NEAR(counts[1] / 4000.0, 0.5 / 1.75, 0.03);
  EXPECT_NEAR(counts[2] / 4000.0, 0.25 / 1.75, 0.03);
  const auto eight = generate_corpus(opts("zh", {{"n", "800"}, {"classes", "8"}, {"len", "120"}}));
  std::set<int> labels;
  int64_t longest = 0;
  for (const auto& e : eight.examples) {
    labels.insert(e.label);
    longest = std::max(longest, count_code_points(e.text));
  }
  EXPECT_EQ(labels.size(), 8u);
  EXPECT_LE(longest, 120);
  const auto shorter = generate_corpus(opts("en", {{"n", "300"}, {"len", "30"}}));
  for (const auto& e : shorter.examples) EXPECT_LE(count_code_points(e.text), 30) << e.text;
}

TEST(Corpus, BadKnobsAreNamed) {
  auto msg = [](std::map<std::string, std::string> k) {
    try {
      corpus_options("en", k);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(msg({{"classes", "9"}}).find("classes=9"), std::string::npos);
  EXPECT_NE(msg({{"noise", "x"}}).find("not a number"), std::string::npos);
  EXPECT_NE(msg({{"imbalance", "1"}}).find("imbalance=1"), std::string::npos);
  EXPECT_NE(msg({{"size", "10"}}).find("unknown knob 'size'"), std::string::npos);
  EXPECT_NE(msg({{"n", "2.5"}}).find("whole number"), std::string::npos);
}
