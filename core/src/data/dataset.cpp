// SPDX-License-Identifier: GPL-3.0-or-later
// load_dataset: source -> examples -> stratified split -> report; and the
// stateless batch source.
#include "losslab/data/dataset.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "importer_util.hpp"
#include "losslab/data/corpus.hpp"
#include "losslab/data/importers.hpp"
#include "rng.hpp"

namespace losslab {

namespace fs = std::filesystem;
using detail::mix;
using detail::Rng;

namespace {

constexpr uint64_t kSplitSalt = 0x73706c6974ull;  // "split"
constexpr uint64_t kTrainSalt = 0x747261696eull;  // "train"

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

double parse_fraction(const std::string& v) {
  std::size_t used = 0;
  double x = -1;
  try {
    x = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !(x > 0.0 && x <= 0.5))
    throw DataError("data option val=" + v + ": expected the validation fraction, a number above 0 and at most 0.5");
  return x;
}

std::string read_with_progress(const std::string& path, const ImportOptions& opt, double share) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || ec) throw DataError(path + ": cannot open the file (" + (ec ? ec.message() : std::strerror(errno)) + ")");
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(size));
  std::vector<char> chunk(1 << 20);
  while (in) {
    detail::check_cancel(opt);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (opt.progress && size > 0) opt.progress(share * static_cast<double>(bytes.size()) / static_cast<double>(size));
  }
  if (in.bad()) throw DataError(path + ": read error");
  return bytes;
}

}  // namespace

void stratified_split(const std::vector<Example>& all, double val_fraction, uint64_t seed,
                      std::vector<Example>& train, std::vector<Example>& val) {
  std::map<int32_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < all.size(); ++i) groups[all[i].label].push_back(i);
  std::vector<std::size_t> tr, va;
  for (auto& [label, idx] : groups) {
    Rng rng(mix(seed, kSplitSalt, static_cast<uint64_t>(static_cast<int64_t>(label))));
    shuffle(idx, rng);
    std::size_t n_val = static_cast<std::size_t>(std::llround(static_cast<double>(idx.size()) * val_fraction));
    n_val = std::min(n_val, idx.size() - 1);
    va.insert(va.end(), idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(n_val));
    tr.insert(tr.end(), idx.begin() + static_cast<std::ptrdiff_t>(n_val), idx.end());
  }
  if (va.empty() && all.size() >= 2 && val_fraction > 0) {
    // Tiny data: take one example of the largest class.
    std::size_t best = 0, best_n = 0;
    for (auto& [label, idx] : groups)
      if (idx.size() > best_n) {
        best_n = idx.size();
        best = idx.front();
      }
    va.push_back(best);
    tr.erase(std::find(tr.begin(), tr.end(), best));
  }
  // Interleave the classes (the first validation batches see all of them).
  std::sort(tr.begin(), tr.end());
  std::sort(va.begin(), va.end());
  Rng rng(mix(seed, kSplitSalt, 0xFFFFFFFFull));
  shuffle(tr, rng);
  shuffle(va, rng);
  train.clear();
  val.clear();
  for (auto i : tr) train.push_back(all[i]);
  for (auto i : va) val.push_back(all[i]);
}

void fill_report(DataSet& ds, int block_size) {
  DataReport& r = ds.report;
  r.class_names = ds.class_names;
  r.block_size = block_size;
  r.content_hash = ds.content_hash;
  r.n_train = static_cast<int64_t>(ds.train.size());
  r.n_val = static_cast<int64_t>(ds.val.size());
  r.n_examples = r.n_train + r.n_val;
  const std::size_t nc = ds.class_names.size();
  r.class_counts.assign(nc, 0);
  r.val_class_counts.assign(nc, 0);
  r.n_empty = r.n_duplicates = r.n_truncated = r.n_conflicting = r.n_val_in_train = 0;
  std::vector<int64_t> lens;
  lens.reserve(static_cast<std::size_t>(r.n_examples));
  struct Seen {
    int32_t label;
    bool conflict;
  };
  std::unordered_map<std::string, Seen> first_label;
  std::unordered_set<std::string> train_texts;
  auto visit = [&](const Example& e, bool is_val) {
    if (e.label >= 0 && static_cast<std::size_t>(e.label) < nc) {
      ++r.class_counts[e.label];
      if (is_val) ++r.val_class_counts[e.label];
    }
    const int64_t n = count_code_points(e.text);
    lens.push_back(n);
    if (n == 0) ++r.n_empty;
    if (n > block_size - 1) ++r.n_truncated;
    auto [it, fresh] = first_label.emplace(e.text, Seen{e.label, false});
    if (!fresh) {
      ++r.n_duplicates;
      if (it->second.label != e.label && !it->second.conflict) {
        it->second.conflict = true;
        ++r.n_conflicting;
      }
    }
    if (!is_val) train_texts.insert(e.text);
    else if (train_texts.count(e.text)) ++r.n_val_in_train;
  };
  for (const auto& e : ds.train) visit(e, false);
  for (const auto& e : ds.val) visit(e, true);
  std::sort(lens.begin(), lens.end());
  if (!lens.empty()) {
    r.len_min = lens.front();
    r.len_max = lens.back();
    r.len_median = lens[(lens.size() - 1) / 2];
    r.len_p90 = lens[static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(lens.size()))) - 1];
  }
  const Tokenizer tok = train_tokenizer(ds);
  r.n_unk_val = 0;
  for (const auto& e : ds.val) tok.encode(e.text, &r.n_unk_val);
}

