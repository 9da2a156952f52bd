// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a lesson file: every field checked, unknown fields refused, each
// error naming the lesson's source and the field's path.
#include "losslab/lesson.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "lesson_check.hpp"
#include "losslab/safetensors.hpp"  // parse_json_strict

namespace losslab {
namespace {

using json = nlohmann::json;

constexpr const char* kSchema = "losslab.lesson/1";

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw LessonError("lesson '" + source_ + "' field '" + field + "': " + what);
  }

  // The object's keys must all be in `known`; `required` must be present.
  void keys(const json& j, const std::string& field, std::initializer_list<std::string_view> known,
            std::initializer_list<std::string_view> required) const {
    if (!j.is_object()) fail(field, std::string("expected an object, got ") + j.type_name());
    for (const auto& [k, _] : j.items()) {
      bool ok = false;
      for (auto n : known) ok = ok || n == k;
      if (!ok) {
        std::string list;
        for (auto n : known) list += (list.empty() ? "" : ", ") + std::string(n);
        fail(sub(field, k), "unknown field (expected one of: " + list + ")");
      }
    }
    for (auto r : required)
      if (!j.contains(std::string(r))) fail(sub(field, std::string(r)), "missing");
  }

  static std::string sub(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }
  static std::string at(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

  std::string text(const json& j, const std::string& field) const {
    if (!j.is_string()) fail(field, std::string("expected a string, got ") + j.type_name());
    auto s = j.get<std::string>();
    if (s.empty()) fail(field, "expected a non-empty string");
    return s;
  }

  LocalText local(const json& j, const std::string& field) const {
    if (j.is_string()) return {text(j, field), {}};  // one language only: English
    keys(j, field, {"en", "zh_CN"}, {"en"});
    LocalText t;
    t.en = text(j.at("en"), sub(field, "en"));
    if (j.contains("zh_CN")) t.zh_CN = text(j.at("zh_CN"), sub(field, "zh_CN"));
    return t;
  }

  const json& array(const json& j, const std::string& field, std::size_t min_size) const {
    if (!j.is_array()) fail(field, std::string("expected an array, got ") + j.type_name());
    if (j.size() < min_size) fail(field, "expected at least " + std::to_string(min_size) + " entries");
    return j;
  }

  // Settings overrides on top of `base`, through the settings code.
  RunSettings settings(const json& j, const std::string& field, const RunSettings& base) const {
    if (!j.is_object()) fail(field, std::string("expected an object of settings, got ") + j.type_name());
    for (const auto& [k, v] : j.items()) {
      // Each key alone first, so that the message names it (n_embd % n_head is checked below).
      RunSettings probe;
      probe.model.n_head = 1;
      if (k == "n_head" && v.is_number_integer() && v.get<long long>() >= 1 && v.get<long long>() <= 4096)
        probe.model.n_embd = v.get<int>();
      try {
        set_setting(probe, k, v);
      } catch (const SettingsError& e) {
        fail(sub(field, k), strip_setting_prefix(e.what()));
      }
    }
    try {
      RunSettings s = settings_from_json(j, base);
      s.validate();
      return s;
    } catch (const SettingsError& e) {
      fail(field, e.what());
    }
  }

  SessionOptions options(const json& j, const std::string& field, SessionOptions o) const {
    keys(j, field, {"snapshot_every", "spike_factor", "interaction_every"}, {});
    auto count = [&](const char* key, int& out) {
      if (!j.contains(key)) return;
      const json& v = j.at(key);
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 1'000'000'000)
        fail(sub(field, key), "expected an integer >= 0, got " + v.dump());
      out = v.get<int>();
    };
    count("snapshot_every", o.snapshot_every);
    count("interaction_every", o.interaction_every);
    if (j.contains("spike_factor")) {
      const json& v = j.at("spike_factor");
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
        fail(sub(field, "spike_factor"), "expected a number >= 0 (0 = off), got " + v.dump());
      o.spike_factor = v.get<double>();
    }
    return o;
  }

 private:
  // "setting 'lr': expected ..." -> "expected ..." (the field path names the key already).
  static std::string strip_setting_prefix(const std::string& m) {
    const std::string p = "setting '";
    if (m.rfind(p, 0) == 0) {
      auto end = m.find("': ");
      if (end != std::string::npos) return m.substr(end + 3);
    }
    return m;
  }
  std::string source_;
};

}  // namespace

const std::string& LocalText::in(std::string_view language) const {
  return language.substr(0, 2) == "zh" && !zh_CN.empty() ? zh_CN : en;
}

const LessonRun* Lesson::find_run(std::string_view name) const {
  for (const auto& r : runs)
    if (r.name == name) return &r;
  return nullptr;
}

bool LessonOutcome::all_passed() const {
  for (const auto& c : checks)
    if (!c.passed) return false;
  return !checks.empty();
}

