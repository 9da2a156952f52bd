// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/metrics_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "losslab/atomic_file.hpp"

namespace losslab {
namespace {

std::string float_text(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

// As the shortest decimal that reads back as the same float (0.1f -> 0.100000001,
// not 0.10000000149011612); null for NaN and infinities, which JSON lacks.
nlohmann::json float_json(float v) {
  if (!std::isfinite(v)) return nullptr;
  return std::strtod(float_text(v).c_str(), nullptr);
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

struct StepColumn {
  const char* name;
  float StepRecord::*field;
};
constexpr StepColumn kStepFloats[] = {
    {"loss", &StepRecord::loss},         {"lm_loss", &StepRecord::lm_loss},   {"ce_loss", &StepRecord::ce_loss},
    {"lm_nll", &StepRecord::lm_nll},     {"accuracy", &StepRecord::accuracy}, {"grad_norm", &StepRecord::grad_norm},
    {"lr", &StepRecord::lr},             {"lambda", &StepRecord::lambda},     {"eps", &StepRecord::eps},
    {"wall_s", &StepRecord::wall_s}};

struct EvalColumn {
  const char* name;
  float EvalRecord::*field;
};
constexpr EvalColumn kEvalFloats[] = {{"val_loss", &EvalRecord::loss},
                                      {"val_lm_loss", &EvalRecord::lm_loss},
                                      {"val_ce_loss", &EvalRecord::ce_loss},
                                      {"val_lm_nll", &EvalRecord::lm_nll},
                                      {"val_ppl", &EvalRecord::ppl},
                                      {"val_accuracy", &EvalRecord::accuracy},
                                      {"val_ece", &EvalRecord::ece},
                                      {"val_floor_lm", &EvalRecord::smoothed_floor_lm},
                                      {"val_floor_ce", &EvalRecord::smoothed_floor_ce}};

// An evaluation after `s` updates belongs to the row of step s-1 (as in metrics.csv).
std::map<int64_t, const EvalRecord*> evals_by_row(const RunMetrics& run) {
  std::map<int64_t, const EvalRecord*> at;
  for (const auto& e : run.evals)
    if (e.step > 0) at[e.step - 1] = &e;
  return at;
}

}  // namespace

const std::vector<std::string>& metrics_export_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {"run", "step", "tokens"};
    for (const auto& s : kStepFloats) c.emplace_back(s.name);
    c.emplace_back("flags");
    for (const auto& e : kEvalFloats) c.emplace_back(e.name);
    return c;
  }();
  return cols;
}

std::string metrics_export_csv(const std::vector<RunMetrics>& runs) {
  std::string out;
  const auto& cols = metrics_export_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + cols[i];
  out += '\n';
  for (const RunMetrics& run : runs) {
    const std::string name = csv_field(run.name);
    const auto eval_at = evals_by_row(run);
    out.reserve(out.size() + run.steps.size() * (180 + name.size()));
    for (const StepRecord& r : run.steps) {
      out += name;
      out += ',' + std::to_string(r.step) + ',' + std::to_string(r.tokens);
      for (const auto& c : kStepFloats) out += ',' + float_text(r.*c.field);
      out += ',' + std::to_string(r.flags);
      auto it = eval_at.find(r.step);
      for (const auto& c : kEvalFloats) {
        out += ',';
        if (it != eval_at.end()) out += float_text(it->second->*c.field);
      }
      out += '\n';
    }
  }
  return out;
}

nlohmann::json metrics_export_json(const std::vector<RunMetrics>& runs) {
  using json = nlohmann::json;
  json out = {{"schema", "losslab.metrics/1"}, {"runs", json::array()}};
  for (const RunMetrics& run : runs) {
    json steps = json::object();
    json step = json::array(), tokens = json::array(), flags = json::array();
    for (const StepRecord& r : run.steps) {
      step.push_back(r.step);
      tokens.push_back(r.tokens);
      flags.push_back(r.flags);
    }
    steps["step"] = std::move(step);
    steps["tokens"] = std::move(tokens);
    for (const auto& c : kStepFloats) {
      json col = json::array();
      for (const StepRecord& r : run.steps) col.push_back(float_json(r.*c.field));
      steps[c.name] = std::move(col);
    }
    steps["flags"] = std::move(flags);

    json evals = json::object();
    json estep = json::array();
    const auto eval_at = evals_by_row(run);  // the evaluations the CSV shows, in step order
    for (const auto& [row, e] : eval_at) estep.push_back(row);
    evals["step"] = std::move(estep);
    for (const auto& c : kEvalFloats) {
      json col = json::array();
      for (const auto& [row, e] : eval_at) col.push_back(float_json(e->*c.field));
      evals[c.name] = std::move(col);
    }
    out["runs"].push_back({{"name", run.name}, {"steps", std::move(steps)}, {"evals", std::move(evals)}});
  }
  return out;
}

void write_metrics_export_csv(const std::filesystem::path& path, const std::vector<RunMetrics>& runs) {
  write_file_atomically(path, metrics_export_csv(runs));
}

void write_metrics_export_json(const std::filesystem::path& path, const std::vector<RunMetrics>& runs) {
  write_file_atomically(path, metrics_export_json(runs).dump() + "\n");
}

}  // namespace losslab
