// SPDX-License-Identifier: GPL-3.0-or-later
// Session: controls, live settings, metrics, divergence guard, rollback,
// replay, save/load, concurrent sessions. Suites are named Session* so the
// ThreadSanitizer CI job (tests matching "Session|Trainer|Settings") runs them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unistd.h>

#include "losslab/session.hpp"

using namespace losslab;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A small labelled data set built in memory (no files, no builtin): four
// topics, short sentences, a fixed split.
std::shared_ptr<const DataSet> tiny_data() {
  static const std::shared_ptr<const DataSet> data = [] {
    auto d = std::make_shared<DataSet>();
    d->name = d->source = "test:tiny";
    d->format = "builtin";
    d->content_hash = "test-tiny-1";
    d->class_names = {"animals", "food", "weather", "sport"};
    const std::vector<std::vector<std::string>> words = {
        {"cat", "dog", "owl", "fox", "purrs", "barks", "runs", "sleeps"},
        {"bread", "soup", "rice", "apple", "tasty", "hot", "sweet", "eat"},
        {"rain", "sun", "wind", "snow", "cold", "warm", "cloudy", "storm"},
        {"goal", "ball", "team", "match", "wins", "kicks", "score", "coach"}};
    std::mt19937 rng(42);
    for (int i = 0; i < 320; ++i) {
      Example e;
      e.label = i % 4;
      const int n = 3 + static_cast<int>(rng() % 4);
      for (int k = 0; k < n; ++k) e.text += (k ? " " : "") + words[e.label][rng() % 8];
      e.source_line = i + 1;
      (i % 8 == 0 ? d->val : d->train).push_back(e);
    }
    d->report.source = d->source;
    d->report.format = d->format;
    d->report.n_examples = 320;
    d->report.n_train = static_cast<int64_t>(d->train.size());
    d->report.n_val = static_cast<int64_t>(d->val.size());
    return d;
  }();
  return data;
}

RunSettings tiny_settings() {
  RunSettings s;
  s.data = "test:tiny";
  s.model.n_layer = 1;
  s.model.n_embd = 32;
  s.model.n_head = 2;
  s.model.block_size = 32;
  s.batch_size = 8;
  s.seed = 7;
  s.warmup_steps = 2;
  s.planned_steps = 60;
  s.steps = 40;
  s.eval_interval = 5;
  s.eval_batches = 1;
  s.lr = 3e-3;
  return s;
}

std::vector<StepRecord> steps_of(const std::shared_ptr<const MetricLogs>& m) {
  std::vector<StepRecord> out;
  m->steps.read_since(0, out);
  return out;
}
std::vector<EvalRecord> evals_of(const std::shared_ptr<const MetricLogs>& m) {
  std::vector<EvalRecord> out;
  m->evals.read_since(0, out);
  return out;
}

