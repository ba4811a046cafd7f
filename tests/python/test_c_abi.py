"""The C ABI (libtremorlab_c) through ctypes, as a non-C++ app would call it.

The library comes from TREMORLAB_C_LIBRARY (scripts/test.sh sets it to the ctest build's
libtremorlab_c.so) or <repo>/build/cpp/libtremorlab_c.so; the tests skip only when neither exists.
References: scipy.signal (butter, sosfilt), the pybind11 Detector (same C++ core), and the ABI's own
invariants (chunk invariance, statuses, messages).
"""
from __future__ import annotations

import ctypes as C
import json
import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
REST = REPO / "data/cloudupdrs/2458/T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv"

OK, INVALID_ARGUMENT, INVALID_INPUT, TIMESTAMP_ERROR, MODEL_ERROR, OUT_OF_MEMORY, INTERNAL, BUFFER_TOO_SMALL = range(8)


def _library_path() -> Path | None:
    env = os.environ.get("TREMORLAB_C_LIBRARY")
    if env:
        p = Path(env)
        assert p.is_file(), f"TREMORLAB_C_LIBRARY={env} does not exist"  # set but wrong: fail, never skip
        return p
    p = REPO / "build/cpp/libtremorlab_c.so"
    return p if p.is_file() else None


class Hysteresis(C.Structure):
    _fields_ = [(n, C.c_double) for n in (
        "enter_threshold", "exit_threshold", "min_on_s", "min_off_s", "mimicked_enter_threshold",
        "mimicked_min_on_s", "mimicked_min_band_share", "min_amplitude", "min_band_share", "weak_share",
        "weak_share_enter", "early_enter", "early_rise_decades", "early_rise_s", "early_mimicked",
        "early_hop_rise_decades", "onset_tremor_share", "kind_llr_offset", "kind_llr_clip", "kind_fill_s", "tremor_settle_llr",
        "mimicked_settle_llr", "tremor_max_turn_deg_s", "tremor_min_steady_share", "tremor_min_called_s")]


class DetectorConfig(C.Structure):
    _fields_ = [("fs", C.c_double), ("channels", C.c_size_t), ("second_sensor", C.c_int), ("units", C.c_int),
                ("window_s", C.c_double), ("hop_s", C.c_double), ("jitter_tolerance", C.c_double),
                ("max_gap_s", C.c_double), ("event_capacity", C.c_size_t), ("hysteresis", Hysteresis),
                ("model", C.c_void_p)]


class SessionConfig(C.Structure):
    _fields_ = [("detector", DetectorConfig), ("first_session", C.c_int), ("first_session_max_s", C.c_double),
                ("continuous_notice_s", C.c_double), ("continuous_limit_s", C.c_double),
                ("session_shaking_max_s", C.c_double), ("still_motion_rms", C.c_double),
                ("still_gyro_rms", C.c_double), ("body_axis", C.c_double * 3), ("lying_max_tilt_deg", C.c_double),
                ("pause_join_s", C.c_double)]


class Event(C.Structure):
    _fields_ = [("kind", C.c_int), ("label", C.c_int), ("kind_name", C.c_char_p), ("label_name", C.c_char_p),
                ("time", C.c_double), ("detected_at", C.c_double), ("confidence", C.c_double),
                ("frequency_hz", C.c_double), ("amplitude", C.c_double), ("peak_amplitude", C.c_double),
                ("duration", C.c_double)]

    def as_tuple(self) -> tuple:
        # A gap has no label: -1 and "" here, None in Python (the C++ rule tremorlab::has_label).
        assert (self.label == -1) == (self.label_name == b"") == (self.kind_name == b"gap")
        return (self.kind_name.decode(), self.label_name.decode() or None, self.time, self.detected_at, self.confidence,
                self.frequency_hz, self.amplitude, self.peak_amplitude, self.duration)


