// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_core.hpp"

#include <chrono>
#include <cmath>
#include <mutex>

#include <tbb/global_control.h>

namespace losslab::detail {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// JSON has no NaN or infinity: those become strings.
json number_or_text(double x) {
  if (std::isfinite(x)) return json(x);
  return json(std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"));
}

std::string show(double x) { return number_or_text(x).is_string() ? number_or_text(x).get<std::string>() : json(x).dump(); }

}  // namespace

void setup_parallelism() {
#if defined(LOSSLAB_TSAN_ONE_THREAD) && LOSSLAB_TSAN_ONE_THREAD
  // Lives until the end of the program: every oneTBB arena gets one thread.
  static tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  (void)one_thread;
#endif
}

const char* step_status_reason(StepStatus s) {
  switch (s) {
    case StepStatus::Applied: return "applied";
    case StepStatus::NonFiniteLoss: return "the loss is not finite";
    case StepStatus::NonFiniteGrad: return "the gradient is not finite";
    case StepStatus::LossSpike: return "the loss spiked past the guard's threshold";
  }
  return "unknown";
}

RunCore::RunCore(const RunSettings& settings, std::shared_ptr<const DataSet> data, const SessionOptions& options,
                 RunListener& listener)
    : settings_(settings),
      data_(std::move(data)),
      options_(options),
      listener_(listener) {
  setup_parallelism();
  if (!data_) throw SettingsError("session: no data set");
  if (options_.snapshot_every < 0) throw SettingsError("session option 'snapshot_every': expected >= 0");
  if (options_.interaction_every < 0) throw SettingsError("session option 'interaction_every': expected >= 0");
  if (!(options_.spike_factor >= 0.0) || !std::isfinite(options_.spike_factor))
    throw SettingsError("session option 'spike_factor': expected a finite number >= 0 (0 = off)");
  if (settings_.data_hash.empty()) settings_.data_hash = data_->content_hash;
  settings_.validate();
  trainer_ = std::make_unique<Trainer>(settings_, data_);
  settings_ = trainer_->settings();  // with what the trainer filled in (data hash, vocabulary size)
  new_generation(std::make_shared<MetricLogs>());
  take_snapshot();
}

RunCore::~RunCore() = default;

int64_t RunCore::step() const { return trainer_->step(); }
int64_t RunCore::tokens() const { return trainer_->tokens(); }

void RunCore::new_generation(std::shared_ptr<MetricLogs> logs) {
  logs_ = std::move(logs);
  listener_.on_generation(logs_);
}

void RunCore::take_snapshot() {
  snapshot_ = trainer_->snapshot();
}

StepOutcome RunCore::step(StepKind kind, std::string* divergence) {
  const int64_t s = trainer_->step();
  std::optional<double> override;
  int32_t flag = 0;
  if (kind != StepKind::Plain) {
    SessionEvent e;
    e.step = s;
    e.kind = kind == StepKind::LmOnly ? "step_lm_only" : "step_ce_only";
    e.message = kind == StepKind::LmOnly ? "one step of the LM term only (lambda forced to 1)"
                                         : "one step of the CE term only (lambda forced to 0)";
    listener_.on_event(e);
    override = kind == StepKind::LmOnly ? 1.0 : 0.0;
    flag = kind == StepKind::LmOnly ? kStepLmOnly : kStepCeOnly;
  }
  const auto t0 = Clock::now();
  StepOutcome out = trainer_->train_step(override, options_.spike_factor);
  if (out.status != StepStatus::Applied) {
    active_s_ += seconds_since(t0);
    const StepRecord& r = out.record;
    const double lr = trainer_->lr_at(s);
    const double lambda = override.value_or(settings_.lambda);
    SessionEvent e;
    e.step = s;
    e.kind = "divergence";
    e.key = step_status_reason(out.status);
    e.new_value = json{{"reason", e.key},
                       {"loss", number_or_text(r.loss)},
                       {"lm_loss", number_or_text(r.lm_loss)},
                       {"ce_loss", number_or_text(r.ce_loss)},
                       {"grad_norm", number_or_text(r.grad_norm)},
                       {"lr", number_or_text(lr)},
                       {"lambda_override", override ? json(*override) : json(nullptr)},
                       {"settings", settings_to_json(settings_)}};
    const int64_t back = snapshot_ ? snapshot_->step : 0;
    e.message = "step " + std::to_string(s) + " was not applied: " + e.key + " (loss " + show(r.loss) +
                ", gradient norm " + show(r.grad_norm) + ") at learning rate " + show(lr) + ", lambda " +
                show(lambda) + ", eps " + show(settings_.eps) +
                ". Nothing was applied and the run is paused. Lower the learning rate (or raise "
                "gradient clipping), then Roll back to the last good snapshot (step " +
                std::to_string(back) + ") or Play to retry from step " + std::to_string(s) + ".";
    listener_.on_event(e);
    if (divergence) *divergence = e.message;
    return out;
  }
  out.record.flags |= flag;
  active_s_ += seconds_since(t0);
  out.record.wall_s = static_cast<float>(active_s_);
  logs_->steps.push(out.record);
  listener_.on_step(out.record);
  boundary_work();
  return out;
}

void RunCore::boundary_work() {
  const int64_t s = trainer_->step();
  if (options_.snapshot_every > 0 && s % options_.snapshot_every == 0) take_snapshot();
  if (settings_.eval_interval > 0 && (s % settings_.eval_interval == 0 || s == settings_.steps)) {
    const auto t0 = Clock::now();
    EvalRecord ev = trainer_->evaluate();
    active_s_ += seconds_since(t0);
    ev.step = s;
    logs_->evals.push(ev);
    listener_.on_eval(ev);
  }
  if (options_.interaction_every > 0 && s % options_.interaction_every == 0) {
    const auto t0 = Clock::now();
    GradInteraction gi = trainer_->grad_interaction();
    active_s_ += seconds_since(t0);
    gi.step = s;
    logs_->interactions.push(gi);
    listener_.on_interaction(gi);
  }
}

void RunCore::apply_sets(const std::vector<std::pair<std::string, json>>& sets) {
  if (sets.empty()) return;
  RunSettings next = settings_;
  std::vector<SessionEvent> events;
  for (const auto& [key, value] : sets) {
    const SettingInfo* info = find_setting(key);
    if (info && !info->live)
      throw SettingsError("setting '" + key + "' can't change while a run is live: reset with new settings");
    SessionEvent e;
    e.step = trainer_->step();
    e.kind = "set";
    e.key = key;
    e.old_value = get_setting(next, key);  // throws for an unknown key
    set_setting(next, key, value);
    e.new_value = get_setting(next, key);
    events.push_back(std::move(e));
  }
  next.validate();
  trainer_->apply_live_settings(next);
  settings_ = trainer_->settings();
  for (const auto& e : events) listener_.on_event(e);
}

void RunCore::reset() {
  SessionEvent e;
  e.step = trainer_->step();
  e.kind = "reset";
  e.message = "re-initialised from seed " + std::to_string(settings_.seed) + " at step " + std::to_string(e.step);
  trainer_.reset();
  trainer_ = std::make_unique<Trainer>(settings_, data_);
  settings_ = trainer_->settings();
  active_s_ = 0.0;
  listener_.on_event(e);
  new_generation(std::make_shared<MetricLogs>());
  take_snapshot();
}

int64_t RunCore::rollback() {
  if (!snapshot_) throw SessionError("rollback: no snapshot to return to");
  SessionEvent e;
  e.step = trainer_->step();
  e.kind = "rollback";
  const int64_t k = snapshot_->step;
  e.old_value = e.step;
  e.new_value = k;
  e.message = "rolled back from step " + std::to_string(e.step) + " to the snapshot at step " + std::to_string(k);
  trainer_->restore(*snapshot_);
  // A new generation: readers of the old one keep a consistent view; the new
  // one holds the records of the timeline that continues from the snapshot.
  auto logs = std::make_shared<MetricLogs>();
  std::vector<StepRecord> steps;
  logs_->steps.read_since(0, steps);
  for (const auto& r : steps)
    if (r.step < k) logs->steps.push(r);
  std::vector<EvalRecord> evals;
  logs_->evals.read_since(0, evals);
  for (const auto& r : evals)
    if (r.step <= k) logs->evals.push(r);
  std::vector<GradInteraction> gis;
  logs_->interactions.read_since(0, gis);
  for (const auto& r : gis)
    if (r.step <= k) logs->interactions.push(r);
  if (!steps.empty() && k > 0) {
    for (const auto& r : steps)
      if (r.step == k - 1) active_s_ = r.wall_s;
  } else if (k == 0) {
    active_s_ = 0.0;
  }
  listener_.on_event(e);
  new_generation(std::move(logs));
  return k;
}

void RunCore::restore_state(const TrainerSnapshot& current, std::optional<TrainerSnapshot> last_good,
                            std::shared_ptr<MetricLogs> logs, double active_s) {
  trainer_->restore(current);
  snapshot_ = std::move(last_good);
  active_s_ = active_s;
  new_generation(std::move(logs));
}

// ---------------------------------------------------------------------------
// Replay

namespace {

struct ReplayListener : RunListener {
  const ReplayCallbacks& cb;
  explicit ReplayListener(const ReplayCallbacks& c) : cb(c) {}
  void on_event(const SessionEvent& e) override {
    if (cb.on_event) cb.on_event(e);
  }
  void on_step(const StepRecord& r) override {
    if (cb.on_step) cb.on_step(r);
  }
  void on_eval(const EvalRecord& r) override {
    if (cb.on_eval) cb.on_eval(r);
  }
  void on_interaction(const GradInteraction& r) override {
    if (cb.on_interaction) cb.on_interaction(r);
  }
};

}  // namespace
}  // namespace losslab::detail

