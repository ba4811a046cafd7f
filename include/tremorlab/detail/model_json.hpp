#pragma once
// Reading and writing the classifier's versioned model JSON (tremorlab::Classifier). Every check of a model
// file lives here, so the classifier itself only holds the parameters and evaluates them.
//   version 1 (linear):  "weights" [n_classes x n_features], "bias" [n_classes]
//   version 2 (MLP):     "hidden": {"weights": [n_hidden x n_features], "bias": [n_hidden], "activation": "tanh"},
//                        "weights" [n_classes x n_hidden], "bias" [n_classes]
// Both: "format": "tremorlab-model", "feature_names", "classes", "scaler" {"mean", "scale"}, optional
// "window_s", "hop_s", "band", "decision", "provenance".
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tremorlab/decision.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/features.hpp"

namespace tremorlab::detail {

/// A small row-major matrix on std::vector (the heap it holds is visible to the allocation-counting tests).
struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> v;
  Matrix() = default;
  Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), v(r * c, 0.0) {}
  double operator()(std::size_t r, std::size_t c) const noexcept { return v[r * cols + c]; }
  double& operator()(std::size_t r, std::size_t c) noexcept { return v[r * cols + c]; }
  std::size_t size() const noexcept { return v.size(); }
};

/// The parameters of a model file, as written (the scaler not folded into the weights).
struct ModelParams {
  static constexpr int linear_version = 1;
  static constexpr int mlp_version = 2;
  /// Upper bound on hidden units: the hot path keeps the hidden activations in a fixed stack array.
  static constexpr std::size_t max_hidden = 128;

  std::vector<std::string> classes, names;
  std::vector<double> mean, scale, bias;  // bias: output layer, one per class
  Matrix w;                               // output layer: n_classes x (n_hidden, or n_features when linear)
  Matrix hidden_w;                        // n_hidden x n_features; empty for a linear model
  std::vector<double> hidden_bias;        // n_hidden
  double window_s = FeatureConfig{}.window_s, hop_s = FeatureConfig{}.hop_s;
  double band_lo = FeatureConfig{}.band_lo, band_hi = FeatureConfig{}.band_hi;
  std::string provenance;  // compact JSON text: a parsed tree costs ~3x the memory in every detector
  DecisionConfig decision{};

  std::size_t n_hidden() const noexcept { return hidden_bias.size(); }
  bool is_mlp() const noexcept { return n_hidden() > 0; }
};

inline void model_check(bool ok, const std::string& msg) {
  if (!ok) throw ModelError("model: " + msg);
}

inline std::vector<double> finite_vector(const nlohmann::json& j, const std::string& name, std::size_t n) {
  model_check(j.is_array(), name + " must be an array");
  model_check(j.size() == n, name + " has " + std::to_string(j.size()) + " values, expected " + std::to_string(n));
  std::vector<double> v;
  v.reserve(n);
  for (const auto& e : j) {
    model_check(e.is_number(), name + " must hold numbers");
    v.push_back(e.get<double>());
    model_check(std::isfinite(v.back()), name + " holds a non-finite value");
  }
  return v;
}

/// A rows x cols matrix of finite numbers from an array of arrays.
inline Matrix finite_matrix(const nlohmann::json& j, const std::string& name, std::size_t rows,
                                     std::size_t cols, const std::string& row_what) {
  model_check(j.is_array() && j.size() == rows,
              name + " must have one row per " + row_what + " (" + std::to_string(rows) + ")");
  Matrix m(rows, cols);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row = finite_vector(j[r], name + " row", cols);
    std::copy(row.begin(), row.end(), m.v.begin() + std::ptrdiff_t(r * cols));
  }
  return m;
}

inline DecisionConfig read_decision(const nlohmann::json& d) {
  model_check(d.is_object(), "\"decision\" must be an object");
  DecisionConfig cfg;
  for (const auto& [key, v] : d.items()) {
    double* field = nullptr;
    for (const auto& [name, member] : decision_fields)
      if (key == name) field = &(cfg.*member);
    model_check(field != nullptr,
                "unknown key \"" + key + "\" in \"decision\" (known: " + decision_field_names() + ")");
    model_check(v.is_number(), "decision." + key + " must be a number");
    *field = v.get<double>();
  }
  try {
    cfg.validate();
  } catch (const InvalidArgument& e) {
    model_check(false, std::string("decision: ") + e.what());
  }
  return cfg;
}

inline std::vector<std::string> string_list(const nlohmann::json& j, const char* name) {
  model_check(j.is_array(), std::string(name) + " must be an array");
  std::vector<std::string> out;
  for (const auto& n : j) {
    model_check(n.is_string(), std::string(name) + " must be strings");
    out.push_back(n.get<std::string>());
  }
  return out;
}

/// The hidden layer of a version-2 file (n_features inputs).
inline void read_hidden(const nlohmann::json& h, std::size_t nf, ModelParams& p) {
  model_check(h.is_object(), "\"hidden\" must be an object with weights, bias and activation");
  for (const auto& [key, v] : h.items())
    model_check(key == "weights" || key == "bias" || key == "activation",
                "unknown key \"" + key + "\" in \"hidden\" (known: weights, bias, activation)");
  for (const char* key : {"weights", "bias", "activation"})
    model_check(h.contains(key), std::string("missing field \"hidden.") + key + "\"");
  model_check(h["activation"].is_string() && h["activation"] == "tanh",
              "hidden.activation must be \"tanh\" (the only one this build evaluates)");
  model_check(h["bias"].is_array() && !h["bias"].empty() && h["bias"].size() <= ModelParams::max_hidden,
              "hidden.bias must hold 1.." + std::to_string(ModelParams::max_hidden) + " values (one per hidden unit)");
  const std::size_t nh = h["bias"].size();
  p.hidden_bias = finite_vector(h["bias"], "hidden.bias", nh);
  p.hidden_w = finite_matrix(h["weights"], "hidden.weights", nh, nf, "hidden unit");
}