class Counters(C.Structure):
    _fields_ = [(n, C.c_uint64) for n in ("frames_pushed", "frames_accepted", "frames_rejected", "frames_unwindowed",
                                         "windows", "gaps", "events", "events_dropped", "events_pending")]


CALLBACK = C.CFUNCTYPE(None, C.POINTER(Event), C.c_void_p)
DP = C.POINTER(C.c_double)


@pytest.fixture(scope="module")
def lib() -> C.CDLL:
    path = _library_path()
    if path is None:
        pytest.skip("libtremorlab_c.so not built (set TREMORLAB_C_LIBRARY or build build/cpp; scripts/test.sh does)")
    L = C.CDLL(str(path))
    L.tremorlab_last_error.restype = C.c_char_p
    L.tremorlab_status_name.restype = C.c_char_p
    L.tremorlab_version.restype = C.c_char_p
    L.tremorlab_label_name.restype = C.c_char_p
    L.tremorlab_event_kind_name.restype = C.c_char_p
    L.tremorlab_detector_push.argtypes = [C.c_void_p, DP, C.c_size_t, DP, C.POINTER(Event), C.c_size_t,
                                          C.POINTER(C.c_size_t)]
    L.tremorlab_detector_push_cb.argtypes = [C.c_void_p, DP, C.c_size_t, DP, CALLBACK, C.c_void_p]
    L.tremorlab_detector_flush.argtypes = [C.c_void_p, C.POINTER(Event), C.c_size_t, C.POINTER(C.c_size_t)]
    L.tremorlab_detector_pop_events.argtypes = L.tremorlab_detector_flush.argtypes
    L.tremorlab_detector_destroy.argtypes = [C.c_void_p]
    L.tremorlab_detector_counters.argtypes = [C.c_void_p, C.POINTER(Counters)]
    L.tremorlab_butter.argtypes = [C.c_int, DP, C.c_size_t, C.c_char_p, C.c_double, DP, C.c_size_t,
                                   C.POINTER(C.c_size_t)]
    L.tremorlab_sos_filter_create.argtypes = [DP, C.c_size_t, C.c_size_t, C.POINTER(C.c_void_p)]
    L.tremorlab_sos_filter_process.argtypes = [C.c_void_p, DP, DP, C.c_size_t]
    L.tremorlab_sos_filter_destroy.argtypes = [C.c_void_p]
    L.tremorlab_session_push_cb.argtypes = L.tremorlab_detector_push_cb.argtypes
    L.tremorlab_session_flush_cb.argtypes = [C.c_void_p, CALLBACK, C.c_void_p]
    L.tremorlab_session_summary_json.argtypes = [C.c_void_p, C.c_int, C.c_char_p, C.c_size_t, C.POINTER(C.c_size_t)]
    L.tremorlab_session_summary_json_alloc.argtypes = [C.c_void_p, C.c_int, C.POINTER(C.c_void_p)]
    L.tremorlab_string_free.argtypes = [C.c_void_p]
    L.tremorlab_session_destroy.argtypes = [C.c_void_p]
    L.tremorlab_feature_name.restype = C.c_char_p
    L.tremorlab_feature_name.argtypes = [C.c_int]
    L.tremorlab_detector_explain_latest.argtypes = [C.c_void_p, C.c_size_t, C.POINTER(Contribution),
                                                    C.POINTER(C.c_size_t)]
    L.tremorlab_classify_options_default.argtypes = [C.POINTER(ClassifyOptions)]
    L.tremorlab_classify.argtypes = [DP, C.c_size_t, C.POINTER(ClassifyOptions), DP, C.POINTER(C.c_int), DP,
                                     C.c_size_t, C.POINTER(C.c_size_t), C.POINTER(C.c_size_t)]
    L.tremorlab_classify_features.argtypes = [DP, C.c_size_t, C.POINTER(ClassifyOptions), DP, C.c_size_t,
                                              C.POINTER(C.c_size_t)]
    L.tremorlab_model_explain.argtypes = [C.c_void_p, DP, C.c_size_t, C.c_int, C.c_size_t, C.POINTER(Contribution),
                                          C.POINTER(C.c_size_t)]
    return L


