// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in corpus generator (see corpus.hpp and docs/data.md).
#include "losslab/data/corpus.hpp"

#include <cmath>
#include <unordered_set>
#include <sstream>

#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"
#include "rng.hpp"

namespace losslab {

using detail::Rng;

namespace {

constexpr int kMaxTopics = 8;

// ---------------------------------------------------------------- English
struct EnNoun {
  const char* sg;
  const char* pl;
};
struct EnTopic {
  const char* name;
  EnNoun nouns[4];
};
const EnTopic kEnTopics[kMaxTopics] = {
    {"food", {{"soup", "soups"}, {"cake", "cakes"}, {"salad", "salads"}, {"pie", "pies"}}},
    {"film", {{"film", "films"}, {"movie", "movies"}, {"actor", "actors"}, {"ending", "endings"}}},
    {"music", {{"song", "songs"}, {"album", "albums"}, {"band", "bands"}, {"singer", "singers"}}},
    {"sport", {{"match", "matches"}, {"team", "teams"}, {"coach", "coaches"}, {"race", "races"}}},
    {"travel", {{"hotel", "hotels"}, {"flight", "flights"}, {"beach", "beaches"}, {"trip", "trips"}}},
    {"books", {{"book", "books"}, {"novel", "novels"}, {"poem", "poems"}, {"author", "authors"}}},
    {"weather", {{"storm", "storms"}, {"breeze", "breezes"}, {"sunset", "sunsets"}, {"cloud", "clouds"}}},
    {"games", {{"puzzle", "puzzles"}, {"level", "levels"}, {"quest", "quests"}, {"console", "consoles"}}},
};
const char* kEnGood[] = {"good", "great", "lovely", "superb", "fun", "nice"};
const char* kEnBad[] = {"bad", "awful", "dull", "boring", "poor", "terrible"};
const char* kEnAdverb[] = {"really", "very", "quite", "so"};
const char* kEnDetSg[] = {"the", "this", "that", "my", "our"};
const char* kEnDetPl[] = {"the", "these", "those", "my", "our"};

struct EnSubject {
  const char* word;
  bool third_singular;
};
const EnSubject kEnSubjects[] = {{"I", false},   {"we", false},       {"they", false}, {"my friend", true},
                                 {"she", true},  {"he", true},        {"my sister", true}};
struct EnVerb {
  const char* base;
  const char* third;
  const char* past;
};
const EnVerb kEnLike[] = {{"like", "likes", "liked"}, {"love", "loves", "loved"}, {"enjoy", "enjoys", "enjoyed"}};
const EnVerb kEnHate[] = {{"hate", "hates", "hated"}, {"dislike", "dislikes", "disliked"}};

// One clause about topic t whose meaning is `positive`.
std::string en_clause(Rng& rng, int t, bool positive, bool past, double negation) {
  const EnNoun& noun = kEnTopics[t].nouns[rng.below(4)];
  const bool plural = rng.chance(0.3);
  const std::string np = std::string(plural ? rng.pick(kEnDetPl) : rng.pick(kEnDetSg)) + " " + (plural ? noun.pl : noun.sg);
  const bool negated = rng.chance(negation);
  if (rng.chance(0.55)) {
    // Copula: "the soup was not bad" (negation flips the adjective).
    const bool adj_good = positive != negated;
    std::string verb = past ? (plural ? "were" : "was") : (plural ? "are" : "is");
    std::string s = np + " ";
    if (negated) s += rng.chance(0.3) ? verb + "n't " : verb + " not ";
    else s += verb + " " + (rng.chance(0.3) ? std::string(rng.pick(kEnAdverb)) + " " : std::string());
    return s + (adj_good ? rng.pick(kEnGood) : rng.pick(kEnBad));
  }
  // Verb: "my friend does not like the soup" (only liking is negated).
  const EnSubject& subj = rng.pick(kEnSubjects);
  std::string s = std::string(subj.word) + " ";
  if (positive || !negated) {
    const EnVerb& v = positive ? rng.pick(kEnLike) : rng.pick(kEnHate);
    s += past ? v.past : (subj.third_singular ? v.third : v.base);
  } else {
    const EnVerb& v = rng.pick(kEnLike);
    const bool contract = rng.chance(0.3);
    if (past) s += contract ? "didn't " : "did not ";
    else if (subj.third_singular) s += contract ? "doesn't " : "does not ";
    else s += contract ? "don't " : "do not ";
    s += v.base;
  }
  return s + " " + np;
}

std::string capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string en_text(Rng& rng, int liked, const std::vector<int>& disliked, double negation) {
  const bool past = rng.chance(0.6);
  const std::string p = en_clause(rng, liked, true, past, negation);
  std::vector<std::string> n;
  for (int t : disliked) n.push_back(en_clause(rng, t, false, past, negation));
  const char* end = rng.chance(0.1) ? "!" : ".";
  if (n.empty()) return capitalise(p) + end;
  if (n.size() == 1) {
    switch (rng.below(6)) {
      case 0: return capitalise(p) + ", but " + n[0] + end;
      case 1: return capitalise(n[0]) + ", but " + p + end;
      case 2: return "Although " + n[0] + ", " + p + end;
      case 3: return "Although " + p + ", " + n[0] + end;
      case 4: return capitalise(p) + ". " + capitalise(n[0]) + end;
      default: return capitalise(n[0]) + ". " + capitalise(p) + end;
    }
  }
  std::string list;
  for (std::size_t i = 0; i < n.size(); ++i)
    list += (i == 0 ? "" : (i + 1 == n.size() ? " and " : ", ")) + n[i];
  if (rng.chance(0.5)) return capitalise(list) + ", but " + p + end;
  return capitalise(p) + ", but " + list + end;
}

// ---------------------------------------------------------------- Chinese
struct ZhNoun {
  const char* noun;
  const char* measure;
};
struct ZhTopic {
  const char* name;
  ZhNoun nouns[4];
};
const ZhTopic kZhTopics[kMaxTopics] = {
    {"食物", {{"汤", "碗"}, {"面条", "碗"}, {"饺子", "盘"}, {"蛋糕", "块"}}},
    {"电影", {{"电影", "部"}, {"演员", "位"}, {"结局", "个"}, {"剧本", "个"}}},
    {"音乐", {{"歌", "首"}, {"专辑", "张"}, {"乐队", "支"}, {"歌手", "位"}}},
    {"体育", {{"比赛", "场"}, {"球队", "支"}, {"教练", "位"}, {"球员", "名"}}},
    {"旅行", {{"酒店", "家"}, {"航班", "趟"}, {"海滩", "片"}, {"旅行", "次"}}},
    {"书籍", {{"书", "本"}, {"小说", "部"}, {"诗", "首"}, {"作者", "位"}}},
    {"天气", {{"雨", "场"}, {"风", "阵"}, {"雪", "场"}, {"雾", "场"}}},
    {"游戏", {{"游戏", "款"}, {"关卡", "个"}, {"谜题", "道"}, {"手柄", "个"}}},
};
const char* kZhGood[] = {"好", "棒", "精彩", "有趣", "出色"};
const char* kZhBad[] = {"差", "糟糕", "无聊", "乏味", "平庸"};
const char* kZhDegree[] = {"很", "真", "非常", "挺", "特别", "十分"};
const char* kZhNot[] = {"不", "并不", "一点也不"};
const char* kZhDet[] = {"这", "那"};
const char* kZhSubjects[] = {"我", "我们", "朋友", "妈妈", "爸爸", "老师", "他", "她", "同学们"};
const char* kZhLike[] = {"喜欢", "爱", "欣赏"};

std::string zh_clause(Rng& rng, int t, bool positive, double negation) {
  const ZhNoun& noun = kZhTopics[t].nouns[rng.below(4)];
  const std::string np = std::string(rng.pick(kZhDet)) + noun.measure + noun.noun;
  const bool negated = rng.chance(negation);
  if (rng.chance(0.55)) {
    // 这碗汤并不差 / 这碗汤很不错 (不错 contains 不 but means good).
    const bool adj_good = positive != negated;
    if (negated) return np + rng.pick(kZhNot) + (adj_good ? rng.pick(kZhGood) : rng.pick(kZhBad));
    if (adj_good && rng.chance(0.2)) return np + rng.pick(kZhDegree) + "不错";
    return np + rng.pick(kZhDegree) + (adj_good ? rng.pick(kZhGood) : rng.pick(kZhBad));
  }
  const std::string subj = rng.pick(kZhSubjects);
  if (positive) return subj + (rng.chance(0.5) ? rng.pick(kZhDegree) : "") + rng.pick(kZhLike) + np;
  if (negated) return subj + (rng.chance(0.5) ? "不" : "一点也不") + rng.pick(kZhLike) + np;
  return subj + (rng.chance(0.3) ? "很" : "") + "讨厌" + np;
}

std::string zh_text(Rng& rng, int liked, const std::vector<int>& disliked, double negation) {
  const std::string p = zh_clause(rng, liked, true, negation);
  std::vector<std::string> n;
  for (int t : disliked) n.push_back(zh_clause(rng, t, false, negation));
  const char* end = rng.chance(0.1) ? "！" : "。";
  if (n.empty()) return p + end;
  if (n.size() == 1) {
    switch (rng.below(5)) {
      case 0: return p + "，但是" + n[0] + end;
      case 1: return n[0] + "，但是" + p + end;
      case 2: return "虽然" + n[0] + "，但是" + p + end;
      case 3: return "虽然" + p + "，但是" + n[0] + end;
      default: return n[0] + "。" + p + end;
    }
  }
  std::string list;
  for (std::size_t i = 0; i < n.size(); ++i) list += (i == 0 ? "" : "，") + n[i];
  if (rng.chance(0.5)) return list + "，但是" + p + end;
  return p + "，但是" + list + end;
}

double parse_number(const std::string& key, const std::string& v) {
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !std::isfinite(x))
    throw DataError("builtin corpus: " + key + "=" + v + " is not a number");
  return x;
}

int parse_int(const std::string& key, const std::string& v, int lo, int hi) {
  const double x = parse_number(key, v);
  if (x != std::floor(x) || x < lo || x > hi)
    throw DataError("builtin corpus: " + key + "=" + v + "; expected a whole number from " + std::to_string(lo) +
                    " to " + std::to_string(hi));
  return static_cast<int>(x);
}

double parse_range(const std::string& key, const std::string& v, double lo, double hi, bool hi_open) {
  const double x = parse_number(key, v);
  if (x < lo || x > hi || (hi_open && x >= hi)) {
    std::ostringstream m;
    m << "builtin corpus: " << key << "=" << v << "; expected a number from " << lo << (hi_open ? " up to (not " : " to ")
      << hi << (hi_open ? ")" : "");
    throw DataError(m.str());
  }
  return x;
}

}  // namespace

