// SPDX-License-Identifier: GPL-3.0-or-later
// CSV/TSV import: every tricky case of the issue, errors naming line and column, round trips.
#include <gtest/gtest.h>

#include "data_test_util.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/data/importers.hpp"

using namespace losslab;

namespace {

ImportResult csv(const std::string& bytes, ImportOptions opt = {}, char delim = ',') {
  opt.source = "t.csv";
  return import_csv(bytes, opt, delim);
}

std::vector<std::string> texts(const ImportResult& r) {
  std::vector<std::string> v;
  for (const auto& e : r.examples) v.push_back(e.text);
  return v;
}

std::string label_of(const ImportResult& r, std::size_t i) { return r.class_names.at(r.examples.at(i).label); }

bool has_warning(const ImportResult& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

bool has_note(const ImportResult& r, const std::string& part) {
  for (const auto& w : r.notes)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Csv, HeaderByNameQuotingAndDoubledQuotes) {
  const auto r = csv("text,label\n\"Hello, world\",pos\n\"She said \"\"hi\"\"\",neg\nplain,pos\n");
  EXPECT_EQ(texts(r), (std::vector<std::string>{"Hello, world", "She said \"hi\"", "plain"}));
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"neg", "pos"}));
  EXPECT_EQ(label_of(r, 0), "pos");
  EXPECT_EQ(label_of(r, 1), "neg");
  EXPECT_EQ(r.examples[0].source_line, 2);
  EXPECT_EQ(r.examples[2].source_line, 4);
}

TEST(Csv, EmbeddedNewlinesKeepLineNumbersRight) {
  const auto r = csv("label,text\na,\"line one\nline two\nline three\"\nb,next\n\nc,\"x\r\ny\"\nd,last\n");
  ASSERT_EQ(r.examples.size(), 4u);
  EXPECT_EQ(r.examples[0].text, "line one\nline two\nline three");
  EXPECT_EQ(r.examples[0].source_line, 2);
  EXPECT_EQ(r.examples[1].text, "next");
  EXPECT_EQ(r.examples[1].source_line, 5);
  EXPECT_EQ(r.examples[2].text, "x\r\ny");
  EXPECT_EQ(r.examples[2].source_line, 7);
  EXPECT_EQ(r.examples[3].source_line, 9);
}

TEST(Csv, CrlfLineEnds) {
  const auto r = csv("text,label\r\nfirst,a\r\nsecond,b\r\n");
  EXPECT_EQ(texts(r), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.examples[1].source_line, 3);
}

TEST(Csv, Utf8BomIsStrippedSoTheHeaderIsFound) {
  const auto r = csv("\xEF\xBB\xBFtext,label\n你好,a\nbye,b\n");
  EXPECT_EQ(texts(r), (std::vector<std::string>{"你好", "bye"}));
  EXPECT_EQ(r.encoding, "UTF-8 (with BOM)");
}

TEST(Csv, Utf16WithBomBothByteOrders) {
  const std::u16string s = u"text,label\n你好,a\nbye,b\n";
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  for (char16_t c : s) {
    le += static_cast<char>(c & 0xFF);
    le += static_cast<char>(c >> 8);
    be += static_cast<char>(c >> 8);
    be += static_cast<char>(c & 0xFF);
  }
  const auto a = csv(le), b = csv(be);
  EXPECT_EQ(texts(a), (std::vector<std::string>{"你好", "bye"}));
  EXPECT_EQ(texts(b), texts(a));
  EXPECT_EQ(a.encoding, "UTF-16LE");
  EXPECT_EQ(b.encoding, "UTF-16BE");
  EXPECT_EQ(a.n_invalid_utf8, 0);
}

TEST(Csv, Gb18030FromChineseExcelIsDetected) {
  // "text,label\n你好世界,正面\n坏天气,负面\n" in GB18030.
  const std::string gb =
      "text,label\n\xC4\xE3\xBA\xC3\xCA\xC0\xBD\xE7,\xD5\xFD\xC3\xE6\n\xBB\xB5\xCC\xEC\xC6\xF8,\xB8\xBA\xC3\xE6\n";
  const auto r = csv(gb);
  EXPECT_EQ(r.encoding, "GB18030");
  EXPECT_EQ(texts(r), (std::vector<std::string>{"你好世界", "坏天气"}));
  EXPECT_EQ(label_of(r, 0), "正面");
  EXPECT_EQ(r.n_invalid_utf8, 0);
  EXPECT_TRUE(has_warning(r, "GB18030"));
  // Asked for UTF-8 explicitly: replacement characters, counted, with lines.
  ImportOptions o;
  o.encoding = "utf-8";
  o.header = "yes";
  const auto u = csv(gb, o);
  EXPECT_GT(u.n_invalid_utf8, 0);
  EXPECT_EQ(u.invalid_utf8_lines, (std::vector<int64_t>{2, 3}));
}

