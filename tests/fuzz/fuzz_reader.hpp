#pragma once
// Byte reader shared by the libFuzzer targets: turns the fuzzer's input into values (zeros once exhausted).
#include <cstddef>
#include <cstdint>
#include <limits>

namespace tremorlab::fuzz {

struct Reader {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t u8() {
    if (!n) return 0;
    --n;
    return *p++;
  }
  double unit() { return u8() / 255.0; }
  /// A sample value, sometimes special: NaN, Inf, huge, tiny.
  double sample() {
    switch (u8() % 16) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return std::numeric_limits<double>::infinity();
      case 2: return 1e300;
      case 3: return -1e-300;
      default: return (static_cast<int>(u8()) - 128) * 0.1;
    }
  }
};

}  // namespace tremorlab::fuzz
