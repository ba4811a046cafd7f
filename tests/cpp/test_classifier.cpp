// Classifier: JSON model validation and round trip, probabilities against a naive long-double softmax on
// the shipped model file (the same file and the same fixed feature vectors as
// tests/python/test_classify.py::test_cpp_python_identity), explain(), default model == models/default.json;
// the one-hidden-layer (MLP, format version 2) path: hand-computed probabilities, explain() against finite
// differences of the logits, every malformed hidden-layer field, round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <tremorlab/batch.hpp>
#include <tremorlab/classifier.hpp>

#include "detector_test_util.hpp"

namespace {
using tremorlab::Classifier;
using tremorlab::FeatureExtractor;
using tremorlab::ModelError;

const std::string kModelPath = std::string(TREMORLAB_SOURCE_DIR) + "/python/tremorlab/models/default.json";

std::string read_file(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Fixed feature vectors, defined by formula so the Python test can build the very same rows.
std::vector<double> fixed_row(const nlohmann::json& model, int k) {
  const auto& mean = model["scaler"]["mean"];
  const auto& scale = model["scaler"]["scale"];
  std::vector<double> x(mean.size());
  for (std::size_t j = 0; j < x.size(); ++j)
    x[j] = mean[j].get<double>() + scale[j].get<double>() * std::sin(1.7 * double(j) + 0.9 * k) * double(k % 3 + 1);
  return x;
}

// Naive reference: z = (x - mean) / scale, logits = W z + b (or W tanh(H z + c) + b for a model with a
// hidden layer), softmax, in long double.
std::vector<long double> reference(const nlohmann::json& m, const std::vector<double>& x) {
  const std::size_t nc = m["classes"].size(), nf = x.size();
  std::vector<long double> z(nf);
  for (std::size_t f = 0; f < nf; ++f)
    z[f] = ((long double)x[f] - m["scaler"]["mean"][f].get<double>()) / m["scaler"]["scale"][f].get<double>();
  if (m.contains("hidden")) {
    const auto& h = m["hidden"];
    std::vector<long double> a(h["bias"].size());
    for (std::size_t u = 0; u < a.size(); ++u) {
      long double s = h["bias"][u].get<double>();
      for (std::size_t f = 0; f < nf; ++f) s += (long double)h["weights"][u][f].get<double>() * z[f];
      a[u] = std::tanh(s);
    }
    z = a;
  }
  std::vector<long double> l(nc);
  long double mx = -1e300L;
  for (std::size_t c = 0; c < nc; ++c) {
    long double s = m["bias"][c].get<double>();
    for (std::size_t f = 0; f < z.size(); ++f) s += (long double)m["weights"][c][f].get<double>() * z[f];
    l[c] = s;
    mx = std::max(mx, s);
  }
  long double tot = 0;
  for (auto& v : l) tot += (v = std::exp(v - mx));
  for (auto& v : l) v /= tot;
  return l;
}

// from_json(text) must throw ModelError whose message contains `needle`.
void expect_error(const std::string& text, const std::string& needle) {
  try {
    (void)Classifier::from_json(text);
    ADD_FAILURE() << "accepted: " << needle;
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}
void expect_error(const char* text, const std::string& needle) { expect_error(std::string(text), needle); }
void expect_error(const nlohmann::json& j, const std::string& needle) { expect_error(j.dump(), needle); }

TEST(Classifier, ShippedModelMatchesNaiveReference) {
  const std::string text = read_file(kModelPath);
  ASSERT_FALSE(text.empty()) << kModelPath;
  const auto j = nlohmann::json::parse(text);
  const auto model = Classifier::load(kModelPath);
  ASSERT_EQ(model.n_features(), FeatureExtractor::size());
  ASSERT_EQ(model.classes(), (std::vector<std::string>{"rest", "voluntary", "tremor", "mimicked"}));
  std::vector<double> p(model.n_classes());
  for (int k = 0; k < 12; ++k) {
    const auto x = fixed_row(j, k);
    model.predict_proba(x, p);
    const auto ref = reference(j, x);
    double sum = 0;
    std::size_t arg = 0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      EXPECT_NEAR(p[c], double(ref[c]), 1e-12) << "row " << k << " class " << c;
      sum += p[c];
      if (ref[c] > ref[arg]) arg = c;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_EQ(model.predict(x), arg);
  }
}

TEST(Classifier, EmbeddedDefaultEqualsModelFile) {
  const auto a = Classifier::default_model();
  const auto b = Classifier::load(kModelPath);
  EXPECT_EQ(nlohmann::json::parse(a.to_json()), nlohmann::json::parse(b.to_json()));
  EXPECT_DOUBLE_EQ(a.window_s(), 2.0);
  EXPECT_GT(a.hop_s(), 0.0);
}

// a and b give bit-identical probabilities on five fixed rows around j's scaler mean.
void expect_same_probabilities(const Classifier& a, const Classifier& b, const nlohmann::json& j) {
  std::vector<double> pa(a.n_classes()), pb(b.n_classes());
  for (int k = 0; k < 5; ++k) {
    const auto x = fixed_row(j, k);
    a.predict_proba(x, pa);
    b.predict_proba(x, pb);
    EXPECT_EQ(pa, pb) << "row " << k;
  }
}

TEST(Classifier, JsonRoundTripIsExact) {
  const auto a = Classifier::load(kModelPath);
  const auto b = Classifier::from_json(a.to_json());
  const auto j = nlohmann::json::parse(read_file(kModelPath));
  expect_same_probabilities(a, b, j);
  EXPECT_EQ(a.to_json(), b.to_json());
  EXPECT_EQ(nlohmann::json::parse(a.provenance_json()), j["provenance"]);
}

nlohmann::json tiny_model() {
  nlohmann::json j;
  j["format"] = "tremorlab-model";
  j["version"] = 1;
  j["feature_names"] = FeatureExtractor::names();
  j["classes"] = {"rest", "voluntary", "tremor", "mimicked"};
  const std::size_t nf = FeatureExtractor::size();
  std::vector<double> mean(nf, 0.0), scale(nf, 1.0);
  mean[0] = -3.0;
  scale[0] = 2.0;
  j["scaler"] = {{"mean", mean}, {"scale", scale}};
  std::vector<std::vector<double>> w(4, std::vector<double>(nf, 0.0));
  w[2][0] = 1.5;   // tremor grows with feature 0
  w[3][4] = -0.5;  // mimicked falls with feature 4
  j["weights"] = w;
  j["bias"] = {0.1, 0.2, -0.3, 0.0};
  j["window_s"] = 2.5;
  j["hop_s"] = 0.25;
  return j;
}

TEST(Classifier, HandComputedProbabilities) {
  const auto m = Classifier::from_json(tiny_model().dump());
  std::vector<double> x(FeatureExtractor::size(), 0.0), p(4);
  x[0] = 1.0;  // z0 = (1 - -3) / 2 = 2 -> tremor logit -0.3 + 3 = 2.7
  x[4] = 2.0;  // mimicked logit -1.0
  m.predict_proba(x, p);
  const double l[4] = {0.1, 0.2, 2.7, -1.0};
  double tot = 0;
  for (double v : l) tot += std::exp(v);
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(p[c], std::exp(l[c]) / tot, 1e-15);
  EXPECT_EQ(m.predict(x), 2u);
  const auto ex = m.explain(x, 2);
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].feature, "log_band_power");
  EXPECT_DOUBLE_EQ(ex[0].value, 3.0);  // 1.5 * z0
  EXPECT_DOUBLE_EQ(ex[1].value, 0.0);
  EXPECT_THROW(m.explain(std::vector<double>(3, 0.0)), tremorlab::InvalidInput);
}

TEST(Classifier, RejectsMalformedModels) {
  expect_error("{not json", "malformed JSON");
  expect_error("[]", "object");
  auto j = tiny_model();
  j["version"] = 3;
  expect_error(j.dump(), "unsupported format version 3");
  j = tiny_model();
  j["format"] = "other";
  expect_error(j.dump(), "format");
  j = tiny_model();
  j["feature_names"][3] = "something_else";
  expect_error(j.dump(), "first difference at 3");
  j = tiny_model();
  j["bias"] = {0.0, 1.0};
  expect_error(j.dump(), "bias has 2 values");
  j = tiny_model();
  j["weights"].erase(1);
  expect_error(j.dump(), "one row per class");
  j = tiny_model();
  j["scaler"]["scale"][0] = 0.0;
  expect_error(j.dump(), "scale must be > 0");
  j = tiny_model();
  j["weights"][0][0] = "x";
  expect_error(j.dump(), "numbers");
  j = tiny_model();
  j.erase("scaler");
  expect_error(j.dump(), "missing field \"scaler\"");
  j = tiny_model();
  j["window_s"] = 0.1;
  expect_error(j.dump(), "window_s");
  EXPECT_THROW(Classifier::load("/nonexistent/model.json"), ModelError);
}

TEST(Classifier, DecisionObjectInTheModelJson) {
  auto j = tiny_model();
  {  // absent: the fallback defaults
    const auto m = Classifier::from_json(j.dump());
    EXPECT_EQ(m.decision().mimicked_min_p, 0.8);
    EXPECT_EQ(m.decision().mimicked_min_share, 0.85);
    EXPECT_EQ(m.decision().tremor_min_share, 0.5);
    EXPECT_EQ(m.decision().mimicked_min_rhythm_hz, tremorlab::tremor_band_low_hz);
  }
  j["decision"] = {{"mimicked_min_p", 0.9}, {"mimicked_min_share", 0.95}, {"tremor_min_share", 0.4}};
  const auto m = Classifier::from_json(j.dump());
  EXPECT_EQ(m.decision().mimicked_min_p, 0.9);
  EXPECT_EQ(m.decision().mimicked_min_share, 0.95);
  EXPECT_EQ(m.decision().tremor_min_share, 0.4);
  // Travels through to_json.
  EXPECT_EQ(Classifier::from_json(m.to_json()).decision().tremor_min_share, 0.4);
  // The model's thresholds are the ones decide() uses: pm 0.85 passes the default 0.8 but not this 0.9.
  const std::vector<double> p{0.0, 0.0, 0.05, 0.85};
  EXPECT_EQ(m.decide(p, tremorlab::amplitude_unknown, tremorlab::rhythm_unknown), tremorlab::MovementClass::shaking);
  EXPECT_EQ(m.decide(p, tremorlab::amplitude_unknown, tremorlab::rhythm_unknown, tremorlab::DecisionConfig{}), tremorlab::MovementClass::mimicked);
  // pt / s = 0.45 >= 0.4 -> tremor with this model, shaking with the defaults.
  const std::vector<double> q{0.0, 0.0, 0.45, 0.55};
  EXPECT_EQ(m.decide(q, tremorlab::amplitude_unknown, tremorlab::rhythm_unknown), tremorlab::MovementClass::tremor);
  EXPECT_EQ(m.decide(q, tremorlab::amplitude_unknown, tremorlab::rhythm_unknown, tremorlab::DecisionConfig{}), tremorlab::MovementClass::shaking);
  {  // one key only: the others keep their defaults
    auto k = tiny_model();
    k["decision"] = {{"tremor_min_share", 0.6}};
    const auto d = Classifier::from_json(k.dump()).decision();
    EXPECT_EQ(d.tremor_min_share, 0.6);
    EXPECT_EQ(d.mimicked_min_p, 0.8);
  }
  auto k = tiny_model();
  k["decision"] = {{"mimicked_min_p", 0.9}, {"tremor_share", 0.5}};
  expect_error(k, "unknown key \"tremor_share\"");
  k["decision"] = {{"mimicked_min_p", 1.5}};
  expect_error(k, "mimicked_min_p");
  k["decision"] = {{"mimicked_min_share", 0.3}};
  expect_error(k, "mimicked_min_share");
  k["decision"] = {{"tremor_min_share", -0.1}};
  expect_error(k, "tremor_min_share");
  k["decision"] = {{"mimicked_min_rhythm_hz", -1.0}};
  expect_error(k, "mimicked_min_rhythm_hz");
  k["decision"] = {{"tremor_min_share", "0.5"}};
  expect_error(k, "must be a number");
  k["decision"] = {0.8, 0.85, 0.5};
  expect_error(k, "must be an object");
}

TEST(Classifier, DecideFindsTheClassesByName) {
  // A model whose classes come in another order: decide() reads each probability by its class name.
  auto j = tiny_model();
  j["classes"] = {"mimicked", "tremor", "voluntary", "rest"};
  const auto m = Classifier::from_json(j.dump());
  EXPECT_EQ(m.index_of(tremorlab::MovementClass::rest), 3u);
  EXPECT_EQ(m.index_of(tremorlab::MovementClass::mimicked), 0u);
  EXPECT_EQ(m.decide(std::vector<double>{0.0, 0.0, 0.1, 0.9}, 1.0, 6.0), tremorlab::MovementClass::rest);
  EXPECT_EQ(m.decide(std::vector<double>{0.0, 0.0, 0.9, 0.1}, 1.0, 6.0), tremorlab::MovementClass::voluntary);
  EXPECT_EQ(m.decide(std::vector<double>{0.95, 0.05, 0.0, 0.0}, 1.0, 6.0), tremorlab::MovementClass::mimicked);
  EXPECT_EQ(m.decide(std::vector<double>{0.05, 0.95, 0.0, 0.0}, 1.0, 6.0), tremorlab::MovementClass::tremor);
}

TEST(Classifier, ClassifyRecordingEndToEnd) {
  // 20 s of a steady 6 Hz, 1 m/s^2 oscillation: the shipped model labels (nearly) all windows tremor.
  const double fs = 100;
  std::vector<double> acc(3 * 2000);
  for (std::size_t i = 0; i < 2000; ++i) {
    const double t = double(i) / fs;
    acc[3 * i] = 1.0 * std::sin(2 * M_PI * 6.0 * t);
    acc[3 * i + 1] = 0.2 * std::sin(2 * M_PI * 6.0 * t + 0.4);
    acc[3 * i + 2] = 9.80665;
  }
  const auto model = Classifier::default_model();
  const auto r = tremorlab::classify_recording(acc, fs, tremorlab::Units::m_per_s2, model);
  const auto win = std::size_t(std::llround(model.window_s() * fs)), hop = std::size_t(std::llround(model.hop_s() * fs));
  ASSERT_EQ(r.n_windows, tremorlab::count_windows(2000, win, hop));
  ASSERT_EQ(r.n_windows, (2000 - win) / hop + 1);
  std::size_t tremor = 0;
  for (auto l : r.labels) tremor += l == tremorlab::MovementClass::tremor;
  EXPECT_GE(double(tremor) / double(r.n_windows), 0.9);
  EXPECT_DOUBLE_EQ(r.start_s[1], 0.25);
}

// A 3-unit MLP with hand-chosen weights (tiny_model's scaler: z0 = (x0 + 3) / 2, z_f = x_f otherwise).
nlohmann::json tiny_mlp() {
  auto j = tiny_model();
  const std::size_t nf = FeatureExtractor::size();
  std::vector<std::vector<double>> w1(3, std::vector<double>(nf, 0.0));
  w1[0][0] = 0.8;   // unit 0 reads z0
  w1[1][4] = -1.2;  // unit 1 reads z4
  w1[2][0] = 0.5;   // unit 2 reads z0 and z4: an interaction the linear model cannot form
  w1[2][4] = 0.5;
  j["version"] = 2;
  j["hidden"] = {{"weights", w1}, {"bias", {0.1, -0.2, 0.0}}, {"activation", "tanh"}};
  j["weights"] = {{0.0, 0.0, 0.0}, {0.3, 0.0, 0.0}, {2.0, -1.0, 1.0}, {-1.0, 2.0, -3.0}};
  j["bias"] = {0.1, 0.2, -0.3, 0.0};
  return j;
}

TEST(ClassifierMlp, HandComputedProbabilities) {
  const auto m = Classifier::from_json(tiny_mlp().dump());
  EXPECT_EQ(m.n_hidden(), 3u);
  std::vector<double> x(FeatureExtractor::size(), 0.0), p(4), l(4);
  x[0] = 1.0;  // z0 = 2
  x[4] = 0.5;  // z4 = 0.5
  const double a0 = std::tanh(0.8 * 2 + 0.1), a1 = std::tanh(-1.2 * 0.5 - 0.2), a2 = std::tanh(0.5 * 2 + 0.5 * 0.5);
  const double want[4] = {0.1, 0.3 * a0 + 0.2, 2.0 * a0 - a1 + a2 - 0.3, -a0 + 2.0 * a1 - 3.0 * a2};
  m.logits(x, l);
  m.predict_proba(x, p);
  double tot = 0;
  for (double v : want) tot += std::exp(v);
  for (int c = 0; c < 4; ++c) {
    EXPECT_NEAR(l[c], want[c], 1e-15) << c;
    EXPECT_NEAR(p[c], std::exp(want[c]) / tot, 1e-15) << c;
  }
  EXPECT_EQ(m.predict(x), 2u);
  // NaN in, NaN out (never a silent label from garbage)
  x[7] = NAN;
  m.predict_proba(x, p);
  for (double v : p) EXPECT_TRUE(std::isnan(v));
}

// explain(x, label): gradient x input of the label's evidence w.r.t. the standardised features, checked by
// central differences of logits() (a step of h in z_f is a step of h * scale_f in x_f): a model class's
// logit, or for shaking log(exp(l_tremor) + exp(l_mimicked)).
void expect_label_explain_matches_finite_differences(const Classifier& m, const std::vector<double>& x,
                                                     tremorlab::MovementClass label) {
  const std::size_t nf = m.n_features();
  const std::size_t it = m.class_index("tremor"), im = m.class_index("mimicked");
  auto target = [&](const std::vector<double>& l) {
    if (label == tremorlab::MovementClass::shaking) return std::log(std::exp(l[it]) + std::exp(l[im]));
    return l[m.class_index(tremorlab::label_name(label))];
  };
  const auto ex = m.explain(x, label, nf);
  ASSERT_EQ(ex.size(), nf);
  std::vector<double> lp(m.n_classes()), lm(m.n_classes());
  for (std::size_t f = 0; f < nf; ++f) {
    const double h = 1e-5, s = m.scaler_scale()[f], z = (x[f] - m.scaler_mean()[f]) / s;
    auto xp = x, xm = x;
    xp[f] += h * s;
    xm[f] -= h * s;
    m.logits(xp, lp);
    m.logits(xm, lm);
    const double grad = (target(lp) - target(lm)) / (2 * h);
    const auto hit = std::find_if(ex.begin(), ex.end(), [&](const auto& e) { return e.feature == m.feature_names()[f]; });
    ASSERT_NE(hit, ex.end());
    EXPECT_NEAR(hit->value, grad * z, 1e-7 * (1 + std::abs(grad * z))) << m.feature_names()[f] << " " << label_name(label);
  }
}

// explain() (no label) is the same for the most probable class, largest |value| first.
void expect_explain_matches_finite_differences(const Classifier& m, const std::vector<double>& x) {
  expect_label_explain_matches_finite_differences(m, x, *tremorlab::label_from_name(m.classes()[m.predict(x)]));
  const auto ex = m.explain(x, m.n_features());
  for (std::size_t i = 1; i < ex.size(); ++i) EXPECT_GE(std::abs(ex[i - 1].value), std::abs(ex[i].value));
}

TEST(Classifier, ExplainALabelIsGradientTimesInputOfItsEvidence) {
  using M = tremorlab::MovementClass;
  const auto dense = tremorlab::test::mlp_model(24);
  const auto j = nlohmann::json::parse(dense.to_json());
  const auto shipped = Classifier::load(kModelPath);
  for (const Classifier* m : {&dense, &shipped}) {
    for (int k = 0; k < 3; ++k) {
      const auto x = fixed_row(j, k);
      for (M label : {M::rest, M::voluntary, M::tremor, M::mimicked, M::shaking})
        expect_label_explain_matches_finite_differences(*m, x, label);
      // the argmax form is the label form for the most probable class
      const auto arg = m->explain(x, 5);
      const auto as_label = m->explain(x, *tremorlab::label_from_name(m->classes()[m->predict(x)]), 5);
      ASSERT_EQ(arg.size(), as_label.size());
      for (std::size_t i = 0; i < arg.size(); ++i) {
        EXPECT_EQ(arg[i].feature, as_label[i].feature);
        EXPECT_EQ(arg[i].value, as_label[i].value);
      }
    }
  }
  EXPECT_THROW(shipped.explain(std::vector<double>(3, 0.0), M::shaking), tremorlab::InvalidInput);
  auto bad = fixed_row(j, 0);
  bad[5] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(shipped.explain(bad, M::tremor), tremorlab::InvalidInput);
  EXPECT_THROW(shipped.explain(bad, 3), tremorlab::InvalidInput);
}

TEST(ClassifierMlp, DenseModelMatchesNaiveReference) {
  const auto j = tremorlab::test::mlp_model_json(32);
  const auto model = Classifier::from_json(j.dump());
  std::vector<double> p(model.n_classes());
  for (int k = 0; k < 12; ++k) {
    const auto x = fixed_row(j, k);
    model.predict_proba(x, p);
    const auto ref = reference(j, x);
    std::size_t arg = 0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      EXPECT_NEAR(p[c], double(ref[c]), 1e-12) << "row " << k << " class " << c;
      if (ref[c] > ref[arg]) arg = c;
    }
    EXPECT_EQ(model.predict(x), arg);
  }
}