// Bitwise equality of everything but wall_s.
bool same_step(StepRecord a, StepRecord b) {
  a.wall_s = b.wall_s = 0;
  return std::memcmp(&a.step, &b.step, sizeof(int64_t) * 2) == 0 &&
         std::memcmp(&a.loss, &b.loss, sizeof(float) * 9) == 0 && a.flags == b.flags;
}
bool same_eval(const EvalRecord& a, const EvalRecord& b) {
  return a.step == b.step && std::memcmp(&a.loss, &b.loss, sizeof(float) * 9) == 0;
}
bool same_floats(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void expect_same_steps(const std::vector<StepRecord>& a, const std::vector<StepRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    ASSERT_TRUE(same_step(a[i], b[i])) << "step record " << i << " differs: loss " << a[i].loss << " vs "
                                       << b[i].loss << ", lambda " << a[i].lambda << " vs " << b[i].lambda;
}
void expect_same_evals(const std::vector<EvalRecord>& a, const std::vector<EvalRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    ASSERT_TRUE(same_eval(a[i], b[i])) << "eval record " << i << " (step " << a[i].step << ") differs";
}

std::vector<float> params_of(Session& s) {
  std::vector<float> p;
  s.run_on_worker_for_test([&](Trainer& t) { p.assign(t.params().begin(), t.params().end()); });
  return p;
}
TrainerSnapshot snapshot_of(Session& s) {
  TrainerSnapshot snap;
  s.run_on_worker_for_test([&](Trainer& t) { snap = t.snapshot(); });
  return snap;
}

// Polls until pred() or the timeout; returns pred().
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 20s) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("losslab_session_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// ---- controls ---------------------------------------------------------------

TEST(SessionControl, StepOnceAndStepN) {
  Session s(tiny_settings(), tiny_data());
  EXPECT_EQ(s.state(), SessionState::Paused);
  EXPECT_EQ(s.step(), 0);
  s.step_once();
  s.wait_idle();
  EXPECT_EQ(s.step(), 1);
  EXPECT_EQ(s.state(), SessionState::Paused);
  s.step_n(6);
  s.wait_idle();
  EXPECT_EQ(s.step(), 7);
  EXPECT_EQ(s.state(), SessionState::Paused);
  auto steps = steps_of(s.metrics());
  ASSERT_EQ(steps.size(), 7u);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(steps[i].step, i);
    EXPECT_TRUE(std::isfinite(steps[i].loss));
    EXPECT_GT(steps[i].tokens, i == 0 ? 0 : steps[i - 1].tokens);
    EXPECT_GE(steps[i].wall_s, i == 0 ? 0.0f : steps[i - 1].wall_s);
  }
  auto evals = evals_of(s.metrics());
  ASSERT_EQ(evals.size(), 1u);  // eval_interval 5
  EXPECT_EQ(evals[0].step, 5);
  EXPECT_THROW(s.step_n(0), std::invalid_argument);
}

TEST(SessionControl, PlayRunsToTheEndEvaluatesAtTheEndAndFinishes) {
  RunSettings st = tiny_settings();
  st.steps = 12;
  Session s(st, tiny_data());
  s.play();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Finished);
  EXPECT_EQ(s.step(), 12);
  auto evals = evals_of(s.metrics());
  ASSERT_EQ(evals.size(), 3u);
  EXPECT_EQ(evals[0].step, 5);
  EXPECT_EQ(evals[1].step, 10);
  EXPECT_EQ(evals[2].step, 12);  // the end of the run
  s.play();  // nothing left to do
  s.wait_idle();
  EXPECT_EQ(s.step(), 12);
  EXPECT_EQ(s.state(), SessionState::Finished);
  s.set("steps", 14);  // more steps: play continues
  s.play();
  s.wait_idle();
  EXPECT_EQ(s.step(), 14);
}

TEST(SessionControl, PauseStopsBetweenTwoSteps) {
  RunSettings st = tiny_settings();
  st.steps = 100000;
  Session s(st, tiny_data());
  s.play();
  ASSERT_TRUE(eventually([&] { return s.step() >= 3; }));
  EXPECT_EQ(s.state(), SessionState::Running);
  s.pause();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Paused);
  const int64_t at = s.step();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(s.step(), at);
  EXPECT_EQ(static_cast<int64_t>(s.metrics()->steps.size()), at);
  s.step_once();  // and continues from there
  s.wait_idle();
  EXPECT_EQ(s.step(), at + 1);
}

TEST(SessionControl, ResetStartsANewGenerationFromTheSeed) {
  Session s(tiny_settings(), tiny_data());
  s.step_n(6);
  s.wait_idle();
  auto first = s.metrics();
  auto first_steps = steps_of(first);
  s.reset();
  s.wait_idle();
  EXPECT_EQ(s.step(), 0);
  EXPECT_EQ(s.state(), SessionState::Paused);
  EXPECT_NE(s.metrics().get(), first.get());
  EXPECT_EQ(s.metrics()->steps.size(), 0u);
  EXPECT_EQ(first->steps.size(), 6u);  // readers of the old generation keep it whole
  s.step_n(6);
  s.wait_idle();
  expect_same_steps(steps_of(s.metrics()), first_steps);  // same seed, same run
  auto ev = s.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, "reset");
  EXPECT_EQ(ev[0].step, 6);
}

