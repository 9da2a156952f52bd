// SPDX-License-Identifier: GPL-3.0-or-later
// A small random generator with the same output on every machine and
// standard library (std:: distributions are implementation-defined).
#pragma once

#include <cstdint>

namespace losslab::detail {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A stateless mix of a few words into one (for keys such as (seed, epoch)).
inline uint64_t mix(uint64_t a, uint64_t b, uint64_t c = 0) {
  uint64_t s = a ^ 0x243F6A8885A308D3ull;
  uint64_t x = splitmix64(s);
  s ^= b + 0x13198A2E03707344ull;
  x ^= splitmix64(s);
  s ^= c + 0xA4093822299F31D0ull;
  return x ^ splitmix64(s);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return splitmix64(state_); }
  // Uniform in [0, n), n > 0, without modulo bias.
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = next();
    while (x >= limit);
    return x % n;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return uniform() < p; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }

 private:
  uint64_t state_;
};

}  // namespace losslab::detail
