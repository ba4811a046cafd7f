#pragma once
// Shared by the detector tests: a classifier whose behaviour is known in closed form.
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tremorlab/classifier.hpp"

namespace tremorlab::test {

/// A hand-made model (independent of training): P(tremor) rises with the tremor-band power,
/// logit_tremor = 3 * (log_band_power + 1.5); the other classes have logit 0. A 3 m/s^2 shake gives
/// P(tremor) ~ 1, sensor noise gives ~ 0.
inline Classifier band_power_model() {
  auto j = nlohmann::json::parse(Classifier::default_model().to_json());
  j.erase("hidden");  // a linear model (format version 1), whatever kind the shipped model is
  j["version"] = Classifier::format_version;
  const auto names = j["feature_names"].get<std::vector<std::string>>();
  const auto classes = j["classes"].get<std::vector<std::string>>();
  std::vector<std::vector<double>> w(classes.size(), std::vector<double>(names.size(), 0.0));
  std::vector<double> b(classes.size(), 0.0);
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (classes[c] == "tremor") {
      for (std::size_t f = 0; f < names.size(); ++f)
        if (names[f] == "log_band_power") w[c][f] = 3.0;
      b[c] = 4.5;
    }
  j["scaler"]["mean"] = std::vector<double>(names.size(), 0.0);
  j["scaler"]["scale"] = std::vector<double>(names.size(), 1.0);
  j["weights"] = w;
  j["bias"] = b;
  return Classifier::from_json(j.dump());
}

/// A hand-made one-hidden-layer model (format version 2), independent of training: the default model's
/// scaler and classes, `hidden` tanh units with weights and biases given by fixed sin/cos formulas, so
/// every unit and class sees every feature. Used to run the MLP path through detectors, batch and C ABI.
inline nlohmann::json mlp_model_json(std::size_t hidden = 16) {
  auto j = nlohmann::json::parse(Classifier::default_model().to_json());
  const std::size_t nf = j["feature_names"].size(), nc = j["classes"].size();
  std::vector<std::vector<double>> w1(hidden, std::vector<double>(nf)), w2(nc, std::vector<double>(hidden));
  std::vector<double> b1(hidden), b2(nc);
  for (std::size_t h = 0; h < hidden; ++h) {
    for (std::size_t f = 0; f < nf; ++f) w1[h][f] = 0.6 * std::sin(1.3 * double(h) + 0.7 * double(f) + 0.2);
    b1[h] = 0.3 * std::cos(2.1 * double(h));
  }
  for (std::size_t c = 0; c < nc; ++c) {
    for (std::size_t h = 0; h < hidden; ++h) w2[c][h] = 1.5 * std::cos(0.9 * double(c) + 1.1 * double(h));
    b2[c] = 0.2 * double(c) - 0.3;
  }
  j["version"] = 2;
  j["hidden"] = {{"weights", w1}, {"bias", b1}, {"activation", "tanh"}};
  j["weights"] = w2;
  j["bias"] = b2;
  return j;
}
inline Classifier mlp_model(std::size_t hidden = 16) { return Classifier::from_json(mlp_model_json(hidden).dump()); }

}  // namespace tremorlab::test