TEST(Csv, InvalidUtf8IsReplacedAndCounted) {
  const auto r = csv("text,label\ngood,a\nbad \xFF\xFE text,b\nok,a\n\xC3 x,b\n");
  EXPECT_EQ(r.n_invalid_utf8, 3);
  EXPECT_EQ(r.invalid_utf8_lines, (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(r.examples[1].text, "bad \xEF\xBF\xBD\xEF\xBF\xBD text");
}

TEST(Csv, HeaderDetectedWithoutKnownNames) {
  // A numeric column under a word.
  const auto r = csv("opinion,stars5\ngreat stuff,5\nawful,1\nfine,3\n");
  EXPECT_EQ(r.examples.size(), 3u);
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"1", "3", "5"}));
  // No header: the first row is data.
  const auto n = csv("great stuff,pos\nawful,neg\nfine,pos\nmeh,neg\n");
  EXPECT_EQ(n.examples.size(), 4u);
  EXPECT_EQ(n.examples[0].text, "great stuff");
  EXPECT_TRUE(has_note(n, "no header row"));
  EXPECT_TRUE(has_note(r, "text column 1 'opinion', label column 2 'stars5', first row is a header"));
}

TEST(Csv, NumericLabelsSortNumerically) {
  const auto r = csv("text,label\na,10\nb,2\nc,1\n");
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"1", "2", "10"}));
}

TEST(Csv, ColumnsByNameAndByNumber) {
  const std::string data = "id,review,stars,source\n1,nice place,5,web\n2,too loud,1,app\n3,ok,3,web\n";
  ImportOptions o;
  o.text_column = "review";
  o.label_column = "source";
  auto r = csv(data, o);
  EXPECT_EQ(texts(r), (std::vector<std::string>{"nice place", "too loud", "ok"}));
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"app", "web"}));
  o.text_column = "2";
  o.label_column = "3";
  r = csv(data, o);
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"1", "3", "5"}));
  // Detected: the header names 'review' and 'stars'.
  r = csv(data);
  EXPECT_EQ(texts(r)[0], "nice place");
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"1", "3", "5"}));
  // Case-insensitive names.
  o.text_column = "REVIEW";
  o.label_column = "Stars";
  EXPECT_EQ(csv(data, o).examples.size(), 3u);
}

TEST(Csv, MissingColumnErrorNamesFileLineAndHeader) {
  ImportOptions o;
  o.text_column = "body";
  const auto msg = error_of([&] { csv("text,label\na,b\nc,d\n", o); });
  EXPECT_NE(msg.find("t.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing column"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'body'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'text'"), std::string::npos) << msg;
  o.text_column = "7";
  const auto m2 = error_of([&] { csv("text,label\na,b\n", o); });
  EXPECT_NE(m2.find("column 7 does not exist"), std::string::npos) << m2;
}

TEST(Csv, StrayQuoteIsReadLenientlyWithAWarningNamingLineAndColumn) {
  const auto r = csv("text,label\nfine,a\nhe said \"hi\" twice,b\nok,a\n");
  ASSERT_EQ(r.examples.size(), 3u);
  EXPECT_EQ(r.examples[1].text, "he said \"hi\" twice");
  EXPECT_TRUE(has_warning(r, "t.csv:3:9: not strict RFC 4180")) << r.warnings.front();
  const auto t = csv("text,label\n\"quoted\"tail,a\nok,b\n");
  EXPECT_TRUE(has_warning(t, "t.csv:2:9")) << t.warnings.front();
  EXPECT_TRUE(has_warning(t, "after a closing quote"));
}

TEST(Csv, UnterminatedQuoteIsReportedAtTheRowWhereItStarts) {
  const auto r = csv("text,label\nok,a\nfine,b\n\"never closed,a\nmore,b\n");
  EXPECT_TRUE(has_warning(r, "t.csv:4: not strict RFC 4180")) << r.warnings.front();
  EXPECT_TRUE(has_warning(r, "never closed"));
  EXPECT_GE(r.examples.size(), 2u);
}

TEST(Csv, BadRowsAreSkippedAndReportedWithLineAndColumn) {
  const auto r = csv("text,label\ngood,a\n  ,\nno label here,\nshort\nfine,b\n");
  EXPECT_EQ(texts(r), (std::vector<std::string>{"good", "fine"}));
  EXPECT_EQ(r.n_skipped, 3);
  EXPECT_TRUE(has_warning(r, "t.csv:4:2: empty label in column 2 'label'"));
  EXPECT_TRUE(has_warning(r, "t.csv:5: row has 1 fields, expected at least 2"));
}

TEST(Csv, NoUsableRowsIsAnErrorNamingTheFirstProblem) {
  const auto msg = error_of([] { csv("text,label\nx,\ny,\n"); });
  EXPECT_NE(msg.find("no usable rows"), std::string::npos) << msg;
  EXPECT_NE(msg.find("t.csv:2:2"), std::string::npos) << msg;
  EXPECT_NE(error_of([] { csv(""); }).find("no rows"), std::string::npos);
  EXPECT_NE(error_of([] { csv("text,label\n"); }).find("no data rows after the header"), std::string::npos);
}

TEST(Csv, SemicolonAndTsv) {
  const auto s = csv("text;label\nhello, you;a\nbye;b\n");
  EXPECT_EQ(texts(s), (std::vector<std::string>{"hello, you", "bye"}));
  ImportOptions o;
  const auto t = import_csv("text\tlabel\n a, b \tx\n\"q\"\ty\n", o, '\t');
  EXPECT_EQ(t.format, "tsv");
  EXPECT_EQ(t.examples[0].text, " a, b ");  // TSV keeps spaces
  EXPECT_EQ(t.examples[1].text, "q");
}

TEST(Csv, OneColumnOrLabelNoneIsLanguageModelOnly) {
  const auto r = csv("just text\nmore text\n");
  EXPECT_TRUE(r.class_names.empty());
  EXPECT_EQ(r.examples[0].label, -1);
  ImportOptions o;
  o.label_column = "none";
  const auto n = csv("text,label\na,b\nc,d\n", o);
  EXPECT_TRUE(n.class_names.empty());
  EXPECT_EQ(texts(n), (std::vector<std::string>{"a", "c"}));
}

namespace {
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}
}  // namespace

TEST(Csv, RoundTripWriteThenRead) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"comma, inside", "a"},          {"quote \" inside", "b"},  {"new\nline", "a"},
      {"crlf\r\ninside", "b"},          {"中文，标点。", "c"},      {"  padded  ", "a"},
      {"", "b"},                        {"tab\there", "c"},        {"\"\"", "a"}};
  std::string file = "text,label\r\n";
  for (const auto& [t, l] : rows) file += quote(t) + "," + quote(l) + "\r\n";
  const auto r = csv(file);
  ASSERT_EQ(r.examples.size(), rows.size());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(r.examples[i].text, rows[i].first) << i;
    EXPECT_EQ(label_of(r, i), rows[i].second) << i;
  }
}

