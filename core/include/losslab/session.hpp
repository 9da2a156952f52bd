// SPDX-License-Identifier: GPL-3.0-or-later
// A live training run: a Trainer on a worker thread, driven by controls that
// take effect between two steps, with live settings recorded in an event log
// and every metric kept in lock-free logs that any thread may read.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "losslab/metrics.hpp"
#include "losslab/trainer.hpp"

namespace losslab {

struct ModelSnapshot;  // inspect.hpp

enum class SessionState { Paused, Running, Diverged, Finished, Stopped };
const char* to_string(SessionState s);

// One entry of the run's event log. Live setting changes have key/old/new;
// other kinds (step_lm_only, step_ce_only, divergence, rollback, reset)
// use `kind` and a message.
struct SessionEvent {
  int64_t step = 0;       // the first step the change applies to
  std::string kind;       // "set", "step_lm_only", "step_ce_only", "divergence", "rollback", "reset"
  std::string key;        // setting key for "set"
  nlohmann::json old_value, new_value;
  std::string message;
};
nlohmann::json to_json(const SessionEvent& e);
SessionEvent event_from_json(const nlohmann::json& j);  // throws SettingsError naming the field

// The metric logs of one generation of a run. reset() starts a new
// generation, so readers holding the old one never see records change under them.
struct MetricLogs {
  RecordLog<StepRecord> steps;
  RecordLog<EvalRecord> evals;
  RecordLog<GradInteraction> interactions;
};

struct SessionOptions {
  int snapshot_every = 100;    // K: keep an in-memory snapshot every K steps (divergence rollback)
  double spike_factor = 0.0;   // optional loss-spike guard; 0 = off
  int interaction_every = 0;   // gradient interaction every N steps; 0 = off
};

class Session {
 public:
  Session(const RunSettings& settings, std::shared_ptr<const DataSet> data, SessionOptions options = {});
  ~Session();  // stops the worker and joins it
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Controls. Each returns at once; the worker acts on it between two steps.
  void play();                 // run until pause, stop, divergence or settings.steps
  void pause();                // prompt: the step in progress finishes, no further step starts
  void step_once();            // one step, then pause
  void step_n(int n);          // n steps, then pause
  void step_lm_only();         // one step with lambda forced to 1 (logged)
  void step_ce_only();         // one step with lambda forced to 0 (logged)
  void reset();                // re-initialise from the seed; a new metrics generation; log keeps a "reset"
  void rollback();             // back to the last good snapshot (after a divergence)
  void stop();                 // end the worker; the session keeps its data for export

  // Blocks until the worker is idle (paused, diverged, finished or stopped)
  // with no control pending. For tests and the CLI.
  void wait_idle();

  // A live change: validated, queued, applied at the next step boundary and
  // logged as (step, key, old, new). Throws SettingsError at once if the key
  // is unknown, not live ("n_layer can't change while a run is live: reset
  // with new settings"), or the value is invalid.
  void set(const std::string& key, const nlohmann::json& value);

  SessionState state() const;
  int64_t step() const;                    // updates applied
  RunSettings settings() const;            // as in force now
  std::vector<SessionEvent> events() const;
  std::shared_ptr<const MetricLogs> metrics() const;  // the current generation
  std::string last_error() const;          // e.g. the divergence message
  std::string name() const;
  void set_name(std::string name);

  // Called on the worker thread after each step batch; keep it cheap (e.g.
  // post a queued signal). May be empty.
  void set_on_progress(std::function<void()> fn);

  // Save the whole session (settings, event log, metrics, model and
  // optimiser state) atomically into a directory; load restores it paused,
  // so that continuing equals a run that never stopped. Layout and formats:
  // docs/settings.md. save may be called from any thread (it runs at the next
  // step boundary, or at once when idle/stopped) and throws SessionError or
  // IoError. The saved options win over `options` in load (used only when
  // the file has none). load reloads the data set (load_dataset) unless given one.
  void save(const std::filesystem::path& dir) const;
  static std::unique_ptr<Session> load(const std::filesystem::path& dir, SessionOptions options = {});
  // The same, with the data set already loaded (its content hash must match
  // the saved settings' data_hash, when that is set). Throws SessionError.
  static std::unique_ptr<Session> load(const std::filesystem::path& dir, std::shared_ptr<const DataSet> data,
                                       SessionOptions options = {});

