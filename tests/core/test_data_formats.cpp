// SPDX-License-Identifier: GPL-3.0-or-later
// fastText, folder-per-class, plain text, format detection, data strings,
// load_dataset errors, report, progress and cancel, hashes.
#include <gtest/gtest.h>

#include <set>

#include "data_test_util.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/data/importers.hpp"

using namespace losslab;

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}
ImportOptions named(const std::string& source) {
  ImportOptions o;
  o.source = source;
  return o;
}
}  // namespace

TEST(Sha256Hash, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 h;  // fed in pieces
  const std::string million(1000000, 'a');
  for (std::size_t i = 0; i < million.size(); i += 999) h.update(std::string_view(million).substr(i, 999));
  EXPECT_EQ(h.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(FastText, LabelsAndText) {
  const auto r = import_fasttext(
      "__label__pos I loved it\n\n__label__neg   awful film\r\n__label__pos __label__funny two labels\n",
      named("f.txt"));
  ASSERT_EQ(r.examples.size(), 3u);
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"neg", "pos"}));
  EXPECT_EQ(r.examples[0].text, "I loved it");
  EXPECT_EQ(r.examples[1].text, "awful film");
  EXPECT_EQ(r.examples[1].source_line, 3);
  EXPECT_EQ(r.examples[2].text, "two labels");
  EXPECT_EQ(r.class_names[r.examples[2].label], "pos");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings.back().find("more than one label"), std::string::npos);
}

TEST(FastText, LinesWithoutLabelAreSkippedAndNamed) {
  const auto r = import_fasttext("__label__a one\nno label\n__label__ empty\n__label__b two\n", named("f.ft"));
  EXPECT_EQ(r.examples.size(), 2u);
  EXPECT_EQ(r.n_skipped, 2);
  ASSERT_GE(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("f.ft:2:1: expected a label"), std::string::npos) << r.warnings[0];
  EXPECT_NE(r.warnings[1].find("f.ft:3:1: empty label"), std::string::npos) << r.warnings[1];
  const auto msg = error_of([] { import_fasttext("no labels\nat all\n", named("g.ft")); });
  EXPECT_NE(msg.find("g.ft: no examples"), std::string::npos) << msg;
  EXPECT_NE(msg.find("g.ft:1:1"), std::string::npos) << msg;
}

TEST(PlainText, OneExamplePerNonEmptyLine) {
  const auto r = import_text("\xEF\xBB\xBF" "first line\r\n\n   \nsecond  line \n", named("p.txt"));
  ASSERT_EQ(r.examples.size(), 2u);
  EXPECT_EQ(r.examples[0].text, "first line");
  EXPECT_EQ(r.examples[1].text, "second  line ");
  EXPECT_EQ(r.examples[1].source_line, 4);
  EXPECT_EQ(r.examples[0].label, -1);
  EXPECT_TRUE(r.class_names.empty());
  EXPECT_NE(error_of([] { import_text("\n\n  \n", named("e.txt")); }).find("e.txt: no examples"), std::string::npos);
}

TEST(Folder, ClassPerSubfolderLikeLoadFiles) {
  test::TempDir dir;
  dir.file("pos/a.txt", "good one\n");
  dir.file("pos/b.TXT", "very good\r\n");
  dir.file("neg/c.txt", "bad one");
  dir.file("neg/notes.md", "ignored");
  dir.file("neg/.hidden.txt", "ignored");
  dir.file("README", "ignored");
  std::string h1;
  const auto r = import_folder(dir.path(), {}, &h1);
  EXPECT_EQ(r.class_names, (std::vector<std::string>{"neg", "pos"}));
  ASSERT_EQ(r.examples.size(), 3u);
  EXPECT_EQ(r.examples[0].text, "bad one");
  EXPECT_EQ(r.class_names[r.examples[0].label], "neg");
  EXPECT_EQ(r.examples[1].text, "good one");
  EXPECT_EQ(r.examples[2].text, "very good");
  EXPECT_EQ(r.warnings.size(), 2u);  // README, notes.md
  // The hash follows the content.
  std::string h2;
  import_folder(dir.path(), {}, &h2);
  EXPECT_EQ(h1, h2);
  dir.file("neg/c.txt", "bad one!");
  import_folder(dir.path(), {}, &h2);
  EXPECT_NE(h1, h2);
  // Through load_dataset.
  RunSettings s;
  s.data = dir.path();
  const DataSet ds = load_dataset(s);
  EXPECT_EQ(ds.format, "folder");
  EXPECT_EQ(ds.content_hash, h2);
  EXPECT_EQ(ds.train.size() + ds.val.size(), 3u);
}

