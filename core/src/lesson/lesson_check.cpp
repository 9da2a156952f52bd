// SPDX-License-Identifier: GPL-3.0-or-later
// The check language: a small recursive-descent parser and the evaluator.
#include "lesson_check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace losslab {
namespace {

const std::vector<std::string_view> kStepFields = {"loss", "lm_loss",   "ce_loss", "lm_nll", "accuracy",
                                                   "grad_norm", "lr", "lambda",  "eps"};
const std::vector<std::string_view> kEvalFields = {"loss", "lm_loss", "ce_loss", "lm_nll", "ppl", "accuracy",
                                                   "ece",  "smoothed_floor_lm", "smoothed_floor_ce"};
const std::vector<std::string_view> kEventKinds = {"divergence", "rollback", "reset", "set", "step_lm_only",
                                                   "step_ce_only"};

std::string join(const std::vector<std::string_view>& v) {
  std::string s;
  for (auto x : v) s += (s.empty() ? "" : ", ") + std::string(x);
  return s;
}

using Ptr = std::shared_ptr<const CheckExpr>;

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}

  ParsedCheck check() {
    ParsedCheck c;
    c.lhs = sum();
    skip();
    for (std::string_view op : {"<=", ">=", "==", "!=", "<", ">"}) {
      if (t_.substr(i_, op.size()) == op) {
        c.op = op;
        i_ += op.size();
        break;
      }
    }
    if (c.op.empty()) fail("expected a comparison (<, <=, >, >=, ==, !=)");
    c.rhs = sum();
    skip();
    if (i_ != t_.size()) fail("unexpected text after the check");
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(what + " at character " + std::to_string(i_ + 1));
  }
  void skip() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  std::string word() {
    skip();
    const std::size_t b = i_;
    while (i_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[i_])) || t_[i_] == '_')) ++i_;
    return std::string(t_.substr(b, i_ - b));
  }
  static Ptr node(CheckExpr e) { return std::make_shared<const CheckExpr>(std::move(e)); }
  static Ptr binary(CheckExpr::Kind k, Ptr a, Ptr b) {
    CheckExpr e;
    e.kind = k;
    e.a = std::move(a);
    e.b = std::move(b);
    return node(std::move(e));
  }

  Ptr sum() {
    Ptr a = product();
    for (;;) {
      if (eat('+')) a = binary(CheckExpr::Kind::Add, a, product());
      else if (eat('-')) a = binary(CheckExpr::Kind::Sub, a, product());
      else return a;
    }
  }
  Ptr product() {
    Ptr a = unary();
    for (;;) {
      if (eat('*')) a = binary(CheckExpr::Kind::Mul, a, unary());
      else if (eat('/')) a = binary(CheckExpr::Kind::Div, a, unary());
      else return a;
    }
  }
  Ptr unary() {
    if (eat('-')) return binary(CheckExpr::Kind::Neg, unary(), nullptr);
    return primary();
  }
  Ptr primary() {
    skip();
    if (i_ >= t_.size()) fail("expected a value");
    if (eat('(')) {
      Ptr e = sum();
      expect(')');
      return e;
    }
    const char c = t_[i_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(std::string(t_.substr(i_)), &used);
      } catch (const std::exception&) {
        fail("expected a number");
      }
      i_ += used;
      CheckExpr e;
      e.number = v;
      return node(std::move(e));
    }
    const std::size_t at = i_;
    const std::string w = word();
    if (w.empty()) fail(std::string("unexpected '") + c + "'");
    CheckExpr e;
    if (w == "ln_V" || w == "ln_C") {
      e.kind = w == "ln_V" ? CheckExpr::Kind::LnV : CheckExpr::Kind::LnC;
      return node(std::move(e));
    }
    if (w == "abs") {
      expect('(');
      Ptr a = sum();
      expect(')');
      return binary(CheckExpr::Kind::Abs, a, nullptr);
    }
    if (w == "min" || w == "max") {
      expect('(');
      Ptr a = sum();
      expect(',');
      Ptr b = sum();
      expect(')');
      return binary(w == "min" ? CheckExpr::Kind::Min : CheckExpr::Kind::Max, a, b);
    }
    if (w == "step" || w == "peak" || w == "eval" || w == "events") {
      expect('.');
      e.field = word();
      const auto& allowed = w == "step" || w == "peak" ? kStepFields : w == "eval" ? kEvalFields : kEventKinds;
      if (std::find(allowed.begin(), allowed.end(), e.field) == allowed.end())
        fail("unknown " + std::string(w == "events" ? "event kind" : w == "peak" ? "step field" : w + " field") + " '" + e.field +
             "' (known: " + join(allowed) + ")");
      e.kind = w == "step" ? CheckExpr::Kind::StepMean
               : w == "peak" ? CheckExpr::Kind::StepPeak
               : w == "eval" ? CheckExpr::Kind::EvalLast
                             : CheckExpr::Kind::EventCount;
    } else if (w == "steps") {
      e.kind = CheckExpr::Kind::StepCount;
    } else {
      i_ = at;
      fail("unknown name '" + w + "' (expected step.FIELD['run'], peak.FIELD['run'], eval.FIELD['run'], events.KIND['run'], "
           "steps['run'], ln_V, ln_C, abs(), min(), max() or a number)");
    }
    expect('[');
    e.run = quoted();
    if (e.kind == CheckExpr::Kind::StepPeak) e.window = 0;  // all steps unless a window is given
    if (eat(',')) {
      if (e.kind != CheckExpr::Kind::StepMean && e.kind != CheckExpr::Kind::StepPeak)
        fail("only step.FIELD and peak.FIELD take a number of steps");
      skip();
      std::size_t used = 0;
      long n = 0;
      try {
        n = std::stol(std::string(t_.substr(i_)), &used);
      } catch (const std::exception&) {
        fail("expected the number of steps to average over");
      }
      if (n < 1 || n > 1'000'000) fail("the window must be 1..1000000 steps");
      i_ += used;
      e.window = static_cast<int>(n);
    }
    expect(']');
    return node(std::move(e));
  }
  std::string quoted() {
    skip();
    if (i_ >= t_.size() || (t_[i_] != '\'' && t_[i_] != '"')) fail("expected a run name in quotes");
    const char q = t_[i_++];
    const std::size_t end = t_.find(q, i_);
    if (end == std::string_view::npos) fail("the run name's quote is never closed");
    std::string name(t_.substr(i_, end - i_));
    i_ = end + 1;
    return name;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

// Thrown while evaluating when a value can't be measured (yet).
struct Unmeasurable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double step_field(const StepRecord& r, const std::string& f) {
  if (f == "loss") return r.loss;
  if (f == "lm_loss") return r.lm_loss;
  if (f == "ce_loss") return r.ce_loss;
  if (f == "lm_nll") return r.lm_nll;
  if (f == "accuracy") return r.accuracy;
  if (f == "grad_norm") return r.grad_norm;
  if (f == "lr") return r.lr;
  if (f == "lambda") return r.lambda;
  return r.eps;
}

double eval_field(const EvalRecord& r, const std::string& f) {
  if (f == "loss") return r.loss;
  if (f == "lm_loss") return r.lm_loss;
  if (f == "ce_loss") return r.ce_loss;
  if (f == "lm_nll") return r.lm_nll;
  if (f == "ppl") return r.ppl;
  if (f == "accuracy") return r.accuracy;
  if (f == "ece") return r.ece;
  if (f == "smoothed_floor_lm") return r.smoothed_floor_lm;
  return r.smoothed_floor_ce;
}

struct Evaluator {
  const std::map<std::string, RunTrace>& runs;
  const RunTrace* constants;  // the run ln_V and ln_C refer to

  const RunTrace& run(const std::string& name) const {
    auto it = runs.find(name);
    if (it == runs.end()) throw Unmeasurable("run '" + name + "' does not exist (yet)");
    return it->second;
  }

  double operator()(const CheckExpr& e) const {
    using K = CheckExpr::Kind;
    switch (e.kind) {
      case K::Number: return e.number;
      case K::LnV:
      case K::LnC: {
        if (!constants) throw Unmeasurable("no run to take V and C from");
        const int n = e.kind == K::LnV ? constants->vocab_size : constants->n_class;
        if (n <= 0) throw Unmeasurable("V and C are not known yet");
        return std::log(static_cast<double>(n));
      }
      case K::StepMean: {
        const RunTrace& r = run(e.run);
        if (r.steps.empty()) throw Unmeasurable("run '" + e.run + "' has not trained yet");
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(e.window), r.steps.size());
        double sum = 0;
        for (std::size_t i = r.steps.size() - n; i < r.steps.size(); ++i) sum += step_field(r.steps[i], e.field);
        return sum / static_cast<double>(n);
      }
      case K::StepPeak: {
        const RunTrace& r = run(e.run);
        if (r.steps.empty()) throw Unmeasurable("run '" + e.run + "' has not trained yet");
        const std::size_t n = e.window > 0 ? std::min<std::size_t>(static_cast<std::size_t>(e.window), r.steps.size())
                                           : r.steps.size();
        double peak = step_field(r.steps[0], e.field);
        for (std::size_t i = 1; i < n; ++i) peak = std::max(peak, step_field(r.steps[i], e.field));
        return peak;
      }
      case K::EvalLast: {
        const RunTrace& r = run(e.run);
        if (r.evals.empty()) throw Unmeasurable("run '" + e.run + "' has no evaluation yet");
        return eval_field(r.evals.back(), e.field);
      }
      case K::EventCount: {
        const RunTrace& r = run(e.run);
        return static_cast<double>(
            std::count_if(r.events.begin(), r.events.end(), [&](const SessionEvent& ev) { return ev.kind == e.field; }));
      }
      case K::StepCount: {
        const RunTrace& r = run(e.run);
        return r.steps.empty() ? 0.0 : static_cast<double>(r.steps.back().step + 1);
      }
      case K::Neg: return -(*this)(*e.a);
      case K::Add: return (*this)(*e.a) + (*this)(*e.b);
      case K::Sub: return (*this)(*e.a) - (*this)(*e.b);
      case K::Mul: return (*this)(*e.a) * (*this)(*e.b);
      case K::Div: return (*this)(*e.a) / (*this)(*e.b);
      case K::Abs: return std::fabs((*this)(*e.a));
      case K::Min: return std::min((*this)(*e.a), (*this)(*e.b));
      case K::Max: return std::max((*this)(*e.a), (*this)(*e.b));
    }
    return 0;
  }
};

