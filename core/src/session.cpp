// SPDX-License-Identifier: GPL-3.0-or-later
// Session: a RunCore (session_core.hpp) driven by one worker thread. Controls
// go through a command queue guarded by a mutex and a condition variable;
// everything other threads may read (state, step, settings, event log, the
// current metrics generation) is guarded by the same mutex, held only for
// copies, never during a step. Metric records themselves are read lock-free
// from the RecordLogs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <future>
#include <utility>

#include "losslab/inspect.hpp"
#include "session_core.hpp"
#include "session_internal.hpp"

namespace losslab {

using json = nlohmann::json;

const char* to_string(SessionState s) {
  switch (s) {
    case SessionState::Paused: return "paused";
    case SessionState::Running: return "running";
    case SessionState::Diverged: return "diverged";
    case SessionState::Finished: return "finished";
    case SessionState::Stopped: return "stopped";
  }
  return "unknown";
}

json to_json(const SessionEvent& e) {
  json j = {{"step", e.step}, {"kind", e.kind}};
  if (!e.key.empty()) j["key"] = e.key;
  if (!e.old_value.is_null()) j["old"] = e.old_value;
  if (!e.new_value.is_null()) j["new"] = e.new_value;
  if (!e.message.empty()) j["message"] = e.message;
  return j;
}

namespace {

const char* const kEventKinds[] = {"set", "step_lm_only", "step_ce_only", "divergence", "rollback", "reset"};

// Collects every field error of a file, so that one message names each bad
// field instead of stopping at the first. A nested part's errors (one per
// line) get the part's prefix.
class FieldErrors {
 public:
  void add(std::string message) { lines_.push_back(std::move(message)); }
  // Runs fn; a SettingsError it throws adds each of its lines under `prefix`.
  template <typename Fn>
  void collect(const std::string& prefix, Fn&& fn) {
    try {
      fn();
    } catch (const SettingsError& e) {
      const std::string what = e.what();
      std::size_t from = 0;
      while (from <= what.size()) {
        const std::size_t nl = std::min(what.find('\n', from), what.size());
        if (nl > from) add(prefix + what.substr(from, nl - from));
        from = nl + 1;
      }
    }
  }
  bool empty() const { return lines_.empty(); }
  // One error per line.
  void throw_if_any() const {
    if (lines_.empty()) return;
    std::string all;
    for (const auto& l : lines_) all += (all.empty() ? "" : "\n") + l;
    throw SettingsError(all);
  }