TEST(Folder, EmptyOrFlatFolderIsAnError) {
  test::TempDir dir;
  EXPECT_NE(error_of([&] { import_folder(dir.path(), {}); }).find("no class folders"), std::string::npos);
  dir.file("a/x.md", "");
  EXPECT_NE(error_of([&] { import_folder(dir.path(), {}); }).find("no .txt files"), std::string::npos);
}

TEST(Formats, DetectedFromExtensionAndContent) {
  EXPECT_EQ(detect_format("a.csv", "whatever"), "csv");
  EXPECT_EQ(detect_format("a.TSV", ""), "tsv");
  EXPECT_EQ(detect_format("a.txt", "__label__x hi\n__label__y ho\n"), "fasttext");
  EXPECT_EQ(detect_format("a.txt", "hello, world\nbye, now\n"), "text");
  EXPECT_EQ(detect_format("data", "a\tb\nc\td\n"), "tsv");
  EXPECT_EQ(detect_format("data", "a,b\nc,d\n"), "csv");
  EXPECT_EQ(detect_format("data", "just words\nmore words\n"), "text");
}

TEST(Formats, DataStringOptions) {
  auto s = parse_data_spec("builtin:en?n=100&classes=3");
  EXPECT_EQ(s.source, "builtin:en");
  EXPECT_EQ(s.options.at("n"), "100");
  EXPECT_EQ(s.options.at("classes"), "3");
  s = parse_data_spec("/no/such/file.csv?text=review&label=stars");
  EXPECT_EQ(s.source, "/no/such/file.csv");
  EXPECT_EQ(s.options.size(), 2u);
  EXPECT_TRUE(parse_data_spec("plain.csv").options.empty());
  EXPECT_THROW(parse_data_spec("x.csv?text"), DataError);
  EXPECT_THROW(parse_data_spec("x.csv?a=1&a=2"), DataError);
  // A file whose name has a '?' is taken as it is.
  test::TempDir dir;
  const std::string odd = dir.file("what?.txt", "a\nb\n");
  EXPECT_EQ(parse_data_spec(odd).source, odd);
}

TEST(LoadDataset, ErrorsNameTheSource) {
  RunSettings s;
  s.data = "/no/such/data.csv";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("/no/such/data.csv: no such file"), std::string::npos);
  s.data = "builtin:fr";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("builtin:en or builtin:zh"), std::string::npos);
  s.data = "builtin:en?val=0.9";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("val=0.9"), std::string::npos);
  test::TempDir dir;
  s.data = dir.file("x.csv", "text,label\na,b\nc,d\n");
  s.data_format = "folder";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("this is a file"), std::string::npos);
  s.data_format = "auto";
  s.data = dir.file("lines.txt", "a\nb\n") + "?text=2";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("option 'text' applies to CSV and TSV"), std::string::npos);
  s.data = dir.file("empty.txt", "");
  s.data_format = "auto";
  EXPECT_NE(error_of([&] { load_dataset(s); }).find("no examples"), std::string::npos);
}

TEST(LoadDataset, PlainTextHasNoLabelsAndSaysLambdaIsFixed) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 50; ++i) lines += "line number " + std::to_string(i) + "\n";
  RunSettings s;
  s.data = dir.file("lm.txt", lines);
  const DataSet ds = load_dataset(s);
  EXPECT_EQ(ds.format, "text");
  EXPECT_FALSE(ds.has_labels());
  EXPECT_EQ(ds.n_class(), 1);
  EXPECT_EQ(ds.val.size(), 5u);
  for (const auto& e : ds.train) EXPECT_EQ(e.label, -1);
  const std::string text = ds.report.to_text();
  EXPECT_NE(text.find("lambda is fixed at 1"), std::string::npos) << text;
  EXPECT_NE(text.find("none (language-model task only)"), std::string::npos) << text;
}