TEST(SessionControl, StopEndsTheWorkerAndKeepsTheData) {
  Session s(tiny_settings(), tiny_data());
  s.step_n(3);
  s.wait_idle();
  s.stop();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Stopped);
  s.play();  // ignored
  s.step_once();
  s.wait_idle();
  EXPECT_EQ(s.step(), 3);
  EXPECT_EQ(s.metrics()->steps.size(), 3u);
  EXPECT_THROW(s.set("lambda", 0.3), SettingsError);
  auto dir = temp_dir("stopped");
  EXPECT_NO_THROW(s.save(dir));  // still exportable
  std::filesystem::remove_all(dir);
}

TEST(SessionControl, ProgressIsCoalescedAndCalledWhenIdle) {
  RunSettings st = tiny_settings();
  st.steps = 30;
  Session s(st, tiny_data());
  std::atomic<int> calls{0};
  std::atomic<bool> on_worker{true};
  const auto caller = std::this_thread::get_id();
  s.set_on_progress([&] {
    calls.fetch_add(1);
    if (std::this_thread::get_id() == caller) on_worker = false;
  });
  const auto t0 = std::chrono::steady_clock::now();
  s.play();
  s.wait_idle();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(calls.load(), 1);                           // at least the idle call
  EXPECT_LE(calls.load(), static_cast<int>(ms / 33.0) + 3);  // at most ~30 a second (fewer than steps when fast)
  EXPECT_TRUE(on_worker.load());
  const int before = calls.load();
  s.step_once();
  s.wait_idle();
  EXPECT_GT(calls.load(), before);  // always when going idle
}

TEST(SessionControl, ReadersSeeContiguousRecordsWhileTraining) {
  RunSettings st = tiny_settings();
  st.steps = 60;
  Session s(st, tiny_data());
  std::atomic<bool> done{false};
  std::vector<StepRecord> seen;
  std::thread reader([&] {
    std::size_t cursor = 0;
    while (!done.load()) {
      auto m = s.metrics();
      cursor = m->steps.read_since(cursor, seen);
      (void)s.state();
      (void)s.settings();
      (void)s.events();
      std::this_thread::sleep_for(100us);
    }
    s.metrics()->steps.read_since(cursor, seen);
  });
  s.play();
  s.set("lambda", 0.3);
  s.wait_idle();
  done = true;
  reader.join();
  ASSERT_EQ(seen.size(), 60u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].step, static_cast<int64_t>(i));
}

// ---- live settings ----------------------------------------------------------

TEST(SessionSettings, LiveChangeLandsAtTheNextStep) {
  Session s(tiny_settings(), tiny_data());
  s.step_n(5);
  s.wait_idle();
  s.set("lambda", 0.8);
  s.set("lr", 1e-3);
  s.step_n(5);
  s.wait_idle();
  auto steps = steps_of(s.metrics());
  ASSERT_EQ(steps.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_FLOAT_EQ(steps[i].lambda, i < 5 ? 0.5f : 0.8f) << "step " << i;
  EXPECT_NE(steps[4].lr, steps[5].lr);
  auto ev = s.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, "set");
  EXPECT_EQ(ev[0].key, "lambda");
  EXPECT_EQ(ev[0].step, 5);
  EXPECT_EQ(ev[0].old_value, json(0.5));
  EXPECT_EQ(ev[0].new_value, json(0.8));
  EXPECT_EQ(ev[1].key, "lr");
  EXPECT_EQ(ev[1].step, 5);
  EXPECT_DOUBLE_EQ(s.settings().lambda, 0.8);
  EXPECT_DOUBLE_EQ(s.settings().lr, 1e-3);
}

TEST(SessionSettings, LiveChangeWhileRunningLandsAtOneBoundary) {
  RunSettings st = tiny_settings();
  st.steps = 100000;
  Session s(st, tiny_data());
  s.play();
  ASSERT_TRUE(eventually([&] { return s.step() >= 3; }));
  s.set("lambda", 0.25);
  s.set("eps", 0.0);
  ASSERT_TRUE(eventually([&] { return s.events().size() == 2; }));
  const int64_t k = s.events()[0].step;
  ASSERT_TRUE(eventually([&] { return s.step() >= k + 2; }));
  s.pause();
  s.wait_idle();
  EXPECT_EQ(s.events()[1].step, k);  // both at the same boundary
  auto steps = steps_of(s.metrics());
  ASSERT_GE(static_cast<int64_t>(steps.size()), k + 2);
  for (const auto& r : steps) {
    EXPECT_FLOAT_EQ(r.lambda, r.step < k ? 0.5f : 0.25f) << "step " << r.step;
    EXPECT_FLOAT_EQ(r.eps, r.step < k ? 0.1f : 0.0f) << "step " << r.step;
  }
}

