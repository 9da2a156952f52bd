// SPDX-License-Identifier: GPL-3.0-or-later
// Property test: thousands of random and mutated inputs to every parser.
// Each must return examples of valid UTF-8 with labels in range, or throw a
// DataError; never crash, hang or throw anything else.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"

using namespace losslab;

namespace {

const char kUtf16[] = "\xFF\xFEt\0e\0x\0t\0,\0l\0\n\0a\0,\0b\0\n\0";

const std::vector<std::string> kSeeds = {
    "text,label\n\"a, b\",x\n\"q \"\"c\"\"\",y\nplain,x\n",
    "label,text\r\nx,\"multi\r\nline\"\r\ny,z\r\n",
    "\xEF\xBB\xBFtext,label\n你好,a\n再见,b\n",
    std::string(kUtf16, sizeof(kUtf16) - 1),
    "text\tlabel\nhello\tpos\nbye\tneg\n",
    "__label__pos good\n__label__neg bad\n__label__a __label__b two\n",
    "line one\nline two\n\nline three\r\n",
    "a;b\nc;d\n",
    "\"unterminated,x\ny,z\n",
};

// A few bytes that matter to the parsers, chosen more often than others.
const char kSpecial[] = {',', '"', '\n', '\r', '\t', ';', '_', ' ', '\xEF', '\xBB', '\xBF', '\xFF', '\xFE', '\xC3', '\0'};

std::string mutate(std::string s, std::mt19937& g) {
  const int edits = 1 + static_cast<int>(g() % 8);
  for (int e = 0; e < edits; ++e) {
    const auto pos = s.empty() ? 0 : g() % (s.size() + 1);
    const char c = g() % 2 ? kSpecial[g() % sizeof(kSpecial)] : static_cast<char>(g() & 0xFF);
    switch (g() % 4) {
      case 0: s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c); break;
      case 1:
        if (pos < s.size()) s.erase(pos, 1 + g() % 3);
        break;
      case 2:
        if (pos < s.size()) s[pos] = c;
        break;
      default:
        if (!s.empty()) s.insert(pos, s.substr(g() % s.size(), g() % 8));
    }
  }
  return s;
}

std::string random_bytes(std::mt19937& g) {
  std::string s(g() % 200, '\0');
  for (auto& c : s) c = g() % 3 ? kSpecial[g() % sizeof(kSpecial)] : static_cast<char>(g() & 0xFF);
  return s;
}

void check(const ImportResult& r) {
  for (const auto& e : r.examples) {
    int64_t bad = 0;
    decode_utf8(e.text, &bad);
    ASSERT_EQ(bad, 0) << "invalid UTF-8 reached an example";
    if (r.class_names.empty()) ASSERT_EQ(e.label, -1);
    else ASSERT_TRUE(e.label >= 0 && e.label < static_cast<int32_t>(r.class_names.size()));
    ASSERT_GE(e.source_line, 1);
  }
}

template <class Parse>
void run(Parse parse, std::mt19937& g, int n, int& ok, int& rejected) {
  for (int i = 0; i < n; ++i) {
    const std::string input = i % 3 == 0 ? random_bytes(g) : mutate(kSeeds[g() % kSeeds.size()], g);
    try {
      check(parse(input));
      ++ok;
    } catch (const DataError&) {
      ++rejected;
    }
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "input was: " << ::testing::PrintToString(input);
      return;
    }
  }
}

}  // namespace

TEST(ParserProperty, RandomAndMutatedInputsNeverCrash) {
  const auto start = std::chrono::steady_clock::now();
  std::mt19937 g(20240611);
  ImportOptions opt;
  opt.source = "fuzz";
  int ok = 0, rejected = 0;
  run([&](const std::string& s) { return import_csv(s, opt, ','); }, g, 3000, ok, rejected);
  run([&](const std::string& s) { return import_csv(s, opt, '\t'); }, g, 1500, ok, rejected);
  ImportOptions named = opt;
  named.text_column = "text";
  named.label_column = "2";
  run([&](const std::string& s) { return import_csv(s, named, ','); }, g, 1000, ok, rejected);
  run([&](const std::string& s) { return import_fasttext(s, opt); }, g, 2000, ok, rejected);
  run([&](const std::string& s) { return import_text(s, opt); }, g, 2000, ok, rejected);
  for (const char* enc : {"utf-16", "gb18030", "utf-8"}) {
    ImportOptions e = opt;
    e.encoding = enc;
    run([&](const std::string& s) { return import_text(s, e); }, g, 500, ok, rejected);
  }
  for (int i = 0; i < 3000; ++i) {
    const std::string s = random_bytes(g);
    int64_t bad = 0;
    const std::string clean = sanitize_utf8(s, &bad);
    int64_t again = 0;
    ASSERT_EQ(encode_utf8(decode_utf8(clean, &again)), clean);
    ASSERT_EQ(again, 0);
    (void)detect_format("x", s);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("seconds", std::to_string(seconds));
  EXPECT_GT(ok, 1000);       // most mutated inputs still parse
  EXPECT_GT(rejected, 100);  // and the errors are exercised
  EXPECT_LT(seconds, 2.0);
}