class Contribution(C.Structure):
    _fields_ = [("feature", C.c_int), ("value", C.c_double)]


class ClassifyOptions(C.Structure):
    _fields_ = [("fs", C.c_double), ("units", C.c_int), ("window_s", C.c_double), ("hop_s", C.c_double),
                ("model", C.c_void_p)]


def _dp(a: np.ndarray | None):
    return None if a is None else a.ctypes.data_as(DP)


def _recording_with_shaking() -> tuple[np.ndarray, np.ndarray]:
    """The bundled rest recording with a 6 Hz, 0.8 m/s^2 oscillation over its middle third (x axis)."""
    raw = np.loadtxt(REST, delimiter=",")
    t = (raw[:, 0] - raw[0, 0]) * 1e-9
    xyz = np.ascontiguousarray(raw[:, 1:4])
    n = len(t)
    xyz[n // 3: 2 * n // 3, 0] += 0.8 * np.sin(2 * np.pi * 6.0 * t[n // 3: 2 * n // 3])
    return xyz, t


def _detector(lib, **overrides) -> C.c_void_p:
    cfg = DetectorConfig()
    assert lib.tremorlab_detector_config_default(C.byref(cfg)) == OK
    for k, v in overrides.items():
        setattr(cfg, k, v)
    h = C.c_void_p()
    st = lib.tremorlab_detector_create(C.byref(cfg), C.byref(h))
    assert st == OK, lib.tremorlab_last_error()
    return h


def _events_chunked(lib, xyz, t, chunks, capacity=4) -> list[tuple]:
    d = _detector(lib)
    out, buf, n = [], (Event * capacity)(), C.c_size_t()
    i, k = 0, 0
    while i < len(t):
        c = min(chunks[k % len(chunks)], len(t) - i)
        st = lib.tremorlab_detector_push(d, _dp(xyz[i:i + c]), c, _dp(t[i:i + c]), buf, capacity, C.byref(n))
        assert st == OK, lib.tremorlab_last_error()
        out += [buf[j].as_tuple() for j in range(n.value)]
        i, k = i + c, k + 1
    assert lib.tremorlab_detector_flush(d, buf, capacity, C.byref(n)) == OK
    out += [buf[j].as_tuple() for j in range(n.value)]
    while lib.tremorlab_detector_pop_events(d, buf, capacity, C.byref(n)) == OK and n.value:
        out += [buf[j].as_tuple() for j in range(n.value)]
    lib.tremorlab_detector_destroy(d)
    return out


def test_version_and_names(lib):
    v = lib.tremorlab_version().decode()
    assert v.count(".") == 2
    major, minor, patch = (int(x) for x in v.split("."))
    assert lib.tremorlab_version_number() == major * 10000 + minor * 100 + patch
    labels = [lib.tremorlab_label_name(i).decode() for i in range(lib.tremorlab_label_count())]
    assert {"rest", "voluntary", "tremor", "mimicked"} <= set(labels)
    assert lib.tremorlab_label_name(len(labels)) is None
    kinds = [lib.tremorlab_event_kind_name(i).decode() for i in range(lib.tremorlab_event_kind_count())]
    assert {"onset", "offset", "gap", "relabel"} <= set(kinds)
    assert lib.tremorlab_status_name(BUFFER_TOO_SMALL) == b"buffer_too_small"


def test_butter_and_streaming_filter_match_scipy(lib):
    signal = pytest.importorskip("scipy.signal")
    wn = np.array([4.0, 12.0])
    n = C.c_size_t()
    assert lib.tremorlab_butter(4, _dp(wn), 2, b"bandpass", 100.0, None, 0, C.byref(n)) == BUFFER_TOO_SMALL
    sos = np.zeros((n.value, 6))
    assert lib.tremorlab_butter(4, _dp(wn), 2, b"bandpass", 100.0, _dp(sos), n.value, C.byref(n)) == OK
    ref = signal.butter(4, [4.0, 12.0], "bandpass", fs=100.0, output="sos")
    np.testing.assert_allclose(sos, ref, rtol=1e-10, atol=1e-13)
    x = np.ascontiguousarray(np.random.default_rng(3).standard_normal((1000, 3)))
    f = C.c_void_p()
    assert lib.tremorlab_sos_filter_create(_dp(sos), n.value, 3, C.byref(f)) == OK
    y = np.empty_like(x)
    for a in range(0, 1000, 137):  # chunked
        b = min(a + 137, 1000)
        assert lib.tremorlab_sos_filter_process(f, _dp(x[a:b]), _dp(y[a:b]), b - a) == OK
    lib.tremorlab_sos_filter_destroy(f)
    np.testing.assert_allclose(y, signal.sosfilt(ref, x, axis=0), rtol=1e-9, atol=1e-12)
    assert lib.tremorlab_butter(4, _dp(wn), 2, b"nope", 100.0, _dp(sos), n.value, C.byref(n)) == INVALID_ARGUMENT
    assert b"nope" in lib.tremorlab_last_error()


def test_events_do_not_depend_on_chunking(lib):
    xyz, t = _recording_with_shaking()
    whole = _events_chunked(lib, xyz, t, [len(t)])
    assert [e[0] for e in whole][0] == "onset" and whole[-1][0] == "offset"
    # The added oscillation's bout (>= 0.1 m/s^2); the recording's own slight rest tremor may add a brief one.
    big = [e for e in whole if e[0] == "onset" and e[6] >= 0.1]
    assert len(big) == 1
    onset = big[0]
    assert abs(onset[2] - t[len(t) // 3]) < 1.5 and 5.0 < onset[5] < 7.0
    for chunks in ([1], [13], [250, 3, 1, 77]):
        assert _events_chunked(lib, xyz, t, chunks, capacity=1) == whole


def test_events_match_the_python_detector(lib):
    tremorlab = pytest.importorskip("tremorlab")
    xyz, t = _recording_with_shaking()
    whole = _events_chunked(lib, xyz, t, [len(t)])
    assert len(whole) >= 2
    det = tremorlab.Detector(fs=100.0)
    ref = det.push(xyz, t) + det.flush()
    assert [(e.kind, e.label, e.time, e.detected_at, e.confidence, e.frequency_hz, e.amplitude, e.peak_amplitude,
             e.duration) for e in ref] == whole


def test_explain_latest_matches_the_python_detector(lib):
    """tremorlab_detector_explain_latest over ctypes: the features (by tremorlab_feature_name) and values of
    the pybind11 Detector's explain_latest; an error with a message before the first window."""
    tremorlab = pytest.importorskip("tremorlab")
    names = [lib.tremorlab_feature_name(i).decode() for i in range(lib.tremorlab_feature_count())]
    assert names == tremorlab.feature_names() and lib.tremorlab_feature_name(len(names)) is None
    xyz, t = _recording_with_shaking()
    half = len(t) // 2  # inside the shaking third
    d, out, n = _detector(lib), (Contribution * 5)(), C.c_size_t(7)
    assert lib.tremorlab_detector_explain_latest(d, 5, out, C.byref(n)) == INVALID_ARGUMENT and n.value == 0
    assert b"no window yet" in lib.tremorlab_last_error()
    buf = (Event * 8)()
    assert lib.tremorlab_detector_push(d, _dp(xyz[:half]), half, _dp(t[:half]), buf, 8, C.byref(n)) == OK
    assert lib.tremorlab_detector_explain_latest(d, 5, out, C.byref(n)) == OK and n.value == 5
    det = tremorlab.Detector(fs=100.0)
    det.push(xyz[:half], t[:half])
    assert [(names[c.feature], c.value) for c in out] == det.explain_latest(5)
    lib.tremorlab_detector_destroy(d)


def test_batch_labels_features_and_explanations_match_python(lib):
    """tremorlab_classify, tremorlab_classify_features and tremorlab_model_explain over ctypes: the labels,
    features and explanations of Python's classify() and Classifier.explain for every window."""
    tremorlab = pytest.importorskip("tremorlab")
    xyz, _ = _recording_with_shaking()
    xyz = np.ascontiguousarray(xyz)
    o = ClassifyOptions()
    assert lib.tremorlab_classify_options_default(C.byref(o)) == OK
    nw, nc = C.c_size_t(), C.c_size_t()
    assert lib.tremorlab_classify_features(_dp(xyz), len(xyz), C.byref(o), None, 0, C.byref(nw)) == 7  # too small
    res = tremorlab.classify(xyz, fs=o.fs)
    assert nw.value == len(res.labels)
    nf = lib.tremorlab_feature_count()
    feats = np.empty((nw.value, nf))
    assert lib.tremorlab_classify_features(_dp(xyz), len(xyz), C.byref(o), _dp(feats), nw.value, C.byref(nw)) == OK
    np.testing.assert_array_equal(feats, res.features)
    proba, labels = np.empty((nw.value, 4)), (C.c_int * nw.value)()
    assert lib.tremorlab_classify(_dp(xyz), len(xyz), C.byref(o), _dp(proba), labels, None, nw.value, C.byref(nw),
                                  C.byref(nc)) == OK
    names = [lib.tremorlab_label_name(code).decode() for code in labels]
    assert names == list(res.labels)
    fnames = tremorlab.feature_names()
    out, n = (Contribution * 4)(), C.c_size_t()
    for k in range(0, nw.value, 41):
        row = np.ascontiguousarray(feats[k])
        assert lib.tremorlab_model_explain(None, _dp(row), nf, labels[k], 4, out, C.byref(n)) == OK and n.value == 4
        assert [(fnames[c.feature], c.value) for c in out] == res.explain(k, 4)
    assert lib.tremorlab_model_explain(None, _dp(row), nf, 42, 4, out, C.byref(n)) == INVALID_ARGUMENT
    assert b"label code" in lib.tremorlab_last_error()


def test_a_gap_has_no_label(lib):
    tremorlab = pytest.importorskip("tremorlab")
    xyz, t = _recording_with_shaking()
    t = t.copy()
    t[len(t) // 2:] += 3.0  # a 3 s hole in the timestamps
    whole = _events_chunked(lib, xyz, t, [len(t)])
    gaps = [e for e in whole if e[0] == "gap"]
    assert len(gaps) == 1 and gaps[0][1] is None and abs(gaps[0][8] - 3.01) < 1e-3
    det = tremorlab.Detector(fs=100.0)
    ref = det.push(xyz, t) + det.flush()
    assert [(e.kind, e.label, e.time, e.detected_at, e.duration) for e in ref] == [
        (e[0], e[1], e[2], e[3], e[8]) for e in whole]


def test_errors_are_statuses_with_messages(lib):
    xyz, t = _recording_with_shaking()
    d = _detector(lib)
    buf, n = (Event * 4)(), C.c_size_t()
    bad = xyz[:100].copy()
    bad[10, 1] = np.nan
    assert lib.tremorlab_detector_push(d, _dp(bad), 100, _dp(t[:100]), buf, 4, C.byref(n)) == INVALID_INPUT
    assert b"NaN" in lib.tremorlab_last_error()
    back = t[:100].copy()
    back[50] = back[10]
    assert lib.tremorlab_detector_push(d, _dp(xyz[:100]), 100, _dp(back), buf, 4, C.byref(n)) == TIMESTAMP_ERROR
    assert lib.tremorlab_last_error() != b""
    assert lib.tremorlab_detector_push(None, _dp(xyz[:100]), 100, None, buf, 4, C.byref(n)) == INVALID_ARGUMENT
    assert lib.tremorlab_detector_push(d, None, 100, None, buf, 4, C.byref(n)) == INVALID_ARGUMENT
    assert lib.tremorlab_detector_push(d, _dp(xyz[:100]), 100, None, None, 4, C.byref(n)) == INVALID_ARGUMENT
    k = Counters()
    assert lib.tremorlab_detector_counters(d, C.byref(k)) == OK
    assert (k.frames_pushed, k.frames_accepted, k.frames_rejected) == (200, 0, 200)
    assert lib.tremorlab_last_error() == b""
    lib.tremorlab_detector_destroy(d)
    cfg = DetectorConfig()
    lib.tremorlab_detector_config_default(C.byref(cfg))
    cfg.channels = 4
    h = C.c_void_p(1)
    assert lib.tremorlab_detector_create(C.byref(cfg), C.byref(h)) == INVALID_ARGUMENT
    assert h.value is None
    assert b"channels" in lib.tremorlab_last_error()
    # The kind-settling bounds: an accusation (mimicked) on less evidence than tremor is refused by name.
    lib.tremorlab_detector_config_default(C.byref(cfg))
    assert cfg.hysteresis.tremor_settle_llr == 3.0 and cfg.hysteresis.mimicked_settle_llr == 40.0
    cfg.hysteresis.mimicked_settle_llr = 2.0
    assert lib.tremorlab_detector_create(C.byref(cfg), C.byref(h)) == INVALID_ARGUMENT
    assert h.value is None
    assert b"mimicked_settle_llr must be >= tremor_settle_llr" in lib.tremorlab_last_error()
    cfg.hysteresis.mimicked_settle_llr = 40.0
    cfg.hysteresis.onset_tremor_share = float("nan")
    assert lib.tremorlab_detector_create(C.byref(cfg), C.byref(h)) == INVALID_ARGUMENT
    assert b"onset_tremor_share" in lib.tremorlab_last_error()
    assert lib.tremorlab_model_from_json(b"{]", C.byref(h)) == MODEL_ERROR
    # A model whose size guard is not a size: refused by name (decision.hpp, mimicked_max_amplitude).
    bad = json.loads((REPO / "python/tremorlab/models/default.json").read_text(encoding="utf-8"))
    bad["decision"]["mimicked_max_amplitude"] = -1.0
    assert lib.tremorlab_model_from_json(json.dumps(bad).encode(), C.byref(h)) == MODEL_ERROR
    assert h.value is None and b"mimicked_max_amplitude" in lib.tremorlab_last_error()


def test_session_summary_json(lib):
    xyz, t = _recording_with_shaking()
    cfg = SessionConfig()
    assert lib.tremorlab_session_config_default(C.byref(cfg)) == OK
    s = C.c_void_p()
    assert lib.tremorlab_session_create(C.byref(cfg), C.byref(s)) == OK
    seen = []
    cb = CALLBACK(lambda e, _: seen.append(e.contents.as_tuple()))
    assert lib.tremorlab_session_push_cb(s, _dp(xyz), len(t), _dp(t), cb, None) == OK
    assert lib.tremorlab_session_flush_cb(s, cb, None) == OK
    req = C.c_size_t()
    assert lib.tremorlab_session_summary_json(s, -1, None, 0, C.byref(req)) == BUFFER_TOO_SMALL
    buf = C.create_string_buffer(req.value)
    assert lib.tremorlab_session_summary_json(s, -1, buf, req.value, C.byref(req)) == OK
    summary = json.loads(buf.value)
    owned = C.c_void_p()
    assert lib.tremorlab_session_summary_json_alloc(s, -1, C.byref(owned)) == OK
    assert C.string_at(owned) == buf.value
    lib.tremorlab_string_free(owned)
    lib.tremorlab_session_destroy(s)
    offsets = [e for e in seen if e[0] == "offset"]
    assert len(summary["bouts"]) == len(offsets) >= 1
    assert summary["bouts"][0]["label"] == offsets[0][1]
    assert summary["bouts"][0]["end"] == pytest.approx(offsets[0][2])