TEST(SessionSettings, RefusesNonLiveUnknownAndInvalidValuesAtOnce) {
  Session s(tiny_settings(), tiny_data());
  std::string e = error_of([&] { s.set("n_layer", 2); });
  EXPECT_NE(e.find("'n_layer'"), std::string::npos) << e;
  EXPECT_NE(e.find("reset"), std::string::npos) << e;
  e = error_of([&] { s.set("seed", 3); });
  EXPECT_NE(e.find("data"), std::string::npos) << e;
  e = error_of([&] { s.set("lamda", 0.3); });
  EXPECT_NE(e.find("unknown setting 'lamda'"), std::string::npos) << e;
  e = error_of([&] { s.set("lambda", 1.5); });
  EXPECT_NE(e.find("'lambda'"), std::string::npos) << e;
  EXPECT_THROW(s.set("lr", "fast"), SettingsError);
  EXPECT_THROW(s.set("schedule", "linear"), SettingsError);
  s.step_once();
  s.wait_idle();
  EXPECT_TRUE(s.events().empty());
  EXPECT_DOUBLE_EQ(s.settings().lambda, 0.5);
}

TEST(SessionSettings, StepLmOnlyAndCeOnlyAreLoggedAndForceLambda) {
  Session s(tiny_settings(), tiny_data());
  s.step_n(2);
  s.wait_idle();
  s.step_lm_only();
  s.wait_idle();
  s.step_ce_only();
  s.wait_idle();
  s.step_once();
  s.wait_idle();
  auto steps = steps_of(s.metrics());
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_FLOAT_EQ(steps[2].lambda, 1.0f);
  EXPECT_EQ(steps[2].flags & kStepLmOnly, kStepLmOnly);
  EXPECT_FLOAT_EQ(steps[3].lambda, 0.0f);
  EXPECT_EQ(steps[3].flags & kStepCeOnly, kStepCeOnly);
  EXPECT_FLOAT_EQ(steps[4].lambda, 0.5f);  // only for that one step
  EXPECT_EQ(steps[4].flags, 0);
  auto ev = s.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, "step_lm_only");
  EXPECT_EQ(ev[0].step, 2);
  EXPECT_EQ(ev[1].kind, "step_ce_only");
  EXPECT_EQ(ev[1].step, 3);
  EXPECT_EQ(s.state(), SessionState::Paused);
}

// ---- replay -----------------------------------------------------------------

TEST(SessionReplay, RunWithLiveChangesReplaysBitwise) {
  RunSettings st = tiny_settings();
  st.steps = 30;
  SessionOptions opt;
  opt.interaction_every = 4;
  opt.snapshot_every = 5;
  Session s(st, tiny_data(), opt);
  s.step_n(3);
  s.wait_idle();
  s.set("lambda", 0.9);
  s.step_n(2);
  s.wait_idle();
  s.step_lm_only();
  s.wait_idle();
  s.set("lr", 1e-3);
  s.set("eps", 0.0);
  s.set("eval_interval", 3);
  s.step_ce_only();
  s.wait_idle();
  s.step_n(4);
  s.wait_idle();
  s.set("schedule", "constant");
  s.play();
  s.wait_idle();
  ASSERT_EQ(s.state(), SessionState::Finished);

  // Through text, as the CLI reads it.
  const std::string text = s.replay_json().dump(2);
  const ReplayPlan plan = parse_replay(json::parse(text));
  EXPECT_EQ(plan.events.size(), s.events().size());
  std::vector<StepRecord> streamed;
  std::vector<EvalRecord> streamed_evals;
  ReplayCallbacks cb;
  cb.on_step = [&](const StepRecord& r) { streamed.push_back(r); };
  cb.on_eval = [&](const EvalRecord& r) { streamed_evals.push_back(r); };
  ReplayResult r = replay_run(plan, tiny_data(), cb);
  EXPECT_EQ(r.step, 30);
  expect_same_steps(steps_of(r.metrics), steps_of(s.metrics()));
  expect_same_steps(streamed, steps_of(s.metrics()));
  expect_same_evals(streamed_evals, evals_of(s.metrics()));
  std::vector<GradInteraction> a, b;
  r.metrics->interactions.read_since(0, a);
  s.metrics()->interactions.read_since(0, b);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  for (std::size_t i = 0; i < a.size(); ++i) {  // field by field: the struct has padding
    EXPECT_EQ(a[i].step, b[i].step);
    EXPECT_EQ(std::memcmp(&a[i].lm_norm, &b[i].lm_norm, 3 * sizeof(float)), 0) << "interaction " << i;
  }
  EXPECT_TRUE(same_floats(r.params, params_of(s)));
  EXPECT_TRUE(same_floats(r.adam_m, snapshot_of(s).adam_m));
  EXPECT_TRUE(same_floats(r.adam_v, snapshot_of(s).adam_v));
  EXPECT_EQ(settings_to_json(r.settings), settings_to_json(s.settings()));

  // The control: the same run without its log is a different run.
  ReplayPlan bare = plan;
  bare.events.clear();
  ReplayResult plain = replay_run(bare, tiny_data());
  EXPECT_FALSE(same_floats(plain.params, r.params));
}