DataSet load_dataset(const RunSettings& settings, const ProgressFn& progress, const std::atomic<bool>* cancel) {
  DataSpec spec = parse_data_spec(settings.data);
  double val_fraction = 0.1;
  if (auto it = spec.options.find("val"); it != spec.options.end()) {
    val_fraction = parse_fraction(it->second);
    spec.options.erase(it);
  }
  ImportOptions opt;
  opt.source = spec.source;
  opt.cancel = cancel;
  DataSet ds;
  ds.source = settings.data;
  std::vector<Example> all;
  ImportResult imp;
  auto check_cancel = [&] { detail::check_cancel(opt); };

  if (spec.source.rfind("builtin:", 0) == 0) {
    const CorpusOptions co = corpus_options(spec.source.substr(8), spec.options);
    check_cancel();
    Corpus c = generate_corpus(co, [&](double f) { if (progress) progress(0.9 * f); }, cancel);
    ds.name = spec.source;
    ds.format = "builtin";
    ds.class_names = std::move(c.class_names);
    all = std::move(c.examples);
    imp.encoding = "UTF-8";
    Sha256 h;
    h.update(co.to_string());
    for (const auto& e : all) {
      h.update(std::string_view("\0", 1));
      h.update(std::to_string(e.label));
      h.update(std::string_view("\t", 1));
      h.update(e.text);
    }
    ds.content_hash = h.hex();
    imp.notes.push_back("built-in corpus " + co.to_string());
  } else {
    std::string canon;  // options that change how the bytes are read
    for (const auto& [k, v] : spec.options) {
      if (k == "text") opt.text_column = v;
      else if (k == "label") opt.label_column = v;
      else if (k == "header") opt.header = v;
      else if (k == "encoding") opt.encoding = v;
      else if (k == "sep") {
        if (v.size() != 1 && v != "tab")
          throw DataError("data option sep=" + v + ": expected one character (or 'tab')");
        opt.delimiter = v == "tab" ? '\t' : v[0];
      } else
        throw DataError("data option '" + k + "' is unknown; expected text, label, header, encoding, sep or val");
      canon += "&" + k + "=" + v;
    }
    std::error_code ec;
    if (!fs::exists(spec.source, ec)) throw DataError(spec.source + ": no such file or folder");
    std::string format = settings.data_format.empty() ? "auto" : settings.data_format;
    ds.name = fs::path(spec.source).filename().string();
    if (ds.name.empty()) ds.name = fs::path(spec.source).parent_path().filename().string();
    if (fs::is_directory(spec.source, ec)) {
      if (format != "auto" && format != "folder")
        throw DataError(spec.source + ": is a folder, but the data format is '" + format + "'");
      opt.progress = [&](double f) {
        if (progress) progress(0.9 * f);
      };
      imp = import_folder(spec.source, opt, &ds.content_hash);
      if (!canon.empty()) ds.content_hash = sha256_hex(ds.content_hash + canon);
    } else {
      if (format == "folder") throw DataError(spec.source + ": the data format is 'folder' but this is a file");
      opt.progress = progress;
      const std::string bytes = read_with_progress(spec.source, opt, 0.3);
      if (format == "auto") format = detect_format(spec.source, std::string_view(bytes).substr(0, 65536));
      opt.progress = [&](double f) {
        if (progress) progress(0.3 + 0.6 * f);
      };
      if (format != "csv" && format != "tsv")
        for (const char* k : {"text", "label", "header", "sep"})
          if (spec.options.count(k))
            throw DataError(spec.source + ": option '" + k + "' applies to CSV and TSV files, but this file is read as " +
                            format);
      if (format == "csv") imp = import_csv(bytes, opt, ',');
      else if (format == "tsv") imp = import_csv(bytes, opt, '\t');
      else if (format == "fasttext") imp = import_fasttext(bytes, opt);
      else if (format == "text") imp = import_text(bytes, opt);
      else
        throw DataError(spec.source + ": unknown data format '" + format +
                        "'; expected auto, csv, tsv, fasttext, folder or text");
      Sha256 h;
      h.update(bytes);
      if (!canon.empty() || settings.data_format != "auto") {
        h.update(std::string_view("\0", 1));
        h.update("format=" + settings.data_format + canon);
      }
      ds.content_hash = h.hex();
    }
    ds.format = imp.format;
    ds.class_names = std::move(imp.class_names);
    all = std::move(imp.examples);
  }
  check_cancel();
  if (all.empty()) throw DataError(spec.source + ": no examples");
  if (ds.has_labels()) {
    std::vector<int64_t> counts(ds.class_names.size(), 0);
    for (const auto& e : all) ++counts[e.label];
    int present = 0;
    for (auto c : counts) present += c > 0;
    if (present < 2) {
      std::string only;
      for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] > 0) only = ds.class_names[i];
      throw DataError(spec.source + ": a single class: every example has the label '" + only +
                      "'; the classifier needs at least two classes (to train only the language model, "
                      "read the file as plain text or add ?label=none)");
    }
  }
  if (all.size() < 2) throw DataError(spec.source + ": only one example; expected at least two (train and validation)");
  stratified_split(all, val_fraction, settings.seed, ds.train, ds.val);
  ds.report.source = settings.data;
  ds.report.format = ds.format;
  ds.report.encoding = imp.encoding;
  ds.report.warnings = std::move(imp.warnings);
  ds.report.notes = std::move(imp.notes);
  ds.report.n_invalid_utf8 = imp.n_invalid_utf8;
  ds.report.invalid_utf8_lines = std::move(imp.invalid_utf8_lines);
  ds.report.n_skipped = imp.n_skipped;
  if (!ds.has_labels())
    ds.report.warnings.push_back(
        "no labels: only the language-model task can be trained; lambda is fixed at 1 (the classification term is off)");
  fill_report(ds, settings.model.block_size);
  if (ds.report.n_truncated > 0)
    ds.report.warnings.push_back(std::to_string(ds.report.n_truncated) + " texts are longer than block_size-1 = " +
                                 std::to_string(settings.model.block_size - 1) +
                                 " characters and will be cut to their first " +
                                 std::to_string(settings.model.block_size - 1));
  if (progress) progress(1.0);
  return ds;
}

