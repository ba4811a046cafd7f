// Classifier: JSON model validation and round trip, probabilities against a naive long-double softmax on
// the shipped model file (the same file and the same fixed feature vectors as
// tests/python/test_classify.py::test_cpp_python_identity), explain(), default model == models/default.json.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <tremorlab/batch.hpp>
#include <tremorlab/classifier.hpp>

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

// Naive reference: z = (x - mean) / scale, logits = W z + b, softmax, in long double.
std::vector<long double> reference(const nlohmann::json& m, const std::vector<double>& x) {
  const std::size_t nc = m["classes"].size(), nf = x.size();
  std::vector<long double> l(nc);
  long double mx = -1e300L;
  for (std::size_t c = 0; c < nc; ++c) {
    long double s = m["bias"][c].get<double>();
    for (std::size_t f = 0; f < nf; ++f)
      s += (long double)m["weights"][c][f].get<double>() *
           (((long double)x[f] - m["scaler"]["mean"][f].get<double>()) / m["scaler"]["scale"][f].get<double>());
    l[c] = s;
    mx = std::max(mx, s);
  }
  long double tot = 0;
  for (auto& v : l) tot += (v = std::exp(v - mx));
  for (auto& v : l) v /= tot;
  return l;
}

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

TEST(Classifier, JsonRoundTripIsExact) {
  const auto a = Classifier::load(kModelPath);
  const auto b = Classifier::from_json(a.to_json());
  const auto j = nlohmann::json::parse(read_file(kModelPath));
  std::vector<double> pa(4), pb(4);
  for (int k = 0; k < 5; ++k) {
    const auto x = fixed_row(j, k);
    a.predict_proba(x, pa);
    b.predict_proba(x, pb);
    EXPECT_EQ(pa, pb);
  }
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
  auto expect_error = [](const std::string& text, const std::string& needle) {
    try {
      (void)Classifier::from_json(text);
      ADD_FAILURE() << "accepted: " << needle;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("{not json", "malformed JSON");
  expect_error("[]", "object");
  auto j = tiny_model();
  j["version"] = 2;
  expect_error(j.dump(), "unsupported format version 2");
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
  EXPECT_EQ(m.decide(p), tremorlab::MovementClass::shaking);
  EXPECT_EQ(m.decide(p, tremorlab::DecisionConfig{}), tremorlab::MovementClass::mimicked);
  // pt / s = 0.45 >= 0.4 -> tremor with this model, shaking with the defaults.
  const std::vector<double> q{0.0, 0.0, 0.45, 0.55};
  EXPECT_EQ(m.decide(q), tremorlab::MovementClass::tremor);
  EXPECT_EQ(m.decide(q, tremorlab::DecisionConfig{}), tremorlab::MovementClass::shaking);
  {  // one key only: the others keep their defaults
    auto k = tiny_model();
    k["decision"] = {{"tremor_min_share", 0.6}};
    const auto d = Classifier::from_json(k.dump()).decision();
    EXPECT_EQ(d.tremor_min_share, 0.6);
    EXPECT_EQ(d.mimicked_min_p, 0.8);
  }
  auto expect_error = [](const nlohmann::json& text, const std::string& needle) {
    try {
      (void)Classifier::from_json(text.dump());
      ADD_FAILURE() << "accepted: " << needle;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto k = tiny_model();
  k["decision"] = {{"mimicked_min_p", 0.9}, {"tremor_share", 0.5}};
  expect_error(k, "unknown key \"tremor_share\"");
  k["decision"] = {{"mimicked_min_p", 1.5}};
  expect_error(k, "mimicked_min_p");
  k["decision"] = {{"mimicked_min_share", 0.3}};
  expect_error(k, "mimicked_min_share");
  k["decision"] = {{"tremor_min_share", -0.1}};
  expect_error(k, "tremor_min_share");
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
  EXPECT_EQ(m.decide(std::vector<double>{0.0, 0.0, 0.1, 0.9}), tremorlab::MovementClass::rest);
  EXPECT_EQ(m.decide(std::vector<double>{0.0, 0.0, 0.9, 0.1}), tremorlab::MovementClass::voluntary);
  EXPECT_EQ(m.decide(std::vector<double>{0.95, 0.05, 0.0, 0.0}), tremorlab::MovementClass::mimicked);
  EXPECT_EQ(m.decide(std::vector<double>{0.05, 0.95, 0.0, 0.0}), tremorlab::MovementClass::tremor);
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

}  // namespace