 private:
  std::vector<std::string> lines_;
};

// "losslab.settings/7" -> 7; 0 when the text is not of that form.
int schema_version(const json& schema, std::string_view family) {
  if (!schema.is_string()) return 0;
  const std::string s = schema.get<std::string>();
  const std::string prefix = std::string(family) + "/";
  if (s.rfind(prefix, 0) != 0 || s.size() == prefix.size() || s.size() > prefix.size() + 6) return 0;
  int v = 0;
  for (std::size_t i = prefix.size(); i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

SessionEvent event_from_json(const json& j) {
  if (!j.is_object()) throw SettingsError("event: expected a JSON object, got " + std::string(j.type_name()));
  FieldErrors errors;
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (k != "step" && k != "kind" && k != "key" && k != "old" && k != "new" && k != "message")
      errors.add("event field '" + k + "': unknown (expected step, kind, key, old, new, message)");
  }
  SessionEvent e;
  if (!j.contains("step") || !j["step"].is_number_integer() || j["step"].get<int64_t>() < 0)
    errors.add("event field 'step': expected an integer >= 0" +
               (j.contains("step") ? ", got " + j["step"].dump() : std::string(", got nothing")));
  else
    e.step = j["step"].get<int64_t>();
  bool kind_ok = false;
  if (!j.contains("kind") || !j["kind"].is_string()) {
    errors.add("event field 'kind': expected a string");
  } else {
    e.kind = j["kind"].get<std::string>();
    for (const char* k : kEventKinds) kind_ok = kind_ok || e.kind == k;
    if (!kind_ok)
      errors.add("event field 'kind': expected one of set, step_lm_only, step_ce_only, divergence, "
                 "rollback, reset, got \"" + e.kind + "\"");
  }
  bool key_ok = true;
  if (j.contains("key")) {
    if (!j["key"].is_string()) {
      errors.add("event field 'key': expected a string, got " + j["key"].dump());
      key_ok = false;
    } else {
      e.key = j["key"].get<std::string>();
    }
  }
  if (j.contains("old")) e.old_value = j["old"];
  if (j.contains("new")) e.new_value = j["new"];
  if (j.contains("message")) {
    if (!j["message"].is_string()) errors.add("event field 'message': expected a string");
    else e.message = j["message"].get<std::string>();
  }
  if (kind_ok && e.kind == "set" && key_ok) {
    const SettingInfo* info = find_setting(e.key);
    if (!info) {
      errors.add("event field 'key': unknown setting '" + e.key + "'");
    } else if (!info->live) {
      errors.add("event field 'key': setting '" + e.key + "' is not live");
    } else if (!j.contains("new")) {
      errors.add("event field 'new': required for a \"set\" event");
    } else {
      RunSettings probe;
      errors.collect("event field 'new': ", [&] { set_setting(probe, e.key, e.new_value); });  // type and range
    }
  }
  errors.throw_if_any();
  return e;
}

namespace detail {

json options_to_json(const SessionOptions& o) {
  return {{"snapshot_every", o.snapshot_every}, {"spike_factor", o.spike_factor},
          {"interaction_every", o.interaction_every}};
}

SessionOptions options_from_json(const json& j) {
  if (!j.is_object()) throw SettingsError("options: expected a JSON object, got " + std::string(j.type_name()));
  SessionOptions o;
  FieldErrors errors;
  for (const auto& [k, v] : j.items()) {
    if (k == "snapshot_every" || k == "interaction_every") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 1'000'000'000)
        errors.add("options field '" + k + "': expected an integer in [0, 1000000000], got " + v.dump());
      else
        (k == "snapshot_every" ? o.snapshot_every : o.interaction_every) = v.get<int>();
    } else if (k == "spike_factor") {
      if (!v.is_number() || !(v.get<double>() >= 0.0) || !std::isfinite(v.get<double>()))
        errors.add("options field 'spike_factor': expected a number >= 0, got " + v.dump());
      else
        o.spike_factor = v.get<double>();
    } else {
      errors.add("options field '" + k + "': unknown (expected snapshot_every, spike_factor, interaction_every)");
    }
  }
  errors.throw_if_any();
  return o;
}

json replay_plan_to_json(const RunSettings& initial, const SessionOptions& options,
                         const std::vector<SessionEvent>& events, int64_t end_step) {
  json ev = json::array();
  for (const auto& e : events) ev.push_back(to_json(e));
  return {{"schema", kReplaySchema}, {"settings", settings_to_json(initial)}, {"options", options_to_json(options)},
          {"events", ev}, {"end_step", end_step}};
}

}  // namespace detail

using detail::options_from_json;

json to_json(const ReplayPlan& plan, int64_t end_step) {
  return detail::replay_plan_to_json(plan.settings, plan.options, plan.events, end_step);
}

ReplayPlan parse_replay(const json& j) {
  if (!j.is_object()) throw SettingsError("replay: expected a JSON object, got " + std::string(j.type_name()));
  const json schema = j.contains("schema") ? j["schema"] : json();
  if (schema != detail::kReplaySchema) {
    // A later format may mean other things by the same fields: say so rather than list them.
    if (schema_version(schema, "losslab.settings") > 1)
      throw NewerFormatError("replay field 'schema': " + schema.dump() +
                             " was written by a newer version of LossLab; this version reads \"" +
                             detail::kReplaySchema + "\"");
    throw SettingsError(std::string("replay field 'schema': expected \"") + detail::kReplaySchema + "\", got " +
                        (j.contains("schema") ? schema.dump() : std::string("nothing")));
  }
  FieldErrors errors;
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (k != "schema" && k != "settings" && k != "options" && k != "events" && k != "end_step")
      errors.add("replay field '" + k + "': unknown (expected schema, settings, options, events, end_step)");
  }
  ReplayPlan plan;
  if (!j.contains("settings")) errors.add("replay field 'settings': required");
  else errors.collect("replay field 'settings': ", [&] { plan.settings = settings_from_json(j["settings"]); });
  if (j.contains("options"))
    errors.collect("replay field 'options': ", [&] { plan.options = options_from_json(j["options"]); });
  if (j.contains("events")) {
    if (!j["events"].is_array()) {
      errors.add("replay field 'events': expected an array, got " + std::string(j["events"].type_name()));
    } else {
      std::size_t i = 0;
      for (const auto& ej : j["events"]) {
        errors.collect("replay field 'events[" + std::to_string(i) + "]': ",
                       [&] { plan.events.push_back(event_from_json(ej)); });
        ++i;
      }
    }
  }
  if (j.contains("end_step")) {
    if (!j["end_step"].is_number_integer() || j["end_step"].get<int64_t>() < 0)
      errors.add("replay field 'end_step': expected an integer >= 0, got " + j["end_step"].dump());
    else
      plan.end_step = j["end_step"].get<int64_t>();
  }
  errors.throw_if_any();
  return plan;
}

// ---------------------------------------------------------------------------

namespace {

using Clock = std::chrono::steady_clock;

struct Command {
  enum Type { Play, Pause, Steps, LmOnly, CeOnly, Reset, Rollback, Stop, Set, Call };
  explicit Command(Type t) : type(t) {}
  Type type;
  int n = 0;
  std::string key;
  json value;
  std::function<void(detail::RunCore&)> fn;
  std::shared_ptr<std::promise<void>> done;
};

// What the worker is doing between commands.
struct Target {
  bool run = false;           // play: until settings.steps
  int64_t remaining = 0;      // step_n: steps left
  detail::StepKind kind = detail::StepKind::Plain;
  bool active() const { return run || remaining > 0; }
};

}  // namespace

struct Session::Impl : detail::RunListener {
  std::shared_ptr<const DataSet> data;
  SessionOptions options;