std::string CorpusOptions::to_string() const {
  std::ostringstream s;
  s << "builtin:" << lang << "?n=" << n << "&classes=" << classes << "&noise=" << noise << "&imbalance=" << imbalance
    << "&len=" << len << "&negation=" << negation << "&seed=" << seed;
  return s.str();
}

CorpusOptions corpus_options(const std::string& lang, const std::map<std::string, std::string>& knobs) {
  CorpusOptions o;
  if (lang != "en" && lang != "zh")
    throw DataError("builtin corpus '" + lang + "': expected builtin:en or builtin:zh");
  o.lang = lang;
  for (const auto& [k, v] : knobs) {
    if (k == "n") o.n = parse_int(k, v, 10, 10'000'000);
    else if (k == "classes") o.classes = parse_int(k, v, 2, kMaxTopics);
    else if (k == "noise") o.noise = parse_range(k, v, 0.0, 1.0, false);
    else if (k == "imbalance") o.imbalance = parse_range(k, v, 0.0, 1.0, true);
    else if (k == "len") o.len = parse_int(k, v, 24, 100'000);
    else if (k == "negation") o.negation = parse_range(k, v, 0.0, 1.0, false);
    else if (k == "seed") o.seed = static_cast<uint64_t>(parse_int(k, v, 0, 2'000'000'000));
    else
      throw DataError("builtin corpus: unknown knob '" + k +
                      "'; expected n, classes, noise, imbalance, len, negation or seed (and val for the split)");
  }
  return o;
}

Corpus generate_corpus(const CorpusOptions& opt, const ProgressFn& progress, const std::atomic<bool>* cancel) {
  if (opt.classes < 2 || opt.classes > kMaxTopics) throw DataError("builtin corpus: classes must be 2..8");
  if (opt.len < 24) throw DataError("builtin corpus: len must be at least 24");
  Corpus c;
  const bool zh = opt.lang == "zh";
  for (int t = 0; t < opt.classes; ++t) c.class_names.push_back(zh ? kZhTopics[t].name : kEnTopics[t].name);
  std::vector<double> cum(opt.classes);
  double w = 1.0, total = 0.0;
  for (int t = 0; t < opt.classes; ++t) {
    total += w;
    cum[t] = total;
    w *= 1.0 - opt.imbalance;
  }
  // Most texts mention two topics (so the label needs the negation), some
  // one; longer limits allow lists of disliked topics.
  const int max_extra = std::min(opt.classes - 1, 1 + std::max(0, (opt.len - 60) / 30));
  Rng rng(detail::mix(opt.seed, zh ? 2 : 1, 0x636f72707573ull));
  // Noise has its own stream, so the same seed gives the same texts at every noise level.
  Rng noise_rng(detail::mix(opt.seed, zh ? 2 : 1, 0x6e6f697365ull));
  c.examples.reserve(static_cast<std::size_t>(opt.n));
  // Texts are drawn again when they repeat an earlier one (up to a limit),
  // so few validation texts also occur in training.
  std::unordered_set<std::string> seen;
  for (int i = 0; i < opt.n; ++i) {
    if (i % 4096 == 0) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw DataCancelled("builtin corpus: loading cancelled");
      if (progress) progress(static_cast<double>(i) / opt.n);
    }
    const double u = rng.uniform() * total;
    int label = 0;
    while (label + 1 < opt.classes && u >= cum[label]) ++label;
    std::string text;
    for (int attempt = 0;; ++attempt) {
      int extra = rng.chance(0.4) ? 0 : 1 + static_cast<int>(rng.below(static_cast<uint64_t>(max_extra)));
      if (attempt >= 20) extra = 0;
      std::vector<int> others;
      while (static_cast<int>(others.size()) < extra) {
        const int t = static_cast<int>(rng.below(static_cast<uint64_t>(opt.classes)));
        if (t != label && std::find(others.begin(), others.end(), t) == others.end()) others.push_back(t);
      }
      text = zh ? zh_text(rng, label, others, opt.negation) : en_text(rng, label, others, opt.negation);
      const bool fits = count_code_points(text) <= opt.len;
      if ((fits && (attempt >= 30 || !seen.count(text))) || attempt >= 200) break;
    }
    seen.insert(text);
    const bool flip = noise_rng.chance(opt.noise);
    const int shift = 1 + static_cast<int>(noise_rng.below(static_cast<uint64_t>(opt.classes - 1)));
    if (flip) {
      label = (label + shift) % opt.classes;
    }
    c.examples.push_back(Example{std::move(text), label, i + 1});
  }
  return c;
}

}  // namespace losslab