/// Throws ModelError naming the first problem: malformed structure, unsupported version, size mismatch,
/// feature names that differ from FeatureExtractor::names(), non-finite numbers, out-of-range options.
inline ModelParams read_model(const nlohmann::json& j) {
  ModelParams p;
  model_check(j.is_object(), "top level must be a JSON object");
  model_check(j.contains("format") && j["format"] == "tremorlab-model", "\"format\" must be \"tremorlab-model\"");
  model_check(j.contains("version") && j["version"].is_number_integer(), "missing integer \"version\"");
  const int ver = j["version"].get<int>();
  model_check(ver == ModelParams::linear_version || ver == ModelParams::mlp_version,
              "unsupported format version " + std::to_string(ver) + " (this build reads 1 (linear) and 2 (MLP))");
  for (const char* key : {"feature_names", "classes", "scaler", "weights", "bias"})
    model_check(j.contains(key), std::string("missing field \"") + key + "\"");
  model_check(j["feature_names"].is_array() && j["classes"].is_array(), "feature_names and classes must be arrays");
  p.names = string_list(j["feature_names"], "feature_names");
  p.classes = string_list(j["classes"], "classes");
  model_check(p.classes.size() >= 2, "needs at least two classes");
  const auto& expect = FeatureExtractor::names();
  if (p.names != expect) {
    std::string msg = "feature_names differ from this build's FeatureExtractor::names()";
    for (std::size_t i = 0; i < std::max(p.names.size(), expect.size()); ++i) {
      const std::string a = i < p.names.size() ? p.names[i] : "<none>", b = i < expect.size() ? expect[i] : "<none>";
      if (a != b) {
        msg += " (first difference at " + std::to_string(i) + ": model '" + a + "', expected '" + b + "')";
        break;
      }
    }
    model_check(false, msg);
  }
  const std::size_t nf = p.names.size(), nc = p.classes.size();
  model_check(j["scaler"].is_object() && j["scaler"].contains("mean") && j["scaler"].contains("scale"),
              "scaler needs mean and scale");
  p.mean = finite_vector(j["scaler"]["mean"], "scaler.mean", nf);
  p.scale = finite_vector(j["scaler"]["scale"], "scaler.scale", nf);
  for (double s : p.scale) model_check(s > 0, "scaler.scale must be > 0");
  if (ver == ModelParams::mlp_version) {
    model_check(j.contains("hidden"), "version 2 (MLP) needs a \"hidden\" layer");
    read_hidden(j["hidden"], nf, p);
  } else {
    model_check(!j.contains("hidden"), "\"hidden\" needs format version 2 (this file says 1: linear)");
  }
  const std::size_t ni = p.is_mlp() ? p.n_hidden() : nf;
  p.w = finite_matrix(j["weights"], "weights", nc, ni, "class");
  p.bias = finite_vector(j["bias"], "bias", nc);
  auto num = [&](const char* key, double def, double lo, double hi) {
    if (!j.contains(key)) return def;
    model_check(j[key].is_number(), std::string(key) + " must be a number");
    const double v = j[key].get<double>();
    model_check(std::isfinite(v) && v >= lo && v <= hi, std::string(key) + " out of range");
    return v;
  };
  // A model without window_s/hop_s gets FeatureConfig's defaults (the one place they are written).
  p.window_s = num("window_s", FeatureConfig{}.window_s, 1.0, 60.0);
  p.hop_s = num("hop_s", FeatureConfig{}.hop_s, 1e-3, 3600.0);
  if (j.contains("band")) {
    const auto b = finite_vector(j["band"], "band", 2);
    model_check(b[0] >= 1.0 && b[1] > b[0], "band must be [lo, hi] with 1 <= lo < hi");
    p.band_lo = b[0];
    p.band_hi = b[1];
  }
  if (j.contains("decision")) p.decision = read_decision(j["decision"]);
  if (j.contains("provenance") && !j["provenance"].is_null()) p.provenance = j["provenance"].dump();
  return p;
}

inline std::vector<std::vector<double>> matrix_rows(const Matrix& m) {
  std::vector<std::vector<double>> rows(m.rows);
  for (std::size_t r = 0; r < m.rows; ++r)
    rows[r].assign(m.v.begin() + std::ptrdiff_t(r * m.cols), m.v.begin() + std::ptrdiff_t((r + 1) * m.cols));
  return rows;
}

/// The model JSON text (version 1 for a linear model, 2 for an MLP); read_model(write_model(p)) == p.
inline std::string write_model(const ModelParams& p) {
  nlohmann::json j;
  j["format"] = "tremorlab-model";
  j["version"] = p.is_mlp() ? ModelParams::mlp_version : ModelParams::linear_version;
  j["feature_names"] = p.names;
  j["classes"] = p.classes;
  j["scaler"] = {{"mean", p.mean}, {"scale", p.scale}};
  if (p.is_mlp())
    j["hidden"] = {{"weights", matrix_rows(p.hidden_w)}, {"bias", p.hidden_bias}, {"activation", "tanh"}};
  j["weights"] = matrix_rows(p.w);
  j["bias"] = p.bias;
  j["window_s"] = p.window_s;
  j["hop_s"] = p.hop_s;
  j["band"] = {p.band_lo, p.band_hi};
  j["decision"] = nlohmann::json::object();
  for (const auto& [name, member] : decision_fields) j["decision"][name] = p.decision.*member;
  j["provenance"] = p.provenance.empty() ? nlohmann::json::object() : nlohmann::json::parse(p.provenance);
  return j.dump(1);
}

}  // namespace tremorlab::detail