TEST(Csv, LoadDatasetSingleClassIsAnError) {
  test::TempDir dir;
  RunSettings s;
  s.data = dir.file("one.csv", "text,label\na,x\nb,x\nc,x\n");
  const auto msg = error_of([&] { load_dataset(s); });
  EXPECT_NE(msg.find("a single class"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'x'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("one.csv"), std::string::npos) << msg;
  // ...but fine as a language-model data set.
  s.data += "?label=none";
  const DataSet ds = load_dataset(s);
  EXPECT_FALSE(ds.has_labels());
}

TEST(Csv, LoadDatasetOptionsFromTheDataString) {
  test::TempDir dir;
  RunSettings s;
  const std::string path = dir.file("r.csv", "id,review,stars\n1,nice,5\n2,bad,1\n3,ok,5\n4,meh,1\n5,good,5\n");
  s.data = path + "?text=review&label=stars&val=0.4";
  const DataSet ds = load_dataset(s);
  EXPECT_EQ(ds.format, "csv");
  EXPECT_EQ(ds.class_names, (std::vector<std::string>{"1", "5"}));
  EXPECT_EQ(ds.train.size() + ds.val.size(), 5u);
  EXPECT_EQ(ds.val.size(), 2u);
  s.data = path + "?txt=review";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("'txt' is unknown"), std::string::npos);
  // The options are part of the content hash.
  s.data = path + "?text=review&label=id";
  EXPECT_NE(load_dataset(s).content_hash, ds.content_hash);
}

TEST(Csv, LenientRetryKeepsTheRestOfTheFile) {
  // libcsv's non-strict mode would reopen the field at the stray quote and
  // swallow every later row; the lenient reader keeps them.
  const auto r = csv("text,label\n\"quoted\" tail ,a\nok,b\n\"x\"\"y\",a\n");
  ASSERT_EQ(r.examples.size(), 3u);
  EXPECT_EQ(r.examples[0].text, "quoted tail");
  EXPECT_EQ(r.examples[1].text, "ok");
  EXPECT_EQ(r.examples[2].text, "x\"y");
  EXPECT_EQ(r.examples[2].source_line, 4);
  // A quote that never closes is taken literally.
  const auto u = csv("text,label\nfine,a\n\"open,b\nnext,a\n");
  ASSERT_EQ(u.examples.size(), 3u);
  EXPECT_EQ(u.examples[1].text, "\"open");
  EXPECT_EQ(u.examples[2].source_line, 4);
}