TEST(ClassifierMlp, ExplainIsGradientTimesInput) {
  const auto tiny = Classifier::from_json(tiny_mlp().dump());
  std::vector<double> x(FeatureExtractor::size(), 0.0);
  x[0] = 1.0;
  x[4] = 0.5;
  expect_explain_matches_finite_differences(tiny, x);
  // the hand computation for feature 0: d logit_tremor / d z0 = 2 * 0.8 (1 - a0^2) + 0.5 (1 - a2^2)
  const double a0 = std::tanh(1.7), a2 = std::tanh(1.25);
  const auto ex = tiny.explain(x, 1);
  EXPECT_EQ(ex[0].feature, "log_band_power");
  EXPECT_NEAR(ex[0].value, (1.6 * (1 - a0 * a0) + 0.5 * (1 - a2 * a2)) * 2.0, 1e-14);
  // a dense MLP on the default model's scaler, rows around the training mean
  const auto dense = tremorlab::test::mlp_model(24);
  const auto j = nlohmann::json::parse(dense.to_json());
  for (int k = 0; k < 4; ++k) expect_explain_matches_finite_differences(dense, fixed_row(j, k));
  // and the linear model: gradient x input is weight x standardised value
  const auto lin = Classifier::load(kModelPath);
  expect_explain_matches_finite_differences(lin, fixed_row(nlohmann::json::parse(read_file(kModelPath)), 2));
}