TEST(LoadDataset, ReportCountsTruncatedDuplicatesEmptyAndInvalid) {
  test::TempDir dir;
  RunSettings s;
  s.model.block_size = 8;  // texts longer than 7 characters are cut
  s.data = dir.file("r.csv",
                    "text,label\nshort,a\nthis one is long,b\nshort,a\nshort,b\n\"\",a\n\xFF\xFE bad,b\n"
                    "fine,a\nalso fine,b\n");
  const DataSet ds = load_dataset(s);
  const DataReport& r = ds.report;
  EXPECT_EQ(r.n_examples, 8);
  EXPECT_EQ(r.n_train + r.n_val, 8);
  EXPECT_EQ(r.n_truncated, 2);  // "this one is long", "also fine"
  EXPECT_EQ(r.n_duplicates, 2);
  EXPECT_EQ(r.n_conflicting, 1);
  EXPECT_EQ(r.n_empty, 1);
  EXPECT_EQ(r.n_invalid_utf8, 2);
  EXPECT_EQ(r.invalid_utf8_lines, (std::vector<int64_t>{7}));
  EXPECT_EQ(r.class_counts, (std::vector<int64_t>{4, 4}));
  EXPECT_EQ(r.len_min, 0);
  EXPECT_EQ(r.len_max, 16);
  const std::string text = r.to_text();
  EXPECT_NE(text.find("Cut:        2 texts longer than block_size-1 = 7"), std::string::npos) << text;
  EXPECT_NE(text.find("first at line 7"), std::string::npos) << text;
  EXPECT_NE(text.find("2 texts are longer than block_size-1"), std::string::npos) << text;
}

TEST(LoadDataset, ContentHashFollowsTheBytes) {
  test::TempDir dir;
  RunSettings s;
  s.data = dir.file("h.csv", "text,label\na,x\nb,y\nc,x\n");
  const auto h1 = load_dataset(s).content_hash;
  EXPECT_EQ(h1.size(), 64u);
  EXPECT_EQ(load_dataset(s).content_hash, h1);
  dir.file("h.csv", "text,label\na,x\nb,y\nc,y\n");
  EXPECT_NE(load_dataset(s).content_hash, h1);
}

TEST(LoadDataset, ProgressIsReportedAndCancelStops) {
  test::TempDir dir;
  std::string big = "text,label\n";
  for (int i = 0; i < 60000; ++i) big += "example number " + std::to_string(i) + "," + (i % 3 ? "a" : "b") + "\n";
  RunSettings s;
  s.data = dir.file("big.csv", big);
  std::vector<double> seen;
  load_dataset(s, [&](double f) { seen.push_back(f); });
  ASSERT_GE(seen.size(), 3u);
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  std::atomic<bool> cancel{false};
  EXPECT_THROW(load_dataset(s, [&](double f) { if (f > 0.4) cancel = true; }, &cancel), DataCancelled);
  cancel = true;
  EXPECT_THROW(load_dataset(s, {}, &cancel), DataCancelled);
  s.data = "builtin:zh?n=100000";
  EXPECT_THROW(load_dataset(s, {}, &cancel), DataCancelled);
}

TEST(RoundTrip, CorpusWrittenAsFastTextTextAndFoldersReadsBackTheSame) {
  const RunSettings base;
  RunSettings s = base;
  s.data = "builtin:zh?n=60&classes=3";
  const DataSet src = load_dataset(s);
  std::vector<Example> all = src.train;
  all.insert(all.end(), src.val.begin(), src.val.end());
  test::TempDir dir;
  std::string ft, txt;
  for (const auto& e : all) {
    ft += "__label__" + src.class_names[e.label] + " " + e.text + "\n";
    txt += e.text + "\r\n";
  }
  for (std::size_t i = 0; i < all.size(); ++i)
    dir.file("folder/" + src.class_names[all[i].label] + "/" + std::to_string(1000 + i) + ".txt", all[i].text + "\n");
  const auto f = import_fasttext(ft, named("rt.ft"));
  const auto t = import_text(txt, named("rt.txt"));
  const auto d = import_folder(dir.path() + "/folder", {});
  ASSERT_EQ(f.examples.size(), all.size());
  ASSERT_EQ(t.examples.size(), all.size());
  ASSERT_EQ(d.examples.size(), all.size());
  std::multiset<std::pair<std::string, std::string>> want, got_d;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(f.examples[i].text, all[i].text);
    EXPECT_EQ(f.class_names[f.examples[i].label], src.class_names[all[i].label]);
    EXPECT_EQ(t.examples[i].text, all[i].text);
    want.insert({src.class_names[all[i].label], all[i].text});
    got_d.insert({d.class_names[d.examples[i].label], d.examples[i].text});
  }
  EXPECT_EQ(got_d, want);
}
