// SPDX-License-Identifier: GPL-3.0-or-later
// The headless lesson runner: every run replayed on the calling thread from
// its preset (no events), then the checks evaluated.
#include <map>

#include "losslab/data/dataset.hpp"
#include "losslab/data/tokenizer.hpp"
#include "losslab/lesson.hpp"

namespace losslab {

LessonOutcome run_lesson(const Lesson& lesson, const LessonRunnerOptions& options) {
  LessonOutcome out;
  std::map<std::string, std::shared_ptr<const DataSet>> data_sets;  // loaded once per (data, format, block, seed)
  for (const LessonRun& run : lesson.runs) {
    ReplayPlan plan;
    plan.settings = run.settings;
    plan.options = run.options;
    if (options.threads) plan.settings.threads = *options.threads;
    if (options.seed) plan.settings.seed = *options.seed;
    const RunSettings& s = plan.settings;
    const std::string key = s.data + "\n" + s.data_format + "\n" + std::to_string(s.model.block_size) + "\n" +
                            std::to_string(s.seed);
    auto& data = data_sets[key];
    if (!data) data = std::make_shared<const DataSet>(load_dataset(s));

    // A live run pauses at a refused step (a divergence); replay_run, which
    // has no divergence in its (empty) log, throws there instead. The records
    // and the divergence event come through the callbacks, so the trace is
    // what the live run would show when it stopped.
    RunTrace trace;
    ReplayCallbacks cb;
    cb.on_step = [&](const StepRecord& r) { trace.steps.push_back(r); };
    cb.on_eval = [&](const EvalRecord& r) { trace.evals.push_back(r); };
    cb.on_event = [&](const SessionEvent& e) { trace.events.push_back(e); };
    try {
      replay_run(plan, data, cb);
    } catch (const SessionError& e) {
      if (trace.events.empty() || trace.events.back().kind != "divergence")
        throw LessonError("lesson '" + lesson.source + "' run '" + run.name + "': " + e.what());
    } catch (const SettingsError& e) {
      throw LessonError("lesson '" + lesson.source + "' run '" + run.name + "': " + e.what());
    }
    trace.vocab_size = train_tokenizer(*data).vocab_size();  // V and C come from the data, as in the trainer
    trace.n_class = data->n_class();
    out.runs[run.name] = std::move(trace);
  }
  out.checks = evaluate_checks(lesson, out.runs);
  return out;
}

}  // namespace losslab