std::string DataReport::to_text() const {
  std::ostringstream o;
  auto pct = [](int64_t a, int64_t b) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << (b > 0 ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0)
      << "%";
    return s.str();
  };
  o << "Data set:   " << source << "\n";
  o << "Format:     " << format << (encoding.empty() ? "" : ", " + encoding) << "\n";
  if (!content_hash.empty()) o << "Hash:       sha256:" << content_hash << "\n";
  o << "Examples:   " << n_examples << " (train " << n_train << ", validation " << n_val << ")\n";
  if (n_skipped > 0) o << "Skipped:    " << n_skipped << " input rows (see warnings)\n";
  if (class_counts.empty()) {
    o << "Classes:    none (language-model task only)\n";
  } else {
    o << "Classes:    " << class_counts.size() << "\n";
    std::size_t width = 5;
    for (const auto& n : class_names) width = std::max(width, n.size());
    for (std::size_t c = 0; c < class_counts.size(); ++c) {
      const std::string name = c < class_names.size() ? class_names[c] : std::to_string(c);
      o << "  " << name << std::string(width - std::min(width, name.size()) + 2, ' ') << std::setw(8) << class_counts[c]
        << "  " << std::setw(6) << pct(class_counts[c], n_examples);
      if (c < val_class_counts.size()) o << "  (validation " << val_class_counts[c] << ")";
      o << "\n";
    }
    int64_t majority = *std::max_element(class_counts.begin(), class_counts.end());
    o << "  majority-class accuracy " << pct(majority, n_examples) << "\n";
  }
  o << "Length:     min " << len_min << ", median " << len_median << ", p90 " << len_p90 << ", max " << len_max
    << " characters\n";
  o << "Cut:        " << n_truncated << " texts longer than block_size-1 = " << (block_size - 1) << " ("
    << pct(n_truncated, n_examples) << ")\n";
  o << "Empty:      " << n_empty << "\n";
  o << "Duplicates: " << n_duplicates;
  if (n_conflicting > 0) o << " (" << n_conflicting << " with a different label)";
  if (n_val_in_train > 0) o << "; " << n_val_in_train << " validation texts also in train";
  o << "\n";
  o << "Invalid UTF-8: " << n_invalid_utf8 << " sequences replaced with U+FFFD";
  if (!invalid_utf8_lines.empty()) {
    o << " (first at line" << (invalid_utf8_lines.size() > 1 ? "s " : " ");
    for (std::size_t i = 0; i < invalid_utf8_lines.size(); ++i) o << (i ? ", " : "") << invalid_utf8_lines[i];
    o << ")";
  }
  o << "\n";
  o << "Unknown:    " << n_unk_val << " validation characters not in the training vocabulary (<unk>)\n";
  if (!warnings.empty()) {
    o << "Warnings:\n";
    for (const auto& w : warnings) o << "  - " << w << "\n";
  }
  if (!notes.empty()) {
    o << "Notes:\n";
    for (const auto& n : notes) o << "  - " << n << "\n";
  }
  return o.str();
}

