// Builds against the installed package only: proves find_package(tremorlab) + tremorlab::tremorlab work.
#include <tremorlab/tremorlab.hpp>
#include <cstdio>
#include <cmath>
#include <vector>

int main() {
  std::printf("tremorlab %s\n", TREMORLAB_VERSION_STRING);
  // A 4-12 Hz band-pass at 100 Hz must pass 8 Hz and reject DC.
  auto sos = tremorlab::butter(4, {4.0, 12.0}, tremorlab::BandType::bandpass, 100.0);
  tremorlab::SosFilter<double> f(sos, 1);
  std::vector<double> x(2000), y(2000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 + std::sin(2 * M_PI * 8.0 * double(i) / 100.0);
  f.process(x, y);
  double peak = 0;
  for (std::size_t i = 1000; i < y.size(); ++i) peak = std::max(peak, std::abs(y[i]));
  return (peak > 0.95 && peak < 1.05) ? 0 : 1;
}
