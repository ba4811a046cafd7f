"""classify()/features() on plain arrays must not import optional heavy modules (pandas costs 0.4-2 s)."""
import subprocess
import sys

import numpy as np
import pytest

import tremorlab as tl


def test_classify_on_array_does_not_import_pandas():
    code = (
        "import sys, numpy as np, tremorlab as tl\n"
        "assert 'pandas' not in sys.modules, 'import tremorlab pulled in pandas'\n"
        "t = np.arange(800) / 100.0\n"
        "acc = np.c_[0.5 * np.sin(2 * np.pi * 6 * t), 0 * t, 9.81 + 0 * t]\n"
        "r = tl.classify(acc, fs=100.0)\n"
        "f = tl.features(acc, fs=100.0)\n"
        "tl.Classifier.default().predict_proba(f)\n"
        "assert len(r) == len(f) > 0\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_dataframe_input_still_recognised():
    pd = pytest.importorskip("pandas")
    t = np.arange(600) / 100.0
    df = pd.DataFrame({"t": 5.0 + t, "ax": 0.4 * np.sin(2 * np.pi * 6 * t), "ay": 0 * t, "az": 9.81 + 0 * t})
    r = tl.classify(df)
    arr = tl.classify(df[["ax", "ay", "az"]].to_numpy(), fs=100.0)
    assert r.fs == pytest.approx(100.0, rel=1e-9)  # estimated from the timestamps
    np.testing.assert_allclose(r.proba, arr.proba, rtol=0, atol=1e-9)
    assert r.times[0] == pytest.approx(5.0 + tl.Classifier.default().window_s / 2)  # centre of the first window
    # A DataFrame of feature rows goes through the model by column name.
    ft = tl.features(df)
    np.testing.assert_allclose(tl.Classifier.default().predict_proba(ft.to_pandas()), r.proba, rtol=0, atol=1e-12)