// ------------------------------------------------------------ BatchSource

namespace {

// A bijection of [0, n) chosen by key: a 4-round Feistel network on the
// smallest even-bit power of two >= n, cycle-walking back into range. O(1)
// per index, so an epoch's permutation never has to be stored.
uint64_t permute(uint64_t i, uint64_t n, uint64_t key) {
  if (n <= 1) return 0;
  int bits = 2;
  while ((uint64_t{1} << bits) < n) bits += 2;
  const int half = bits / 2;
  const uint64_t mask = (uint64_t{1} << half) - 1;
  do {
    uint64_t l = i >> half, r = i & mask;
    for (uint64_t round = 0; round < 4; ++round) {
      const uint64_t f = mix(key, round, r) & mask;
      const uint64_t nl = r;
      r = l ^ f;
      l = nl;
    }
    i = (l << half) | r;
  } while (i >= n);
  return i;
}

}  // namespace

Tokenizer train_tokenizer(const DataSet& data) {
  std::vector<std::string> texts;
  texts.reserve(data.train.size());
  for (const auto& e : data.train) texts.push_back(e.text);
  return Tokenizer::from_texts(texts);
}

BatchSource::BatchSource(const DataSet& data, const Tokenizer& tok, int batch_size, int block_size, uint64_t seed,
                         Sampler sampler)
    : data_(&data), tok_(&tok), batch_size_(batch_size), block_size_(block_size), seed_(seed), sampler_(sampler) {
  if (batch_size < 1) throw std::invalid_argument("BatchSource: batch_size must be at least 1");
  if (block_size < 2) throw std::invalid_argument("BatchSource: block_size must be at least 2");
  if (data.train.empty()) throw DataError("BatchSource: the training split is empty");
  train_ids_.reserve(data.train.size());
  for (const auto& e : data.train) train_ids_.push_back(tok.encode(e.text));
  val_ids_.reserve(data.val.size());
  for (const auto& e : data.val) val_ids_.push_back(tok.encode(e.text));
}

int64_t BatchSource::train_index(int64_t step, int j) const {
  const auto n = static_cast<uint64_t>(train_ids_.size());
  const auto k = static_cast<uint64_t>(step) * static_cast<uint64_t>(batch_size_) + static_cast<uint64_t>(j);
  if (sampler_ == Sampler::Random) return static_cast<int64_t>(Rng(mix(seed_, kTrainSalt, k)).below(n));
  return static_cast<int64_t>(permute(k % n, n, mix(seed_, kTrainSalt ^ 0xE90C, k / n)));
}

Batch BatchSource::train_batch(int64_t step) const {
  Batch b;
  train_batch(step, b);
  return b;
}

void BatchSource::train_batch(int64_t step, Batch& out) const {
  if (step < 0) throw std::invalid_argument("BatchSource::train_batch: negative step");
  scratch_texts_.resize(static_cast<std::size_t>(batch_size_));
  scratch_labels_.resize(static_cast<std::size_t>(batch_size_));
  for (int j = 0; j < batch_size_; ++j) {
    const auto i = static_cast<std::size_t>(train_index(step, j));
    scratch_texts_[j] = &train_ids_[i];
    scratch_labels_[j] = data_->has_labels() ? data_->train[i].label : -1;
  }
  out.fill(scratch_texts_, scratch_labels_, block_size_);
}

Batch BatchSource::val_batch(int index) const {
  if (index < 0 || index >= n_val_batches())
    throw std::out_of_range("BatchSource::val_batch: index " + std::to_string(index) + " not in [0, " +
                            std::to_string(n_val_batches()) + ")");
  const std::size_t begin = static_cast<std::size_t>(index) * static_cast<std::size_t>(batch_size_);
  const std::size_t end = std::min(val_ids_.size(), begin + static_cast<std::size_t>(batch_size_));
  std::vector<std::vector<int32_t>> texts(val_ids_.begin() + static_cast<std::ptrdiff_t>(begin),
                                          val_ids_.begin() + static_cast<std::ptrdiff_t>(end));
  std::vector<int32_t> labels;
  for (std::size_t i = begin; i < end; ++i) labels.push_back(data_->has_labels() ? data_->val[i].label : -1);
  return Batch::from_tokens(texts, labels, block_size_);
}

int BatchSource::n_val_batches() const {
  return static_cast<int>((val_ids_.size() + static_cast<std::size_t>(batch_size_) - 1) /
                          static_cast<std::size_t>(batch_size_));
}

}  // namespace losslab