TEST(ClassifierMlp, JsonRoundTripIsExactAndVersioned) {
  const auto a = tremorlab::test::mlp_model(20);
  const auto j = nlohmann::json::parse(a.to_json());
  EXPECT_EQ(j["version"], Classifier::mlp_format_version);
  EXPECT_EQ(j["hidden"]["bias"].size(), 20u);
  EXPECT_EQ(j["weights"][0].size(), 20u);
  const auto b = Classifier::from_json(a.to_json());
  EXPECT_EQ(a.to_json(), b.to_json());
  expect_same_probabilities(a, b, j);
  // a linear model still writes version 1 and no hidden layer
  const auto lin = nlohmann::json::parse(Classifier::from_json(tiny_model().dump()).to_json());
  EXPECT_EQ(lin["version"], 1);
  EXPECT_FALSE(lin.contains("hidden"));
}

TEST(ClassifierMlp, RejectsMalformedHiddenLayers) {
  auto j = tiny_mlp();
  j.erase("hidden");
  expect_error(j, "version 2 (MLP) needs a \"hidden\" layer");
  j = tiny_mlp();
  j["version"] = 1;
  expect_error(j, "\"hidden\" needs format version 2");
  j = tiny_mlp();
  j["hidden"] = {1, 2};
  expect_error(j, "\"hidden\" must be an object");
  j = tiny_mlp();
  j["hidden"]["activation"] = "relu";
  expect_error(j, "activation must be \"tanh\"");
  j = tiny_mlp();
  j["hidden"].erase("activation");
  expect_error(j, "missing field \"hidden.activation\"");
  j = tiny_mlp();
  j["hidden"]["dropout"] = 0.1;
  expect_error(j, "unknown key \"dropout\" in \"hidden\"");
  j = tiny_mlp();
  j["hidden"]["bias"] = nlohmann::json::array();
  expect_error(j, "hidden.bias must hold 1..128");
  j = tiny_mlp();
  j["hidden"]["bias"] = std::vector<double>(Classifier::max_hidden + 1, 0.0);
  expect_error(j, "hidden.bias must hold 1..128");
  j = tiny_mlp();
  j["hidden"]["weights"].erase(2);  // 2 rows for 3 units
  expect_error(j, "hidden.weights must have one row per hidden unit (3)");
  j = tiny_mlp();
  j["hidden"]["weights"][1].erase(0);  // a row one feature short
  expect_error(j, "hidden.weights row has 21 values, expected 22");
  j = tiny_mlp();
  j["hidden"]["weights"][1][3] = "0.5";
  expect_error(j, "hidden.weights row must hold numbers");
  j = tiny_mlp();
  j["hidden"]["bias"][1] = nullptr;  // what a NaN becomes in JSON
  expect_error(j, "hidden.bias must hold numbers");
  j = tiny_mlp();
  j["weights"] = tiny_model()["weights"];  // output layer sized for features, not hidden units
  expect_error(j, "weights row has 22 values, expected 3");
  j = tiny_mlp();
  j["bias"] = {0.0, 0.0, 0.0};
  expect_error(j, "bias has 3 values, expected 4");
  // Out-of-range literals parse to infinity: a non-finite weight is named.
  std::string text = tiny_mlp().dump();
  const auto pos = text.find("0.8");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 3, "1e999");
  try {
    (void)Classifier::from_json(text);
    ADD_FAILURE() << "accepted an infinite hidden weight";
  } catch (const ModelError& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(msg.find("non-finite") != std::string::npos || msg.find("malformed JSON") != std::string::npos) << msg;
  }
}

TEST(ClassifierMlp, BatchEqualsRowByRow) {
  // batch_predict_proba (contiguous rows) and predict_proba on copies at another alignment agree bit
  // for bit: the scalar loops do not depend on where the buffers live.
  const auto m = tremorlab::test::mlp_model(32);
  const auto j = nlohmann::json::parse(m.to_json());
  const std::size_t nf = m.n_features(), rows = 9;
  std::vector<double> X;
  for (std::size_t k = 0; k < rows; ++k) {
    const auto r = fixed_row(j, int(k));
    X.insert(X.end(), r.begin(), r.end());
  }
  std::vector<double> batch(rows * 4), one(4);
  tremorlab::batch_predict_proba(m, X, rows, batch);
  std::vector<double> shifted(nf + 1);
  for (std::size_t k = 0; k < rows; ++k) {
    std::copy(X.begin() + std::ptrdiff_t(k * nf), X.begin() + std::ptrdiff_t((k + 1) * nf), shifted.begin() + 1);
    m.predict_proba(std::span<const double>(shifted.data() + 1, nf), one);
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(one[c], batch[k * 4 + c]) << k;
  }
}

}  // namespace