Lesson parse_lesson(std::string_view text, const std::string& source) {
  Reader r(source);
  json j;
  try {
    j = parse_json_strict(text, "lesson '" + source + "'");
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    throw LessonError("lesson '" + source + "': invalid JSON: " + what);
  } catch (const std::exception& e) {  // parse_json_strict: "<context>: invalid JSON: [json.exception...] ..."
    std::string what = e.what();
    if (auto b = what.find("[json.exception."); b != std::string::npos)
      if (auto end = what.find("] ", b); end != std::string::npos) what.erase(b, end + 2 - b);
    throw LessonError(what);
  }
  if (!j.is_object()) throw LessonError("lesson '" + source + "': expected a JSON object at the top");
  r.keys(j, "",
         {"schema", "id", "title", "summary", "question", "settings", "options", "runs", "steps", "explanation",
          "checks"},
         {"schema", "id", "title", "question", "runs", "steps", "explanation", "checks"});
  Lesson l;
  l.source = source;
  if (j.at("schema") != kSchema) r.fail("schema", std::string("expected \"") + kSchema + "\", got " + j.at("schema").dump());
  l.id = r.text(j.at("id"), "id");
  for (char c : l.id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      r.fail("id", "expected letters, digits, '-' and '_' only, got \"" + l.id + "\"");
  l.title = r.local(j.at("title"), "title");
  if (j.contains("summary")) l.summary = r.local(j.at("summary"), "summary");

  const json& q = j.at("question");
  r.keys(q, "question", {"text", "answers"}, {"text", "answers"});
  l.question = r.local(q.at("text"), "question.text");
  const json& answers = r.array(q.at("answers"), "question.answers", 2);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::string f = Reader::at("question.answers", i);
    r.keys(answers[i], f, {"text", "correct"}, {"text"});
    LessonAnswer a;
    a.text = r.local(answers[i].at("text"), f + ".text");
    if (answers[i].contains("correct")) {
      if (!answers[i].at("correct").is_boolean()) r.fail(f + ".correct", "expected true or false");
      a.correct = answers[i].at("correct").get<bool>();
    }
    l.answers.push_back(std::move(a));
  }
  if (std::none_of(l.answers.begin(), l.answers.end(), [](const LessonAnswer& a) { return a.correct; }))
    r.fail("question.answers", "expected one answer marked \"correct\": true (what really happens)");

  const RunSettings base = j.contains("settings") ? r.settings(j.at("settings"), "settings", RunSettings{}) : RunSettings{};
  const SessionOptions base_options = j.contains("options") ? r.options(j.at("options"), "options", {}) : SessionOptions{};
  const json& runs = r.array(j.at("runs"), "runs", 1);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string f = Reader::at("runs", i);
    r.keys(runs[i], f, {"name", "settings", "options"}, {"name"});
    LessonRun run;
    run.name = r.text(runs[i].at("name"), f + ".name");
    if (l.find_run(run.name)) r.fail(f + ".name", "another run is already named \"" + run.name + "\"");
    run.settings = runs[i].contains("settings") ? r.settings(runs[i].at("settings"), f + ".settings", base) : base;
    run.options = runs[i].contains("options") ? r.options(runs[i].at("options"), f + ".options", base_options)
                                              : base_options;
    l.runs.push_back(std::move(run));
  }

  const json& steps = r.array(j.at("steps"), "steps", 1);
  for (std::size_t i = 0; i < steps.size(); ++i) l.steps.push_back(r.local(steps[i], Reader::at("steps", i)));
  l.explanation = r.local(j.at("explanation"), "explanation");

  const json& checks = r.array(j.at("checks"), "checks", 1);
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const std::string f = Reader::at("checks", i);
    r.keys(checks[i], f, {"text", "expect"}, {"text", "expect"});
    LessonCheck c;
    c.text = r.local(checks[i].at("text"), f + ".text");
    c.expect = r.text(checks[i].at("expect"), f + ".expect");
    ParsedCheck p;
    try {
      p = parse_check(c.expect);
    } catch (const std::invalid_argument& e) {
      r.fail(f + ".expect", e.what());
    }
    std::vector<std::string> named;
    runs_named(*p.lhs, named);
    runs_named(*p.rhs, named);
    for (const auto& n : named) {
      if (!l.find_run(n)) {
        std::string list;
        for (const auto& run : l.runs) list += (list.empty() ? "" : ", ") + ("'" + run.name + "'");
        r.fail(f + ".expect", "unknown run '" + n + "' (the lesson's runs: " + list + ")");
      }
    }
    c.lhs = p.lhs;
    c.rhs = p.rhs;
    c.op = p.op;
    l.checks.push_back(std::move(c));
  }
  return l;
}

Lesson load_lesson_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LessonError("lesson '" + name + "': can't open " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_lesson(ss.str(), name);
}

}  // namespace losslab
