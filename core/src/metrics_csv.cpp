// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/metrics_csv.hpp"

#include <cstdio>
#include <map>

#include "losslab/atomic_file.hpp"

namespace losslab {

namespace {
void put(std::string& out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  out += buf;
}
}  // namespace

std::string metrics_csv_header() {
  return "step,loss,lm_loss,ce_loss,lm_nll,accuracy,grad_norm,lr,lambda,eps,tokens,flags,"
         "val_loss,val_lm_loss,val_ce_loss,val_lm_nll,val_ppl,val_accuracy,val_ece\n";
}

std::string metrics_csv(const std::vector<StepRecord>& steps, const std::vector<EvalRecord>& evals) {
  // An evaluation at step s (s updates applied) belongs to the row of step s-1.
  std::map<int64_t, const EvalRecord*> eval_at;
  for (const auto& e : evals)
    if (e.step > 0) eval_at[e.step - 1] = &e;
  std::string out = metrics_csv_header();
  out.reserve(out.size() + steps.size() * 160);
  for (const auto& r : steps) {
    out += std::to_string(r.step);
    for (float v : {r.loss, r.lm_loss, r.ce_loss, r.lm_nll, r.accuracy, r.grad_norm, r.lr, r.lambda, r.eps}) {
      out += ',';
      put(out, v);
    }
    out += ',' + std::to_string(r.tokens) + ',' + std::to_string(r.flags);
    auto it = eval_at.find(r.step);
    if (it != eval_at.end()) {
      const EvalRecord& e = *it->second;
      for (float v : {e.loss, e.lm_loss, e.ce_loss, e.lm_nll, e.ppl, e.accuracy, e.ece}) {
        out += ',';
        put(out, v);
      }
    } else {
      out += ",,,,,,,";
    }
    out += '\n';
  }
  return out;
}

void write_metrics_csv(const std::filesystem::path& path, const std::vector<StepRecord>& steps,
                       const std::vector<EvalRecord>& evals) {
  write_file_atomically(path, metrics_csv(steps, evals));
}

}  // namespace losslab