TEST(SessionReplay, ReplaysAResetAndAPausedEnd) {
  Session s(tiny_settings(), tiny_data());
  s.step_n(4);
  s.wait_idle();
  s.set("lambda", 0.2);
  s.step_n(3);
  s.wait_idle();
  s.reset();  // keeps lambda 0.2, back to step 0
  s.step_n(6);
  s.wait_idle();
  ReplayResult r = replay_run(parse_replay(s.replay_json()), tiny_data());
  EXPECT_EQ(r.step, 6);  // end_step: where the run was, not settings.steps
  expect_same_steps(steps_of(r.metrics), steps_of(s.metrics()));
  EXPECT_TRUE(same_floats(r.params, params_of(s)));
}

TEST(SessionReplay, BadReplayJsonNamesTheField) {
  json good = Session(tiny_settings(), tiny_data()).replay_json();
  EXPECT_NO_THROW(parse_replay(good));
  auto err = [](json j) { return error_of([&] { parse_replay(j); }); };
  json j = good;
  j["schema"] = "losslab.settings/9";
  EXPECT_NE(err(j).find("'schema'"), std::string::npos);
  j = good;
  j["extra"] = 1;
  EXPECT_NE(err(j).find("'extra'"), std::string::npos);
  j = good;
  j["events"] = json::array({{{"step", 3}, {"kind", "set"}, {"key", "n_layer"}, {"new", 2}}});
  EXPECT_NE(err(j).find("events[0]"), std::string::npos);
  EXPECT_NE(err(j).find("not live"), std::string::npos);
  j["events"] = json::array({{{"step", 3}, {"kind", "teleport"}}});
  EXPECT_NE(err(j).find("'kind'"), std::string::npos);
  j["events"] = json::array({{{"step", -1}, {"kind", "reset"}}});
  EXPECT_NE(err(j).find("'step'"), std::string::npos);
  j = good;
  j["settings"]["lambda"] = 3;
  EXPECT_NE(err(j).find("'lambda'"), std::string::npos);
  j = good;
  j["options"] = {{"snapshot_every", -2}};
  EXPECT_NE(err(j).find("snapshot_every"), std::string::npos);
  // Events out of order are caught when replaying.
  j = good;
  j["events"] = json::array({{{"step", 5}, {"kind", "set"}, {"key", "lambda"}, {"new", 0.3}},
                             {{"step", 2}, {"kind", "set"}, {"key", "lambda"}, {"new", 0.4}}});
  EXPECT_THROW(replay_run(parse_replay(j), tiny_data()), SessionError);
}

// ---- save / load --------------------------------------------------------------

