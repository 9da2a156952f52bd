// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the importers (private to core/src/data).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/data/importers.hpp"

namespace losslab::detail {

void check_cancel(const ImportOptions& opt);  // throws DataCancelled
void report_progress(const ImportOptions& opt, double fraction);
std::string trim(std::string_view s);
bool parse_integer(std::string_view s, long long& out);
// "file:line:column" (column omitted when 0).
std::string where(const std::string& source, int64_t line, int64_t column);
// Sets examples' labels from their label strings; class names sorted (numerically when all are integers).
void assign_labels(ImportResult& r, const std::vector<std::string>& label_texts);

// Warnings grouped by kind: the first few messages of each kind, then a count.
class Warnings {
 public:
  void add(const std::string& kind, const std::string& message);
  void flush(std::vector<std::string>& out) const;
  static constexpr std::size_t kShown = 5;

 private:
  struct Kind {
    int64_t count = 0;
    std::vector<std::string> first;
  };
  std::map<std::string, Kind> kinds_;
  std::vector<std::string> order_;
};

}  // namespace losslab::detail
