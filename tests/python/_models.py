"""Test helpers shared by the detector and session tests."""
from __future__ import annotations

import json


def band_power_model() -> str:
    """Hand-made model independent of training: logit(tremor) = 3 * (log_band_power + 1.5), others 0."""
    from tremorlab import _core

    j = json.loads(_core.Classifier.default_model().to_json())
    j.pop("hidden", None)  # a linear model (format version 1), whatever kind the shipped model is
    j["version"] = 1
    nf, classes = len(j["feature_names"]), j["classes"]
    j["scaler"] = {"mean": [0.0] * nf, "scale": [1.0] * nf}
    j["weights"] = [[3.0 if (c == "tremor" and f == "log_band_power") else 0.0 for f in j["feature_names"]]
                    for c in classes]
    j["bias"] = [4.5 if c == "tremor" else 0.0 for c in classes]
    return json.dumps(j)
