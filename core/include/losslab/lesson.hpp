// SPDX-License-Identifier: GPL-3.0-or-later
// Guided lessons as data (docs/lessons.md): a question to predict, a preset
// of runs, the steps to take, an explanation, and machine-checkable checks
// that state the lesson's promise. Parsing, a headless runner (replay_run on
// the calling thread, bitwise deterministic) and a check evaluator that works
// on finished replays and on live runs alike.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/session.hpp"

namespace losslab {

// Thrown for a lesson that can't be used; the message names the lesson's
// source and the field: "lesson 'foo.json' field 'runs[1].settings.lr': ...".
struct LessonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A text in every language the lesson is written in ("en" is required).
struct LocalText {
  std::string en, zh_CN;
  // The text for "en" or "zh_CN" (English when there is no Chinese text).
  const std::string& in(std::string_view language) const;
};

struct LessonAnswer {
  LocalText text;
  bool correct = false;  // what really happens
};

struct LessonRun {
  std::string name;
  RunSettings settings;    // RunSettings{} + the lesson's "settings" + the run's own
  SessionOptions options;  // SessionOptions{} + the lesson's "options" + the run's own
};

// One value a check reads, e.g. step.ce_loss['lambda=1', 20].
struct CheckTerm;
struct CheckExpr;  // an arithmetic expression over terms and constants

struct LessonCheck {
  LocalText text;           // what the UI shows beside a tick or a cross
  std::string expect;       // the check, e.g. "eval.ece['eps 0.1'] < eval.ece['eps 0']"
  std::shared_ptr<const CheckExpr> lhs, rhs;
  std::string op;           // <, <=, >, >=, ==, !=
};

struct Lesson {
  std::string id;
  std::string source;       // file name (or the name given to parse_lesson), for messages
  LocalText title;
  LocalText summary;        // one line shown in the lesson list
  LocalText question;
  std::vector<LessonAnswer> answers;
  std::vector<LessonRun> runs;
  std::vector<LocalText> steps;
  LocalText explanation;
  std::vector<LessonCheck> checks;

  const LessonRun* find_run(std::string_view name) const;
};

// Parses a lesson ("schema": "losslab.lesson/1"). `source` names it in
// messages. Unknown fields are refused; run settings go through the settings
// code (settings_from_json) and are validated. Throws LessonError.
Lesson parse_lesson(std::string_view text, const std::string& source);
Lesson load_lesson_file(const std::filesystem::path& path);  // source = the file name

// What a check reads of one run: its step records, its evaluations, its
// event log, and V and C (for ln_V, ln_C).
struct RunTrace {
  std::vector<StepRecord> steps;
  std::vector<EvalRecord> evals;
  std::vector<SessionEvent> events;
  int vocab_size = 0, n_class = 0;
};
// A live run's trace: the current metrics generation and its event log.
RunTrace trace_of(const MetricLogs& logs, std::vector<SessionEvent> events, const ModelConfig& model);

struct CheckResult {
  bool passed = false;
  double lhs = 0, rhs = 0;  // the two sides as measured (NaN when not measurable)
  std::string measured;     // e.g. "0.412 < 0.538"
  std::string error;        // why it could not be measured (a run missing, no evaluation yet); empty if measured
};

// Evaluates every check on the traces, by run name. A run without a trace,
// or without the records a check needs, fails that check with `error` set.
std::vector<CheckResult> evaluate_checks(const Lesson& lesson, const std::map<std::string, RunTrace>& runs);

struct LessonRunnerOptions {
  std::optional<int> threads;  // overrides every run's `threads` (never changes the numbers)
  std::optional<uint64_t> seed;  // overrides every run's seed (to test a lesson's robustness)
};

struct LessonOutcome {
  std::map<std::string, RunTrace> runs;
  std::vector<CheckResult> checks;
  bool all_passed() const;
};

// Runs every run of the lesson to its end on the calling thread, as the live
// session would: to settings.steps, or to the first refused step (a
// divergence pauses a live run; the trace keeps the divergence event). Then
// evaluates the checks. Loads each data set once. Throws LessonError or
// DataError when a run can't start.
LessonOutcome run_lesson(const Lesson& lesson, const LessonRunnerOptions& options = {});

}  // namespace losslab
