"""Recording loaders, writer and validation."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tremorlab as tl
from tremorlab.io import STANDARD_GRAVITY
from tremorlab.report import analyze


def _write(p: Path, text: str) -> Path:
    p.write_text(text, encoding="utf-8")
    return p


def _rec(n=50, fs=50.0, gyro=False, units="m/s^2"):
    t = np.arange(n) / fs
    rng = np.random.default_rng(0)
    acc = rng.normal(size=(n, 3)) + [0, 0, 9.81]
    g = rng.normal(size=(n, 3)) * 10 if gyro else None
    return tl.Recording(t=t, acc=acc, units=units, fs=fs, gyro=g,
                        meta={"subject": "007", "label": "rest", "placement": "wrist", "source": "unit-test"})


# --- tremorlab CSV -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("gyro", [False, True])
def test_write_read_roundtrip(tmp_path, gyro):
    rec = _rec(gyro=gyro)
    p = tmp_path / "r.csv"
    tl.write_recording(p, rec)
    back = tl.read_recording(p)
    np.testing.assert_allclose(back.t, rec.t, rtol=0, atol=1e-12)
    np.testing.assert_allclose(back.acc, rec.acc, rtol=1e-9)
    if gyro:
        np.testing.assert_allclose(back.gyro, rec.gyro, rtol=1e-9)
    else:
        assert back.gyro is None
    assert back.units == "m/s^2" and back.fs == pytest.approx(50.0)
    assert back.meta["subject"] == "007"  # strings stay strings (no int coercion)
    assert back.meta["label"] == "rest" and back.meta["placement"] == "wrist"
    assert back.gaps == []


def test_tremorlab_csv_units_g_and_fs_inferred(tmp_path):
    p = _write(tmp_path / "a.csv", "# units: g\nt,ax,ay,az\n0,0,0,1\n0.02,0,0,1\n0.04,0,0,1\n0.06,0.1,0,1\n")
    r = tl.read_recording(p)
    assert r.units == "g" and r.fs == pytest.approx(50.0)
    assert r.duration == pytest.approx(0.06)
    np.testing.assert_allclose(r.acc_ms2()[:, 2], STANDARD_GRAVITY)
    assert r.acc[3, 0] == pytest.approx(0.1)  # acc_ms2 returns a copy, the stored values are untouched


def test_tremorlab_csv_without_t_needs_fs(tmp_path):
    p = _write(tmp_path / "a.csv", "# units: m/s^2\nax,ay,az\n0,0,9.8\n0,0,9.8\n0,0,9.8\n")
    with pytest.raises(ValueError, match="no 't' column"):
        tl.read_recording(p)
    r = tl.read_recording(p, fs=200.0)
    np.testing.assert_allclose(r.t, [0, 0.005, 0.01])


def test_units_missing_conflicting_unknown(tmp_path):
    p = _write(tmp_path / "a.csv", "t,ax,ay,az\n0,0,0,9.8\n0.01,0,0,9.8\n")
    with pytest.raises(ValueError, match="units unknown"):
        tl.read_recording(p)
    assert tl.read_recording(p, units="m/s^2").units == "m/s^2"
    q = _write(tmp_path / "b.csv", "# units: g\nt,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n")
    with pytest.raises(ValueError, match="declares units 'g'"):
        tl.read_recording(q, units="m/s^2")
    u = _write(tmp_path / "c.csv", "# units: furlongs\nt,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n")
    with pytest.raises(ValueError, match=r"c\.csv.*units must be .*furlongs"):
        tl.read_recording(u)


@pytest.mark.parametrize("body, match", [
    ("0,0,0,1\n0.01,nan,0,1\n", r"non-finite accelerometer value nan .*\(line 4\)"),
    ("0,0,0,1\n0.01,0,inf,1\n", "non-finite accelerometer"),
    ("0,0,0,1\nnan,0,0,1\n", "non-finite timestamp"),
    ("0,0,0,1\n0.01,0,0,1\n0.01,0,0,1\n", r"duplicate timestamp at sample 2 \(line 5\)"),
    ("0,0,0,1\n0.02,0,0,1\n0.01,0,0,1\n", "decreasing timestamp at sample 2"),
    ("0,0,0,1\n0.01,0,0\n", r"line 4: expected 4 columns"),
    ("0,0,0,1\n0.01,0,x,1\n", r"line 4: not a number: 'x'"),
    ("0,0,0,1\n", "too short"),
    ("", "no samples"),
])
def test_validation_errors_name_file_and_problem(tmp_path, body, match):
    p = _write(tmp_path / "bad.csv", "# units: g\nt,ax,ay,az\n" + body)
    with pytest.raises(ValueError, match=match) as ei:
        tl.read_recording(p)
    assert "bad.csv" in str(ei.value)


def test_bad_header_and_empty_file(tmp_path):
    with pytest.raises(ValueError, match="header"):
        tl.read_recording(_write(tmp_path / "h.csv", "# units: g\ntime,x,y\n0,0,0\n"))
    with pytest.raises(ValueError, match="empty file"):
        tl.read_recording(_write(tmp_path / "e.csv", ""))


def test_gaps_reported_not_errors(tmp_path):
    t = np.r_[np.arange(100) * 0.01, 1.5 + np.arange(100) * 0.01]
    rows = "\n".join(f"{v:.4f},0,0,1" for v in t)
    p = _write(tmp_path / "g.csv", "# units: g\nt,ax,ay,az\n" + rows + "\n")
    r = tl.read_recording(p)
    assert r.n == 200  # nothing dropped or filled in
    assert len(r.gaps) == 1
    assert r.gaps[0][0] == pytest.approx(0.99) and r.gaps[0][1] == pytest.approx(1.5)
    assert r.meta["n_gaps"] == 1
    assert tl.read_recording(p, max_gap_s=1.0).gaps == []


def test_one_gap_rule_for_recording_report_and_session(tmp_path):
    # A 0.16 s hole in a 100 Hz recording: the detector's rule (dt > 0.2 s) sees no gap, and so must the
    # reader and the report (they used to count it with a 5 x median-interval rule of their own).
    t = np.r_[np.arange(1000) * 0.01, 10.15 + np.arange(1000) * 0.01]
    acc = np.c_[0.3 * np.sin(2 * np.pi * 6 * t), 0 * t, 9.81 + 0 * t]
    rows = "\n".join(f"{a:.6f},{x:.6f},{y:.6f},{z:.6f}" for a, (x, y, z) in zip(t, acc))
    p = _write(tmp_path / "hole.csv", "# units: m/s^2\nt,ax,ay,az\n" + rows + "\n")
    rep = analyze(p)
    assert rep.recording.gaps == [] and rep.gaps == 0 and rep.session["gaps"] == 0
    # A 0.3 s hole is a gap for all three.
    t2 = np.r_[np.arange(1000) * 0.01, 10.29 + np.arange(1000) * 0.01]
    rows2 = "\n".join(f"{a:.6f},{x:.6f},{y:.6f},{z:.6f}" for a, (x, y, z) in zip(t2, acc))
    p2 = _write(tmp_path / "gap.csv", "# units: m/s^2\nt,ax,ay,az\n" + rows2 + "\n")
    rep2 = analyze(p2)
    assert len(rep2.recording.gaps) == 1 and rep2.gaps == 1 and rep2.session["gaps"] == 1
    assert rep2.recording.gaps[0] == pytest.approx((9.99, 10.29))


# --- other formats (synthetic files written in each format) ------------------------------------------------

def test_cloudupdrs_format_and_name_parsing(tmp_path):
    name = "T_-_REST_TREMOR_AMPLITUDE_-_LEFT_HAND_-_2016-10-14_10-49-11_-_f73512ccfc_-_2458.csv"
    ns = 1_000_000_000 + np.arange(5) * 10_000_000
    p = _write(tmp_path / name, "".join(f"{v},0.1,0.2,9.8,3\n" for v in ns))
    r = tl.read_recording(p)
    assert r.units == "m/s^2" and r.meta["source"] == "cloudupdrs"
    assert (r.meta["task"], r.meta["side"], r.meta["subject"]) == ("REST_TREMOR_AMPLITUDE", "LEFT_HAND", "2458")
    np.testing.assert_allclose(r.t, np.arange(5) * 0.01, atol=1e-9)
    assert r.fs == pytest.approx(100.0)
    bad = _write(tmp_path / "x.csv", "1000,0,0,9.8,3\n2000,0,0,9.8,3,7\n")
    with pytest.raises(ValueError, match="line 2"):
        tl.read_recording(bad)


def test_mpower_json(tmp_path):
    items = [{"timestamp": 100.0 + 0.01 * i, "x": 0.0, "y": 0.0, "z": -1.0} for i in range(10)]
    p = tmp_path / "m.json"
    p.write_text(json.dumps(items))
    r = tl.read_recording(p)
    assert r.units == "g" and r.n == 10 and r.meta["t0"] == pytest.approx(100.0)
    np.testing.assert_allclose(np.linalg.norm(r.acc_ms2(), axis=1), STANDARD_GRAVITY)
    items[3]["timestamp"] = items[2]["timestamp"]
    p.write_text(json.dumps(items))
    with pytest.raises(ValueError, match="duplicate timestamp at sample 3"):
        tl.read_recording(p)
    del items[4]["x"]
    p.write_text(json.dumps(items))
    with pytest.raises(ValueError, match="lacks key 'x'"):
        tl.read_recording(p)


def test_phone_semicolon_csv(tmp_path):
    p = _write(tmp_path / "ST-1.csv", "timestamp; x; y; z;\n0.000000; 0.1; -0.5; -0.8;\n"
               "0.010011; 0.1; -0.5; -0.8;\n0.020023; 0.2; -0.5; -0.8;\n")
    r = tl.read_recording(p)
    assert r.units == "g" and r.n == 3 and r.acc[2, 0] == pytest.approx(0.2)
    q = _write(tmp_path / "bad.csv", "timestamp; x; y; z;\n0.0; 0.1; -0.5;\n0.01; 0.1; -0.5; -0.8;\n")
    with pytest.raises(ValueError, match="line 2"):
        tl.read_recording(q)


def test_hmp_codes_name_and_refusals(tmp_path):
    """HMP (Bruno et al. 2013, MANUAL.txt section 4.2): real = -1.5 g + code / 63 * 3 g, 32 Hz, no timestamps."""
    name = "Accelerometer-2011-05-30-21-55-04-brush_teeth-m2.txt"
    p = _write(tmp_path / name, "00 21 63\n42 31 63\n63 63 00\n10 52 40\n")
    r = tl.read_recording(p)  # detected by its name and rows
    assert (r.units, r.fs, r.n, r.meta["source"]) == ("g", 32.0, 4, "hmp")
    assert (r.meta["task"], r.meta["subject"], r.meta["date"]) == ("brush_teeth", "m2", "2011-05-30-21-55-04")
    # Hand-computed: 0 -> -1.5 g, 21 -> -0.5 g, 42 -> +0.5 g, 63 -> +1.5 g; 31 -> -1.5 + 93/63 g; 10 -> -1.5 + 30/63.
    np.testing.assert_allclose(r.acc[:3], [[-1.5, -0.5, 1.5], [0.5, -1.5 + 93 / 63, 1.5], [1.5, 1.5, -1.5]], atol=1e-12)
    np.testing.assert_allclose(r.acc[3], [-1.5 + 30 / 63, -1.5 + 156 / 63, -1.5 + 120 / 63], atol=1e-12)
    np.testing.assert_allclose(r.t, np.arange(4) / 32.0)
    assert r.meta["n_clipped"] == 3  # rows holding a code at either end of the range
    other = _write(tmp_path / "mine.txt", "00 21 63\n42 31 63\n")
    with pytest.raises(ValueError, match="unrecognised recording format"):
        tl.read_recording(other)  # three integers alone do not say HMP
    assert tl.read_recording(other, format="hmp").n == 2
    with pytest.raises(ValueError, match="units 'g'"):
        tl.read_recording(p, units="m/s^2")
    with pytest.raises(ValueError, match="more than 5 %|rate"):
        tl.read_recording(p, fs=100.0)
    for body, match in (("00 21 64\n01 01 01\n", "line 1: axis z holds 64"),
                        ("00 21 63\n01 1.5 01\n", "line 2: axis y holds 1.5"),
                        ("00 21 63\n01 -1 01\n", "line 2: axis y holds -1"),
                        ("00 21 63\n01 01\n", "line 2"), ("00 21 nan\n01 01 01\n", "line 1"), ("\n", "empty")):
        bad = _write(tmp_path / name, body)
        with pytest.raises(ValueError, match=match):
            tl.read_recording(bad, format="hmp")


def test_tsdf(tmp_path):
    n = 20
    t = np.arange(n) * 0.01
    vals = np.column_stack([np.zeros(n), np.zeros(n), np.ones(n), np.arange(n), -np.arange(n), np.zeros(n)])
    t.astype("<f8").tofile(tmp_path / "imu_time.bin")
    vals.astype("<f8").tofile(tmp_path / "imu_values.bin")
    meta = {"rows": n, "endianness": "little", "data_type": "float", "bits": 64, "device_id": "Watch",
            "sensors": [{"file_name": "imu_time.bin", "channels": ["time"], "units": ["relative_s"]},
                        {"file_name": "imu_values.bin",
                         "channels": ["accelerometer_x", "accelerometer_y", "accelerometer_z",
                                      "gyroscope_x", "gyroscope_y", "gyroscope_z"],
                         "units": ["g", "g", "g", "deg/s", "deg/s", "deg/s"]}]}
    (tmp_path / "imu_meta.json").write_text(json.dumps(meta))
    for target in (tmp_path, tmp_path / "imu_meta.json"):
        r = tl.read_recording(target)
        assert r.units == "g" and r.n == n
        np.testing.assert_array_equal(r.gyro[:, 0], np.arange(n))  # row-major rows of 6
        np.testing.assert_array_equal(r.gyro[:, 1], -np.arange(n))
    meta["rows"] = n + 1
    (tmp_path / "imu_meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="expected rows x channels"):
        tl.read_recording(tmp_path)


def test_from_dataframe_float_and_datetime():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"t": [0.0, 0.01, 0.02, 0.03], "ax": [0, 1, 2, 3], "ay": 0.0, "az": 9.8})
    r = tl.from_dataframe(df)
    assert r.fs == pytest.approx(100.0) and r.acc[3, 0] == 3
    ts = pd.to_datetime("2024-01-01") + pd.to_timedelta(np.arange(4) * 20, unit="ms")
    df2 = pd.DataFrame({"time": ts, "x": 0.0, "y": 0.0, "z": 1.0})
    r2 = tl.from_dataframe(df2, time_col="time", cols=("x", "y", "z"), units="g")
    np.testing.assert_allclose(r2.t, [0, 0.02, 0.04, 0.06])
    assert r2.units == "g"
    back = r2.to_pandas()
    assert list(back.columns) == ["t", "ax", "ay", "az"] and back.attrs["units"] == "g"
    df3 = df.copy()
    df3.loc[2, "t"] = 0.01
    with pytest.raises(ValueError, match="duplicate timestamp"):
        tl.from_dataframe(df3)
    with pytest.raises(ValueError, match="missing column"):
        tl.from_dataframe(df, cols=("a", "b", "c"))


# --- real data ---------------------------------------------------------------------------------------------

def test_bundled_cloudupdrs_all_load(bundled_data):
    files = sorted((bundled_data / "cloudupdrs" / "2458").glob("T_-_*.csv"))
    assert len(files) == 12
    for f in files:
        r = tl.read_recording(f)
        assert r.meta["subject"] == "2458" and r.units == "m/s^2"
        assert 3190 <= r.n <= 3200 and 31.5 < r.duration < 32.5
        assert r.fs == pytest.approx(100.0, rel=0.01)
        # Gravity is in the signal: while the limb rests the median magnitude is close to 1 g.
        mag = np.median(np.linalg.norm(r.acc, axis=1))
        assert mag == pytest.approx(9.81, abs=0.6 if "REST" in f.name else 3.0)


def test_bundled_paradigma_tsdf(bundled_data):
    r = tl.read_recording(bundled_data / "paradigma_ppp" / "1.prepared_data" / "imu")
    assert r.n == 72947 and r.units == "g" and r.gyro is not None
    assert r.fs == pytest.approx(100.0, rel=0.01) and r.duration == pytest.approx(730.78, abs=0.1)
    assert np.linalg.norm(r.acc, axis=1).mean() == pytest.approx(1.0, abs=0.1)


def test_shared_formats_load(shared_data):
    mp = tl.read_recording(shared_data / "cloudupdrs_pdkit" / "mpower_tremor.json")
    assert mp.units == "g" and mp.n == 1952
    phone = sorted((shared_data / "phone_mimicked_shaking" / "Simulation" / "data1").glob("*.csv"))[0]
    r = tl.read_recording(phone)
    assert r.units == "g" and r.fs == pytest.approx(100.0, rel=0.01)
    assert np.linalg.norm(r.acc, axis=1).mean() == pytest.approx(1.0, abs=0.15)


def test_hmp_any_codes_convert_exactly(tmp_path_factory):
    """Property: any rows of codes 0..63 read back as -1.5 g + code / 63 x 3 g at 32 Hz, the clipped rows counted."""
    hyp = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    from hypothesis.extra.numpy import arrays

    folder = tmp_path_factory.mktemp("hmp")

    @hyp.given(arrays(np.int64, st.tuples(st.integers(2, 40), st.just(3)), elements=st.integers(0, 63)))
    def check(codes):
        p = folder / "Accelerometer-2012-01-02-03-04-05-walk-f7.txt"
        p.write_text("".join(f"{a:02d} {b:02d} {c:02d}\n" for a, b, c in codes))
        r = tl.read_recording(p)
        np.testing.assert_allclose(r.acc, -1.5 + codes * 3.0 / 63.0, rtol=0, atol=1e-12)
        np.testing.assert_allclose(r.t, np.arange(len(codes)) / 32.0, rtol=0, atol=1e-12)
        assert r.meta["n_clipped"] == int(np.any((codes == 0) | (codes == 63), axis=1).sum())
        assert (r.meta["task"], r.meta["subject"]) == ("walk", "f7")

    check()