  // The settings JSON with its event log ("schema": "losslab.settings/1"),
  // which `losslab-cli train --replay` reproduces bitwise.
  nlohmann::json replay_json() const;

  SessionOptions options() const;

  // A frozen copy of the model (weights, settings, vocabulary, class names,
  // step) for inspection (inspect.hpp), taken by the worker at the next step
  // boundary, or at once when it is idle or stopped. Training goes on
  // undisturbed; the call may wait for the step in progress, so call it off
  // the GUI thread.
  std::shared_ptr<const ModelSnapshot> model_snapshot() const;
  // The same without waiting: `done` gets the snapshot on the worker thread
  // at the next step boundary (at once, on the calling thread, once the
  // worker has exited). It must be cheap and must not call back into the
  // session; it may run after the caller is gone, so it should only touch
  // what it owns (e.g. a shared mailbox). The GUI uses this.
  void request_model_snapshot(std::function<void(std::shared_ptr<const ModelSnapshot>)> done) const;

  // Test hook: runs fn(trainer) on the worker at the next step boundary and
  // waits for it (e.g. to poison a parameter). Not for production use.
  void run_on_worker_for_test(const std::function<void(Trainer&)>& fn);

 private:
  struct Impl;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Errors of save/load/replay: the message names the file (and field) and what
// was expected.
struct SessionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---- Replay (docs/settings.md) -------------------------------------------
// A run as replay_json() describes it: the settings it started from, the
// session options that shape it, and its event log.
struct ReplayPlan {
  RunSettings settings;                // at the start of the run (before any event)
  SessionOptions options;
  std::vector<SessionEvent> events;    // in the order they happened
  std::optional<int64_t> end_step;     // the step the run had reached; unset = settings.steps (after the events)
};
// The settings file of a plan: {"schema": "losslab.settings/1", settings,
// options, events, end_step} — what parse_replay reads back.
nlohmann::json to_json(const ReplayPlan& plan, int64_t end_step);
// A file in a later format than this build reads (e.g. "losslab.settings/2").
struct NewerFormatError : SettingsError {
  using SettingsError::SettingsError;
};
// Parses {"schema": "losslab.settings/1", ...}. Throws NewerFormatError for a
// later schema, else SettingsError with one line per bad field (unknown keys,
// wrong types, out-of-range values, each event's bad fields), every one named.
ReplayPlan parse_replay(const nlohmann::json& j);

struct ReplayCallbacks {
  // Every record as the run produces it, in order (also those a later
  // rollback or reset discards; on_event tells when that happens).
  std::function<void(const StepRecord&)> on_step;
  std::function<void(const EvalRecord&)> on_eval;
  std::function<void(const GradInteraction&)> on_interaction;
  std::function<void(const SessionEvent&)> on_event;  // each log event, as it is applied
};

struct ReplayResult {
  RunSettings settings;                        // in force at the end
  int64_t step = 0, tokens = 0;
  std::shared_ptr<const MetricLogs> metrics;   // the final generation, exactly as the live session kept it
  std::vector<float> params;                   // the final weights
  std::vector<float> adam_m, adam_v;           // the final Adam moments (same layout)
};

// Re-runs the plan on the calling thread (oneTBB inside each step), applying
// each event at its exact step: bitwise the same records as the live run
// (wall_s aside). Throws SessionError if the run does not follow its log
// (e.g. a logged divergence does not happen again: different data or build).
ReplayResult replay_run(const ReplayPlan& plan, std::shared_ptr<const DataSet> data,
                        const ReplayCallbacks& callbacks = {});

}  // namespace losslab