TEST(SessionSaveLoad, RestoredSessionContinuesExactlyAsUninterrupted) {
  RunSettings st = tiny_settings();
  st.steps = 20;
  SessionOptions opt;
  opt.snapshot_every = 4;
  opt.interaction_every = 3;
  auto script = [](Session& s, int upto) {
    if (upto >= 6) {
      s.step_n(6);
      s.wait_idle();
      s.set("lambda", 0.7);
      s.step_lm_only();
      s.wait_idle();
      s.step_n(3);
      s.wait_idle();
    }
  };
  Session whole(st, tiny_data(), opt);
  script(whole, 10);
  whole.step_n(10);
  whole.wait_idle();

  auto dir = temp_dir("restore");
  {
    Session first(st, tiny_data(), opt);
    first.set_name("half");
    script(first, 10);
    ASSERT_EQ(first.step(), 10);
    first.save(dir);
    first.step_n(2);  // saving again over it keeps one consistent copy
    first.wait_idle();
    first.save(dir);
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "session.json"));
  auto loaded = Session::load(dir, tiny_data());
  EXPECT_EQ(loaded->name(), "half");
  EXPECT_EQ(loaded->state(), SessionState::Paused);
  EXPECT_EQ(loaded->step(), 12);
  EXPECT_DOUBLE_EQ(loaded->settings().lambda, 0.7);
  EXPECT_EQ(loaded->events().size(), whole.events().size());
  loaded->step_n(8);
  loaded->wait_idle();
  EXPECT_EQ(loaded->step(), 20);
  expect_same_steps(steps_of(loaded->metrics()), steps_of(whole.metrics()));
  expect_same_evals(evals_of(loaded->metrics()), evals_of(whole.metrics()));
  EXPECT_TRUE(same_floats(params_of(*loaded), params_of(whole)));
  TrainerSnapshot a = snapshot_of(*loaded), b = snapshot_of(whole);
  EXPECT_TRUE(same_floats(a.adam_m, b.adam_m));
  EXPECT_TRUE(same_floats(a.adam_v, b.adam_v));
  EXPECT_EQ(a.tokens, b.tokens);
  // Only one save's files remain.
  int blobs = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) blobs += e.path().extension() == ".bin";
  EXPECT_EQ(blobs, 5);
  // Replay of the restored session's log equals the run too.
  ReplayResult r = replay_run(parse_replay(loaded->replay_json()), tiny_data());
  EXPECT_TRUE(same_floats(r.params, params_of(whole)));
  std::filesystem::remove_all(dir);
}

TEST(SessionSaveLoad, DamagedFilesGiveClearErrors) {
  auto dir = temp_dir("damaged");
  {
    Session s(tiny_settings(), tiny_data());
    s.step_n(3);
    s.wait_idle();
    s.save(dir);
  }
  EXPECT_NE(error_of([&] { Session::load(dir / "nope", tiny_data()); }).find("session.json"), std::string::npos);
  std::filesystem::path steps_file;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind("steps-", 0) == 0) steps_file = e.path();
  ASSERT_FALSE(steps_file.empty());
  const auto size = std::filesystem::file_size(steps_file);
  std::filesystem::resize_file(steps_file, size - 5);
  std::string e = error_of([&] { Session::load(dir, tiny_data()); });
  EXPECT_NE(e.find(steps_file.filename().string()), std::string::npos) << e;
  // Another data set is refused.
  auto other = std::make_shared<DataSet>(*tiny_data());
  other->content_hash = "something-else";
  {
    Session s(tiny_settings(), tiny_data());
    s.save(dir);
  }
  e = error_of([&] { Session::load(dir, other); });
  EXPECT_NE(e.find("hash"), std::string::npos) << e;
  std::ofstream(dir / "session.json") << "{ not json";
  e = error_of([&] { Session::load(dir, tiny_data()); });
  EXPECT_NE(e.find("session.json"), std::string::npos) << e;
  std::filesystem::remove_all(dir);
}

// ---- divergence guard and rollback ----------------------------------------------