  // Guarded by mu.
  mutable std::mutex mu;
  std::condition_variable wake;             // the worker waits for commands
  mutable std::condition_variable idle_cv;  // wait_idle waits for the worker
  std::deque<Command> queue;
  SessionState state = SessionState::Paused;
  int64_t step = 0;
  RunSettings settings;  // in force
  RunSettings pending;   // in force plus the queued changes: what set() validates against
  RunSettings initial;   // at the start of the run, for replay
  std::vector<SessionEvent> events;
  std::shared_ptr<MetricLogs> logs;
  std::string last_error, name;
  std::shared_ptr<const std::function<void()>> on_progress;
  bool busy = true;     // the worker is handling commands or stepping
  bool exited = false;  // the worker has returned; the core is then free to read

  // The worker's (before it starts and after `exited`, anyone's under mu).
  std::unique_ptr<detail::RunCore> core;
  Clock::time_point last_progress{};
  std::mutex after_exit_mu;
  std::thread worker;

  // RunListener: called on the worker (or before it starts).
  void on_event(const SessionEvent& e) override {
    std::lock_guard lk(mu);
    events.push_back(e);
    if (e.kind == "divergence") last_error = e.message;
  }
  void on_generation(const std::shared_ptr<MetricLogs>& g) override {
    std::lock_guard lk(mu);
    logs = g;
  }

  void start() {
    {
      std::lock_guard lk(mu);
      settings = pending = core->settings();
      step = core->step();
    }
    worker = std::thread([this] { run(); });
  }

  void push(Command c) {
    {
      std::lock_guard lk(mu);
      if (exited) return;  // stopped: controls do nothing
      queue.push_back(std::move(c));
    }
    wake.notify_one();
  }

  void progress(bool force) {
    const auto now = Clock::now();
    if (!force && now - last_progress < std::chrono::milliseconds(33)) return;
    std::shared_ptr<const std::function<void()>> fn;
    {
      std::lock_guard lk(mu);
      fn = on_progress;
    }
    last_progress = now;
    if (fn && *fn) (*fn)();
  }

  void publish_settings() {
    std::lock_guard lk(mu);
    settings = core->settings();
    step = core->step();
  }

  void fail(const std::string& what) {
    std::lock_guard lk(mu);
    last_error = what;
  }

