#pragma once
// Small, explainable window classifier: standardisation + multinomial logistic regression (Eigen).
// Model files are versioned JSON (feature names, scaler, weights, classes, provenance).
//
// CONTRACT (implementation pending in this skeleton; names and signatures are fixed):
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

/// Class order of the default model: rest, voluntary, tremor, mimicked.
enum class MovementClass { rest = 0, voluntary = 1, tremor = 2, mimicked = 3 };
const char* to_string(MovementClass c) noexcept;

struct Contribution {
  std::string feature;
  double value;  ///< contribution to the predicted class's logit
};

class Classifier {
 public:
  /// Throws ModelError (malformed JSON, unsupported format version, size mismatch).
  static Classifier from_json(std::string_view json);
  static Classifier load(const std::string& path);
  /// The model shipped with the library (embedded at build time).
  static Classifier default_model();
  std::string to_json() const;

  const std::vector<std::string>& classes() const noexcept;
  const std::vector<std::string>& feature_names() const noexcept;
  std::size_t n_features() const noexcept;
  std::size_t n_classes() const noexcept;
  /// `features`: n_features() values in feature_names() order; `proba`: n_classes() values summing to 1.
  void predict_proba(std::span<const double> features, std::span<double> proba) const noexcept;
  /// Index into classes() of the most probable class.
  std::size_t predict(std::span<const double> features) const noexcept;
  /// The k features that contributed most to the predicted class.
  std::vector<Contribution> explain(std::span<const double> features, std::size_t k = 3) const;
};

}  // namespace tremorlab