TEST(SessionGuard, InjectedNonFiniteGradientIsCaughtNothingAppliedRollbackRestores) {
  SessionOptions opt;
  opt.snapshot_every = 4;
  Session s(tiny_settings(), tiny_data(), opt);
  s.step_n(4);
  s.wait_idle();
  const TrainerSnapshot at4 = snapshot_of(s);
  s.step_n(2);
  s.wait_idle();
  auto gen = s.metrics();
  ASSERT_EQ(gen->steps.size(), 6u);
  const TrainerSnapshot before = snapshot_of(s);
  s.run_on_worker_for_test([](Trainer& t) { t.inject_nonfinite_gradient_once(); });
  s.play();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Diverged);
  EXPECT_EQ(s.step(), 6);
  const TrainerSnapshot after = snapshot_of(s);
  EXPECT_EQ(after.step, 6);
  EXPECT_TRUE(same_floats(after.params, before.params));  // nothing applied
  EXPECT_TRUE(same_floats(after.adam_m, before.adam_m));
  EXPECT_TRUE(same_floats(after.adam_v, before.adam_v));
  EXPECT_EQ(s.metrics()->steps.size(), 6u);
  EXPECT_NE(s.last_error().find("step 6"), std::string::npos) << s.last_error();
  EXPECT_NE(s.last_error().find("Lower the learning rate"), std::string::npos) << s.last_error();
  auto ev = s.events();
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.back().kind, "divergence");
  EXPECT_EQ(ev.back().step, 6);
  EXPECT_EQ(ev.back().key, "the gradient is not finite");
  EXPECT_TRUE(ev.back().new_value.contains("settings"));
  EXPECT_EQ(ev.back().new_value["settings"]["lr"], json(tiny_settings().lr));

  s.rollback();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Paused);
  EXPECT_EQ(s.step(), 4);
  EXPECT_TRUE(s.last_error().empty());
  const TrainerSnapshot back = snapshot_of(s);
  EXPECT_TRUE(same_floats(back.params, at4.params));
  EXPECT_TRUE(same_floats(back.adam_m, at4.adam_m));
  EXPECT_TRUE(same_floats(back.adam_v, at4.adam_v));
  EXPECT_EQ(s.events().back().kind, "rollback");
  EXPECT_EQ(s.events().back().new_value, json(4));
  // Readers: the old generation is untouched, the new one holds steps 0..3.
  EXPECT_EQ(gen->steps.size(), 6u);
  auto kept = steps_of(s.metrics());
  ASSERT_EQ(kept.size(), 4u);
  auto old = steps_of(gen);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(same_step(kept[i], old[i]));
  // And training goes on as if the bad step never happened.
  s.step_n(2);
  s.wait_idle();
  auto again = steps_of(s.metrics());
  ASSERT_EQ(again.size(), 6u);
  EXPECT_TRUE(same_step(again[4], old[4]));
  EXPECT_TRUE(same_step(again[5], old[5]));
}

TEST(SessionGuard, HugeLearningRateIsCaughtAndRollbackRestoresTheSnapshot) {
  // A huge step does not make this model's loss non-finite (LayerNorm and
  // clipping keep it finite); the loss-spike guard is what catches it. The
  // trainer judges spikes once it has a running mean over 20 steps.
  RunSettings st = tiny_settings();
  st.warmup_steps = 0;
  st.schedule = Schedule::Constant;
  st.steps = 200;
  SessionOptions opt;
  opt.snapshot_every = 3;
  opt.spike_factor = 3.0;
  const int calm = 22;
  Session s(st, tiny_data(), opt);
  s.step_n(calm);
  s.wait_idle();
  s.set("lr", 10.0);
  s.play();
  s.wait_idle();
  ASSERT_EQ(s.state(), SessionState::Diverged) << "step " << s.step();
  const int64_t bad = s.step();
  std::printf("[ info ] lr 10 from step %d: refused at step %lld\n", calm, static_cast<long long>(bad));
  EXPECT_LT(bad, calm + 10);
  const TrainerSnapshot stuck = snapshot_of(s);
  EXPECT_NE(s.last_error().find("spike"), std::string::npos) << s.last_error();
  EXPECT_EQ(s.metrics()->steps.size(), static_cast<std::size_t>(bad));
  // Trying the same step again refuses it again, still applying nothing.
  s.play();
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Diverged);
  EXPECT_EQ(s.step(), bad);
  EXPECT_TRUE(same_floats(snapshot_of(s).params, stuck.params));
  EXPECT_TRUE(same_floats(snapshot_of(s).adam_v, stuck.adam_v));
  int divergences = 0;
  for (const auto& e : s.events()) divergences += e.kind == "divergence";
  EXPECT_EQ(divergences, 2);

  s.rollback();
  s.wait_idle();
  const int64_t k = s.step();
  EXPECT_EQ(k, (bad / 3) * 3);  // the last snapshot (every 3 steps) at or before the refused step
  // The snapshot equals a clean run of the same log up to step k.
  Session ref(st, tiny_data(), opt);
  ref.step_n(static_cast<int>(std::min<int64_t>(k, calm)));
  ref.wait_idle();
  ref.set("lr", 10.0);
  if (k > calm) {
    ref.step_n(static_cast<int>(k - calm));
    ref.wait_idle();
  }
  ASSERT_EQ(ref.step(), k);
  EXPECT_TRUE(same_floats(params_of(s), params_of(ref)));
  EXPECT_TRUE(same_floats(snapshot_of(s).adam_m, snapshot_of(ref).adam_m));
  // A lower learning rate from there trains on; the whole story replays.
  s.set("lr", 1e-3);
  s.step_n(5);
  s.wait_idle();
  EXPECT_EQ(s.state(), SessionState::Paused);
  EXPECT_EQ(s.step(), k + 5);
  ReplayResult r = replay_run(parse_replay(s.replay_json()), tiny_data());
  expect_same_steps(steps_of(r.metrics), steps_of(s.metrics()));
  EXPECT_TRUE(same_floats(r.params, params_of(s)));
}