  void flush_sets(std::vector<std::pair<std::string, json>>& sets) {
    if (sets.empty()) return;
    try {
      core->apply_sets(sets);
    } catch (const std::exception& e) {
      fail(e.what());
    }
    sets.clear();
    publish_settings();
  }

  void set_state(SessionState s) {
    std::lock_guard lk(mu);
    state = s;
  }

  // Handles one command at a step boundary. Returns false on Stop.
  bool handle(Command& c, Target& target, std::vector<std::pair<std::string, json>>& sets) {
    if (c.type == Command::Set) {
      sets.emplace_back(std::move(c.key), std::move(c.value));
      return true;
    }
    flush_sets(sets);
    switch (c.type) {
      case Command::Play:
        if (core->finished()) {
          target = {};
          set_state(SessionState::Finished);
        } else {
          target = {};
          target.run = true;
          set_state(SessionState::Running);
        }
        break;
      case Command::Pause: {
        target = {};
        std::lock_guard lk(mu);
        if (state == SessionState::Running) state = SessionState::Paused;
        break;
      }
      case Command::Steps:
      case Command::LmOnly:
      case Command::CeOnly:
        target = {};
        target.remaining = c.n;
        target.kind = c.type == Command::LmOnly   ? detail::StepKind::LmOnly
                      : c.type == Command::CeOnly ? detail::StepKind::CeOnly
                                                  : detail::StepKind::Plain;
        set_state(SessionState::Running);
        break;
      case Command::Reset:
      case Command::Rollback:
        target = {};
        try {
          if (c.type == Command::Reset) core->reset();
          else core->rollback();
          std::lock_guard lk(mu);
          state = SessionState::Paused;
          last_error.clear();
        } catch (const std::exception& e) {
          fail(e.what());
        }
        publish_settings();
        break;
      case Command::Call:
        try {
          c.fn(*core);
          c.done->set_value();
        } catch (...) {
          c.done->set_exception(std::current_exception());
        }
        publish_settings();
        break;
      case Command::Stop:
        return false;
      case Command::Set:
        break;
    }
    return true;
  }

  void run() {
    Target target;
    bool running = true;
    while (running) {
      std::deque<Command> batch;
      {
        std::unique_lock lk(mu);
        if (queue.empty() && !target.active()) {
          lk.unlock();
          progress(true);  // always when going idle, before wait_idle() may return
          lk.lock();
          if (queue.empty()) {
            busy = false;
            idle_cv.notify_all();
            wake.wait(lk, [&] { return !queue.empty(); });
            busy = true;
          }
        }
        batch.swap(queue);
      }
      std::vector<std::pair<std::string, json>> sets;
      for (auto& c : batch) {
        if (running) running = handle(c, target, sets);
        else if (c.type == Command::Call) handle(c, target, sets);  // a save after stop() still gets its data
      }
      flush_sets(sets);
      {
        std::lock_guard lk(mu);
        bool more_sets = false;
        for (const auto& c : queue) more_sets = more_sets || c.type == Command::Set;
        if (!more_sets) pending = settings;
      }
      if (!running) break;
      if (!target.active()) continue;

      std::string divergence;
      StepOutcome out = core->step(target.kind, &divergence);
      if (out.status != StepStatus::Applied) {
        target = {};
        std::lock_guard lk(mu);
        step = core->step();
        state = SessionState::Diverged;
      } else {
        if (target.remaining > 0 && --target.remaining == 0) target = {};
        const bool finished = target.run && core->finished();
        if (finished) target = {};
        std::lock_guard lk(mu);
        step = core->step();
        last_error.clear();  // a step went through: an earlier divergence is behind us
        if (finished) state = SessionState::Finished;
        else if (!target.active()) state = SessionState::Paused;
      }
      progress(false);
    }
    // From here on the core belongs to whoever holds after_exit_mu (see call()).
    std::lock_guard post(after_exit_mu);
    std::deque<Command> left;
    {
      std::lock_guard lk(mu);
      state = SessionState::Stopped;
      left.swap(queue);
      exited = true;
      busy = false;
    }
    idle_cv.notify_all();
    for (auto& c : left)
      if (c.type == Command::Call) handle(c, target, sets_unused_);
    progress(true);
  }
  std::vector<std::pair<std::string, json>> sets_unused_;

