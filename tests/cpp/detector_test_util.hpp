#pragma once
// Shared by the detector tests: a classifier whose behaviour is known in closed form.
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

}  // namespace tremorlab::test
