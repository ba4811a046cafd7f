// Builds against the installed package only: proves find_package(tremorlab) + tremorlab::tremorlab work and
// that the umbrella header gives the whole pipeline (filter, features, classifier, detector, session).
#include <tremorlab/tremorlab.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

int main() {
  std::printf("tremorlab %s\n", TREMORLAB_VERSION_STRING);
  int failures = 0;
  auto check = [&](bool ok, const char* what) {
    if (!ok) {
      std::printf("FAILED: %s\n", what);
      ++failures;
    }
  };
  // A 4-12 Hz band-pass at 100 Hz must pass 8 Hz and reject DC.
  auto sos = tremorlab::butter(4, {4.0, 12.0}, tremorlab::BandType::bandpass, 100.0);
  tremorlab::SosFilter<double> f(sos, 1);
  std::vector<double> x(2000), y(2000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 + std::sin(2 * std::numbers::pi * 8.0 * double(i) / 100.0);
  f.process(x, y);
  double peak = 0;
  for (std::size_t i = 1000; i < y.size(); ++i) peak = std::max(peak, std::abs(y[i]));
  check(peak > 0.95 && peak < 1.05, "band-pass gain at 8 Hz");

  // 10 s at 100 Hz in g: the batch driver and the session see the same 6 Hz shake.
  const double fs = 100.0;
  std::vector<double> acc;
  for (int i = 0; i < 1000; ++i) {
    const double s = 0.15 * std::sin(2 * std::numbers::pi * 6.0 * i / fs);
    acc.insert(acc.end(), {s, 0.5 * s, 1.0});
  }
  const auto model = tremorlab::Classifier::default_model();
  const auto r = tremorlab::classify_recording(acc, fs, tremorlab::Units::g, model);
  check(r.n_windows == tremorlab::count_windows(1000, r.window_frames, r.hop_frames) && r.n_windows > 0, "window count");
  for (std::size_t k = 0; k < r.n_windows; ++k) {
    double sum = 0;
    for (std::size_t c = 0; c < r.n_classes; ++c) sum += r.proba[k * r.n_classes + c];
    check(std::abs(sum - 1.0) < 1e-12, "probabilities sum to 1");
    check(std::abs(r.features[k * r.n_features + std::size_t(tremorlab::Feature::dominant_frequency)] - 6.0) < 0.3,
          "dominant frequency 6 Hz");
  }
  tremorlab::Session session({.fs = fs, .units = tremorlab::Units::g});
  session.push(acc);
  session.flush();
  check(session.summary().duration_s > 9.0, "session duration");
  check(session.summary_json().find("disclaimer") != std::string::npos, "session JSON");
  return failures == 0 ? 0 : 1;
}