  // Runs fn(core) at the next step boundary on the worker and waits for it;
  // directly when called from the worker itself or once it has exited.
  void call(const std::function<void(detail::RunCore&)>& fn) {
    if (std::this_thread::get_id() == worker.get_id()) {
      fn(*core);
      return;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto fut = done->get_future();
    {
      std::unique_lock lk(mu);
      if (exited) {
        lk.unlock();
        std::lock_guard post(after_exit_mu);  // the worker is gone; one caller at a time
        fn(*core);
        return;
      }
      Command c{Command::Call};
      c.fn = fn;
      c.done = done;
      queue.push_back(std::move(c));
    }
    wake.notify_one();
    fut.get();
  }

  // Runs fn(core) at the next step boundary on the worker without waiting
  // (directly once the worker has exited). Exceptions from fn are dropped.
  void call_async(std::function<void(detail::RunCore&)> fn) {
    {
      std::unique_lock lk(mu);
      if (!exited) {
        Command c{Command::Call};
        c.fn = std::move(fn);
        c.done = std::make_shared<std::promise<void>>();  // nobody waits on it
        queue.push_back(std::move(c));
        lk.unlock();
        wake.notify_one();
        return;
      }
    }
    std::lock_guard post(after_exit_mu);
    try {
      fn(*core);
    } catch (...) {
    }
  }

  void shutdown() {
    push(Command{Command::Stop});
    if (worker.joinable()) worker.join();
  }
};

Session::Session(const RunSettings& settings, std::shared_ptr<const DataSet> data, SessionOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->data = data;
  impl_->options = options;
  impl_->core = std::make_unique<detail::RunCore>(settings, std::move(data), options, *impl_);
  impl_->initial = impl_->core->settings();
  impl_->start();
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) { impl_->start(); }

Session::~Session() {
  impl_->shutdown();
  impl_->core.reset();
}

void Session::play() { impl_->push(Command{Command::Play}); }
void Session::pause() { impl_->push(Command{Command::Pause}); }
void Session::step_once() { step_n(1); }
void Session::step_n(int n) {
  if (n < 1) throw std::invalid_argument("step_n: expected n >= 1, got " + std::to_string(n));
  Command c{Command::Steps};
  c.n = n;
  impl_->push(std::move(c));
}
void Session::step_lm_only() {
  Command c{Command::LmOnly};
  c.n = 1;
  impl_->push(std::move(c));
}
void Session::step_ce_only() {
  Command c{Command::CeOnly};
  c.n = 1;
  impl_->push(std::move(c));
}
void Session::reset() { impl_->push(Command{Command::Reset}); }
void Session::rollback() { impl_->push(Command{Command::Rollback}); }
void Session::stop() { impl_->push(Command{Command::Stop}); }

void Session::wait_idle() {
  std::unique_lock lk(impl_->mu);
  impl_->idle_cv.wait(lk, [&] { return impl_->exited || (!impl_->busy && impl_->queue.empty()); });
}

void Session::set(const std::string& key, const json& value) {
  const SettingInfo* info = find_setting(key);
  if (info && !info->live)
    throw SettingsError("setting '" + key + "' can't change while a run is live: it changes the " +
                        (key == "data" || key == "data_format" || key == "data_hash" || key == "seed" ||
                                 key == "batch_size"
                             ? std::string("data or the batches")
                             : std::string("model")) +
                        "; reset with new settings (start a new session with it)");
  std::lock_guard lk(impl_->mu);
  if (impl_->exited) throw SettingsError("setting '" + key + "': the session is stopped");
  RunSettings next = impl_->pending;
  set_setting(next, key, value);  // unknown key, type and range: SettingsError naming the key
  next.validate();
  impl_->pending = next;
  Command c{Command::Set};
  c.key = key;
  c.value = value;
  impl_->queue.push_back(std::move(c));
  impl_->wake.notify_one();
}

SessionState Session::state() const {
  std::lock_guard lk(impl_->mu);
  return impl_->state;
}
int64_t Session::step() const {
  std::lock_guard lk(impl_->mu);
  return impl_->step;
}
RunSettings Session::settings() const {
  std::lock_guard lk(impl_->mu);
  return impl_->settings;
}
std::vector<SessionEvent> Session::events() const {
  std::lock_guard lk(impl_->mu);
  return impl_->events;
}
std::shared_ptr<const MetricLogs> Session::metrics() const {
  std::lock_guard lk(impl_->mu);
  return impl_->logs;
}
std::string Session::last_error() const {
  std::lock_guard lk(impl_->mu);
  return impl_->last_error;
}
std::string Session::name() const {
  std::lock_guard lk(impl_->mu);
  return impl_->name;
}
void Session::set_name(std::string name) {
  std::lock_guard lk(impl_->mu);
  impl_->name = std::move(name);
}
SessionOptions Session::options() const { return impl_->options; }

void Session::set_on_progress(std::function<void()> fn) {
  auto p = std::make_shared<const std::function<void()>>(std::move(fn));
  std::lock_guard lk(impl_->mu);
  impl_->on_progress = std::move(p);
}

json Session::replay_json() const {
  std::lock_guard lk(impl_->mu);
  return detail::replay_plan_to_json(impl_->initial, impl_->options, impl_->events, impl_->step);
}

void Session::run_on_worker_for_test(const std::function<void(Trainer&)>& fn) {
  impl_->call([&](detail::RunCore& core) { fn(core.trainer()); });
}

std::shared_ptr<const ModelSnapshot> Session::model_snapshot() const {
  std::shared_ptr<const ModelSnapshot> snap;
  impl_->call([&](detail::RunCore& core) { snap = make_model_snapshot(core.trainer(), impl_->data); });
  return snap;
}

void Session::request_model_snapshot(std::function<void(std::shared_ptr<const ModelSnapshot>)> done) const {
  auto data = impl_->data;
  impl_->call_async([data, done = std::move(done)](detail::RunCore& core) {
    done(make_model_snapshot(core.trainer(), data));
  });
}

// ---- save / load (formats in session_io.cpp) ------------------------------

void Session::save(const std::filesystem::path& dir) const {
  detail::SavedSession s;
  impl_->call([&](detail::RunCore& core) {
    s.current = core.trainer().snapshot();
    s.last_good = core.last_snapshot();
    s.settings = core.settings();
    s.active_s = core.active_seconds();
    s.logs = core.logs();
    s.n_steps = s.logs->steps.size();
    s.n_evals = s.logs->evals.size();
    s.n_interactions = s.logs->interactions.size();
    std::lock_guard lk(impl_->mu);  // events and name are written under mu by this thread only
    s.initial = impl_->initial;
    s.options = impl_->options;
    s.events = impl_->events;
    s.name = impl_->name;
    s.last_error = impl_->last_error;
  });
  detail::write_session(dir, s);
}

std::unique_ptr<Session> Session::load(const std::filesystem::path& dir, SessionOptions options) {
  return load(dir, nullptr, options);
}

std::unique_ptr<Session> Session::load(const std::filesystem::path& dir, std::shared_ptr<const DataSet> data,
                                       SessionOptions options) {
  detail::SavedSession s = detail::read_session(dir, options);
  if (!data) data = std::make_shared<const DataSet>(load_dataset(s.settings));
  if (!s.settings.data_hash.empty() && !data->content_hash.empty() && s.settings.data_hash != data->content_hash)
    throw SessionError((dir / "session.json").string() + ": the session was trained on data with hash " +
                       s.settings.data_hash + ", but '" + s.settings.data + "' now has hash " + data->content_hash);
  auto impl = std::make_unique<Impl>();
  impl->data = data;
  impl->options = s.options;
  impl->core = std::make_unique<detail::RunCore>(s.settings, data, s.options, *impl);
  if (impl->core->trainer().params().size() != s.current.params.size())
    throw SessionError((dir / "session.json").string() + ": the saved model has " +
                       std::to_string(s.current.params.size()) + " parameters, the settings give " +
                       std::to_string(impl->core->trainer().params().size()));
  impl->core->restore_state(s.current, s.last_good, s.logs, s.active_s);
  impl->initial = s.initial;
  impl->events = s.events;
  impl->name = s.name;
  impl->last_error = s.last_error;
  return std::unique_ptr<Session>(new Session(std::move(impl)));
}

}  // namespace losslab
