// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/loss.hpp"

#include <algorithm>
#include <vector>

namespace losslab {

double expected_calibration_error(const float* confidence, const uint8_t* correct, int64_t n, int bins) {
  if (n <= 0) return 0.0;
  std::vector<double> conf_sum(bins, 0.0), acc_sum(bins, 0.0);
  std::vector<int64_t> count(bins, 0);
  for (int64_t i = 0; i < n; ++i) {
    // bin i holds (i/bins, (i+1)/bins]: ceil(c*bins) - 1, and c = 0 goes to bin 0
    int b = static_cast<int>(std::ceil(static_cast<double>(confidence[i]) * bins)) - 1;
    b = std::clamp(b, 0, bins - 1);
    conf_sum[b] += confidence[i];
    acc_sum[b] += correct[i] ? 1.0 : 0.0;
    ++count[b];
  }
  double ece = 0.0;
  for (int b = 0; b < bins; ++b)
    if (count[b] > 0) ece += std::fabs(acc_sum[b] / count[b] - conf_sum[b] / count[b]) * count[b] / n;
  return ece;
}

}  // namespace losslab