// ---- several sessions -------------------------------------------------------------

TEST(SessionConcurrent, TwoSessionsGiveTheSameMetricsAsEachAlone) {
  RunSettings a = tiny_settings(), b = tiny_settings();
  a.lambda = 0.2;
  b.lambda = 0.8;
  a.steps = b.steps = 15;
  auto alone = [](const RunSettings& st) {
    Session s(st, tiny_data());
    s.play();
    s.wait_idle();
    return std::make_pair(steps_of(s.metrics()), params_of(s));
  };
  auto ra = alone(a), rb = alone(b);
  Session sa(a, tiny_data()), sb(b, tiny_data());
  sa.play();
  sb.play();
  sa.wait_idle();
  sb.wait_idle();
  expect_same_steps(steps_of(sa.metrics()), ra.first);
  expect_same_steps(steps_of(sb.metrics()), rb.first);
  EXPECT_TRUE(same_floats(params_of(sa), ra.second));
  EXPECT_TRUE(same_floats(params_of(sb), rb.second));
  EXPECT_FALSE(same_floats(ra.second, rb.second));
}

// ---- latency at the default size -----------------------------------------------------

TEST(SessionLatency, PauseIsPromptAtTheDefaultSize) {
#if defined(LOSSLAB_TSAN_ONE_THREAD) && LOSSLAB_TSAN_ONE_THREAD
  GTEST_SKIP() << "a timing bound: a default-size step takes seconds under ThreadSanitizer";
#endif
  RunSettings st;  // the default model and batch
  st.data = "test:tiny";
  st.eval_interval = 0;
  Session s(st, tiny_data());
  s.play();
  ASSERT_TRUE(eventually([&] { return s.step() >= 2; }, 60s));
  const int64_t before = s.step();
  const auto t0 = std::chrono::steady_clock::now();
  s.pause();
  s.wait_idle();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LE(s.step(), before + 2);  // the step in progress (and one that ended as we read) at most
  auto steps = steps_of(s.metrics());
  double step_ms = 0;
  for (std::size_t i = 1; i < steps.size(); ++i) step_ms = std::max(step_ms, 1000.0 * (steps[i].wall_s - steps[i - 1].wall_s));
  std::printf("[ info ] pause took %.1f ms at the default size (one step: %.1f ms, %lld steps done)\n", ms, step_ms,
              static_cast<long long>(s.step()));
  EXPECT_EQ(s.state(), SessionState::Paused);
  // At most the step in progress: well under a second at the default size in
  // an optimised build (a sanitizer build's step can take longer than that).
  EXPECT_LT(ms, std::max(1000.0, 1.5 * step_ms + 50.0));
}
