// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <random>

#include "losslab/batch.hpp"
#include "losslab/data/tokenizer.hpp"

using namespace losslab;

TEST(Tokenizer, SpecIdsAreSortedCodePointsAfterFourSpecials) {
  const Tokenizer t = Tokenizer::from_texts({"cab", "bad"});
  ASSERT_EQ(t.vocab_size(), 4 + 4);  // a b c d
  EXPECT_EQ(t.chars(), (std::vector<char32_t>{U'a', U'b', U'c', U'd'}));
  EXPECT_EQ(t.encode("abcd"), (std::vector<int32_t>{4, 5, 6, 7}));
  EXPECT_EQ(t.token_text(kPad), "<pad>");
  EXPECT_EQ(t.token_text(kBos), "<bos>");
  EXPECT_EQ(t.token_text(kEos), "<eos>");
  EXPECT_EQ(t.token_text(kUnk), "<unk>");
  EXPECT_EQ(t.token_text(6), "c");
  EXPECT_EQ(t.decode({kBos, 6, 4, 5, kEos, kPad}), "cab");
}

TEST(Tokenizer, UnknownCharactersMapToUnkAndAreCounted) {
  const Tokenizer t = Tokenizer::from_texts({"ab"});
  int64_t unk = 0;
  EXPECT_EQ(t.encode("axbz", &unk), (std::vector<int32_t>{4, kUnk, 5, kUnk}));
  EXPECT_EQ(unk, 2);
  t.encode("zz", &unk);
  EXPECT_EQ(unk, 4);  // accumulates
}

TEST(Tokenizer, ChineseByCodePointNotByte) {
  const Tokenizer t = Tokenizer::from_texts({"你好", "好的。"});
  // 。 U+3002 < 你 U+4F60 < 好 U+597D < 的 U+7684
  EXPECT_EQ(t.chars(), (std::vector<char32_t>{U'\u3002', U'\u4F60', U'\u597D', U'\u7684'}));
  EXPECT_EQ(t.encode("你好的"), (std::vector<int32_t>{5, 6, 7}));
  EXPECT_EQ(t.decode(t.encode("好的。你")), "好的。你");
  EXPECT_EQ(t.token_text(5), "你");
}

TEST(Tokenizer, FromCharsChecksOrder) {
  EXPECT_NO_THROW(Tokenizer::from_chars({U'a', U'b'}));
  EXPECT_THROW(Tokenizer::from_chars({U'b', U'a'}), std::invalid_argument);
  EXPECT_THROW(Tokenizer::from_chars({U'a', U'a'}), std::invalid_argument);
  const Tokenizer t = Tokenizer::from_chars({U'x', U'\u4F60'});
  EXPECT_EQ(t.id_of(U'\u4F60'), 5);
  EXPECT_EQ(t.id_of(U'y'), kUnk);
}

TEST(Utf8, InvalidSequencesBecomeReplacementCharactersByMaximalSubpart) {
  // The example of the Unicode Standard, section 3.9 (U+FFFD substitution of maximal subparts).
  int64_t bad = 0;
  const auto s = decode_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", &bad);
  EXPECT_EQ(s, U"a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd");
  EXPECT_EQ(bad, 6);
}

TEST(Utf8, RejectsOverlongSurrogatesAndTooLarge) {
  int64_t bad = 0;
  EXPECT_EQ(decode_utf8("\xC0\xAF", &bad), U"\uFFFD\uFFFD");          // overlong '/'
  EXPECT_EQ(decode_utf8("\xED\xA0\x80", &bad), U"\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80", &bad), U"\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
  EXPECT_EQ(decode_utf8("\xE4\xBD", &bad), U"\uFFFD");                 // cut short at the end
  EXPECT_EQ(bad, 2 + 3 + 4 + 1);
  bad = 0;
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80 \xE4\xBD\xA0", &bad), U"\U0001F600 \u4F60");
  EXPECT_EQ(bad, 0);
}

TEST(Utf8, EncodeDecodeRoundTripOverRandomCodePoints) {
  std::mt19937 gen(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::u32string s;
    for (int i = 0; i < 20; ++i) {
      char32_t c = static_cast<char32_t>(gen() % 0x110000);
      if (c >= 0xD800 && c <= 0xDFFF) c = 0x41;
      s.push_back(c);
    }
    int64_t bad = 0;
    ASSERT_EQ(decode_utf8(encode_utf8(s), &bad), s);
    ASSERT_EQ(bad, 0);
  }
  EXPECT_EQ(encode_utf8(U"\xD800"), "\xEF\xBF\xBD");  // a lone surrogate cannot be encoded
}

TEST(Utf8, SanitizeCountsAndNamesLines) {
  int64_t bad = 0;
  std::vector<int64_t> lines;
  const std::string out = sanitize_utf8("ok\nbad \xFF here\nok\n\xC3\n", &bad, &lines);
  EXPECT_EQ(out, "ok\nbad \xEF\xBF\xBD here\nok\n\xEF\xBF\xBD\n");
  EXPECT_EQ(bad, 2);
  EXPECT_EQ(lines, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(count_code_points("a你\xF0\x9F\x98\x80"), 3);
}
