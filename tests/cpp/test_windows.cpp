// Periodic windows: closed forms (long double) and scipy.signal.get_window golden values.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "tremorlab/windows.hpp"

namespace {
using namespace tremorlab;

TEST(Windows, ClosedForms) {
  const long double pi = std::numbers::pi_v<long double>;
  for (std::size_t n : {2u, 3u, 8u, 255u, 256u}) {
    const auto hann = get_window("hann", n), hamm = get_window("hamming", n), black = get_window("blackman", n),
               box = get_window("boxcar", n);
    ASSERT_EQ(hann.size(), n);
    for (std::size_t k = 0; k < n; ++k) {
      const long double t = pi * static_cast<long double>(k) / static_cast<long double>(n);
      const long double s = std::sin(t);
      EXPECT_NEAR(hann[k], static_cast<double>(s * s), 1e-15);                          // sin^2(pi k / n)
      EXPECT_NEAR(hamm[k], static_cast<double>(0.08L + 0.92L * s * s), 1e-15);          // 0.54 - 0.46 cos
      EXPECT_NEAR(black[k], static_cast<double>(0.42L - 0.5L * std::cos(2 * t) + 0.08L * std::cos(4 * t)), 1e-15);
      EXPECT_EQ(box[k], 1.0);
    }
    // Periodic (DFT-even): symmetric about n/2, w[k] == w[n-k].
    for (std::size_t k = 1; k < n; ++k) EXPECT_NEAR(hann[k], hann[n - k], 1e-15);
  }
  EXPECT_EQ(get_window("hann", 1), std::vector<double>{1.0});
  EXPECT_TRUE(get_window("blackman", 0).empty());
  EXPECT_THROW(get_window("Hann", 4), InvalidArgument);
  EXPECT_THROW(get_window("", 4), InvalidArgument);
}

TEST(Windows, MatchScipyGetWindow) {
  std::ifstream in(std::string(TREMORLAB_TEST_DATA_DIR) + "/welch_windows.json");
  ASSERT_TRUE(in.good());
  const auto g = nlohmann::json::parse(in);
  int count = 0;
  for (const auto& w : g["windows"]) {
    const auto want = w["values"].get<std::vector<double>>();
    const auto got = get_window(w["name"].get<std::string>(), w["n"].get<std::size_t>());
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-15) << w["name"] << " " << k;
    ++count;
  }
  EXPECT_EQ(count, 24);
}

}  // namespace