std::string show(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

bool compare(double a, const std::string& op, double b) {
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "==") return a == b;
  return a != b;  // NaN != x holds, but NaN is refused before we get here
}

}  // namespace

ParsedCheck parse_check(std::string_view text) { return Parser(text).check(); }

void runs_named(const CheckExpr& e, std::vector<std::string>& out) {
  if (!e.run.empty() && std::find(out.begin(), out.end(), e.run) == out.end()) out.push_back(e.run);
  if (e.a) runs_named(*e.a, out);
  if (e.b) runs_named(*e.b, out);
}

RunTrace trace_of(const MetricLogs& logs, std::vector<SessionEvent> events, const ModelConfig& model) {
  RunTrace t;
  logs.steps.read_since(0, t.steps);
  logs.evals.read_since(0, t.evals);
  t.events = std::move(events);
  t.vocab_size = model.vocab_size;
  t.n_class = model.n_class;
  return t;
}

std::vector<CheckResult> evaluate_checks(const Lesson& lesson, const std::map<std::string, RunTrace>& runs) {
  std::vector<CheckResult> out;
  for (const LessonCheck& c : lesson.checks) {
    CheckResult r;
    r.lhs = r.rhs = std::numeric_limits<double>::quiet_NaN();
    // ln_V / ln_C come from the first run the check names (else the lesson's first run).
    std::vector<std::string> named;
    runs_named(*c.lhs, named);
    runs_named(*c.rhs, named);
    if (named.empty() && !lesson.runs.empty()) named.push_back(lesson.runs.front().name);
    const RunTrace* constants = nullptr;
    if (!named.empty())
      if (auto it = runs.find(named.front()); it != runs.end()) constants = &it->second;
    try {
      Evaluator ev{runs, constants};
      r.lhs = ev(*c.lhs);
      r.rhs = ev(*c.rhs);
      if (!std::isfinite(r.lhs) || !std::isfinite(r.rhs)) {
        r.error = "a value is not finite";
      } else {
        r.passed = compare(r.lhs, c.op, r.rhs);
      }
      r.measured = show(r.lhs) + " " + c.op + " " + show(r.rhs);
    } catch (const Unmeasurable& e) {
      r.error = e.what();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace losslab