namespace losslab {

ReplayResult replay_run(const ReplayPlan& plan, std::shared_ptr<const DataSet> data, const ReplayCallbacks& callbacks) {
  using detail::StepKind;
  detail::ReplayListener listener(callbacks);
  if (data && !plan.settings.data_hash.empty() && !data->content_hash.empty() &&
      plan.settings.data_hash != data->content_hash)
    throw SessionError("replay: the run was trained on data with hash " + plan.settings.data_hash + ", but '" +
                       plan.settings.data + "' now has hash " + data->content_hash + "; a replay needs the same data");
  detail::RunCore core(plan.settings, std::move(data), plan.options, listener);
  auto where = [](std::size_t i, const SessionEvent& e) {
    return "replay: event " + std::to_string(i) + " (\"" + e.kind + "\" at step " + std::to_string(e.step) + ")";
  };
  auto run_to = [&](int64_t target, const std::string& context) {
    while (core.step() < target) {
      const int64_t s = core.step();
      StepOutcome o = core.step(StepKind::Plain);
      if (o.status != StepStatus::Applied)
        throw SessionError(context + ": step " + std::to_string(s) + " was refused (" +
                           detail::step_status_reason(o.status) +
                           ") but the log has no divergence there; the run does not follow its log "
                           "(different data, settings or build?)");
    }
  };
  int64_t diverged_at = -1;  // an LM/CE-only step was refused there; the log's next event must say so
  const auto& ev = plan.events;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const SessionEvent& e = ev[i];
    if (diverged_at >= 0) {
      if (e.kind == "divergence" && e.step == diverged_at) {
        diverged_at = -1;
        continue;
      }
      throw SessionError(where(i, e) + ": the step before it was refused in the replay, but the log has no "
                         "divergence there");
    }
    if (core.step() > e.step)
      throw SessionError(where(i, e) + ": the run is already at step " + std::to_string(core.step()) +
                         "; events must be in the order they happened");
    run_to(e.step, where(i, e));
    if (e.kind == "set") {
      // Changes logged at the same boundary are applied together, as live.
      std::vector<std::pair<std::string, nlohmann::json>> sets{{e.key, e.new_value}};
      while (i + 1 < ev.size() && ev[i + 1].kind == "set" && ev[i + 1].step == e.step) {
        ++i;
        sets.emplace_back(ev[i].key, ev[i].new_value);
      }
      try {
        core.apply_sets(sets);
      } catch (const SettingsError& err) {
        throw SettingsError(where(i, e) + ": " + err.what());
      }
    } else if (e.kind == "step_lm_only" || e.kind == "step_ce_only") {
      StepOutcome o = core.step(e.kind == "step_lm_only" ? StepKind::LmOnly : StepKind::CeOnly);
      if (o.status != StepStatus::Applied) diverged_at = e.step;
    } else if (e.kind == "divergence") {
      StepOutcome o = core.step(StepKind::Plain);
      if (o.status == StepStatus::Applied)
        throw SessionError(where(i, e) + ": the log says this step was refused (" + e.key +
                           ") but in the replay it was applied; the run does not follow its log");
    } else if (e.kind == "rollback") {
      const int64_t k = core.rollback();
      if (e.new_value.is_number_integer() && e.new_value.get<int64_t>() != k)
        throw SessionError(where(i, e) + ": the log rolled back to step " + e.new_value.dump() +
                           " but the replay's last snapshot is at step " + std::to_string(k) +
                           " (snapshot_every differs?)");
    } else if (e.kind == "reset") {
      core.reset();
    } else {
      throw SessionError(where(i, e) + ": unknown kind");
    }
  }
  if (diverged_at < 0) run_to(plan.end_step.value_or(core.settings().steps), "replay: the end of the log");
  ReplayResult result;
  result.settings = core.settings();
  result.step = core.step();
  result.tokens = core.tokens();
  result.metrics = core.logs();
  const auto params = core.trainer().params();
  result.params.assign(params.begin(), params.end());
  const auto m = core.trainer().adam_m(), v = core.trainer().adam_v();
  result.adam_m.assign(m.begin(), m.end());
  result.adam_v.assign(v.begin(), v.end());
  return result;
}

}  // namespace losslab
