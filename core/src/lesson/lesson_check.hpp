// SPDX-License-Identifier: GPL-3.0-or-later
// The check language of lessons (docs/lessons.md): a comparison of two
// arithmetic expressions over run metrics and constants.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/lesson.hpp"

namespace losslab {

struct CheckExpr {
  enum class Kind { Number, LnV, LnC, StepMean, StepPeak, EvalLast, EventCount, StepCount, Neg, Add, Sub, Mul, Div, Abs, Min, Max };
  Kind kind = Kind::Number;
  double number = 0;
  std::string field;  // StepMean/EvalLast: record field; EventCount: event kind
  std::string run;    // the run a term reads
  int window = 20;    // StepMean: the last N steps; StepPeak: the first N steps (0 = all)
  std::shared_ptr<const CheckExpr> a, b;
};

struct ParsedCheck {
  std::shared_ptr<const CheckExpr> lhs, rhs;
  std::string op;
};

// Parses "lhs OP rhs"; throws std::invalid_argument with a message saying
// where (character position) and what was expected.
ParsedCheck parse_check(std::string_view text);

// Every run name the expression reads, in order of appearance.
void runs_named(const CheckExpr& e, std::vector<std::string>& out);

}  // namespace losslab
