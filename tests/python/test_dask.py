"""tremorlab.dask.analyze_many on a real multi-process distributed.LocalCluster."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import tremorlab  # noqa: E402
import tremorlab.dask as tld  # noqa: E402
from tremorlab import report as rp  # noqa: E402

FS = 100.0


def _write(path: Path, seconds: float, f0: float, amp: float, seed: int) -> Path:
    n = int(seconds * FS)
    t = np.arange(n) / FS
    acc = 0.02 * np.random.default_rng(seed).standard_normal((n, 3))
    acc[:, 2] += 9.80665
    acc[:, 0] += amp * np.sin(2 * np.pi * f0 * t)
    tremorlab.write_recording(path, tremorlab.Recording(t=t, acc=acc, units="m/s^2", fs=FS))
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("recs")
    _write(d / "a.csv", 20, 5.0, 0.5, 1)
    _write(d / "b.csv", 12, 7.0, 0.3, 2)
    sub = d / "sub"
    sub.mkdir()
    _write(sub / "c.csv", 16, 9.0, 0.2, 3)
    (sub / "broken.csv").write_text("# units: m/s^2\nt,ax,ay,az\n0,1,2,3\n0,1,2,3\n")  # duplicate timestamps
    return d


@pytest.fixture(scope="module")
def client():
    # A real multi-process cluster: tasks are pickled and run in other interpreters, as on a remote one.
    env = {"PYTHONPATH": os.pathsep.join([str(Path(tremorlab.__file__).resolve().parents[1]),
                                          os.environ.get("PYTHONPATH", "")])}
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  env=env) as cluster, distributed.Client(cluster) as c:
        yield c


def test_find_recordings(folder):
    paths = tld.find_recordings(folder)
    assert [os.path.relpath(p, folder) for p in paths] == ["a.csv", "b.csv", os.path.join("sub", "broken.csv"),
                                                           os.path.join("sub", "c.csv")]
    assert tld.find_recordings([folder / "x.csv"]) == [str(folder / "x.csv")]


def test_analyze_many_on_local_cluster(folder, client):
    res = tld.analyze_many(folder, client=client)
    assert isinstance(res.recordings, dask.dataframe.DataFrame)
    recs, wins = dask.compute(res.recordings, res.windows)
    recs = recs.set_index(recs["path"].map(lambda p: os.path.basename(p)))
    assert sorted(recs.index) == ["a.csv", "b.csv", "broken.csv", "c.csv"]
    # the unreadable file is a failed row with its error, never dropped
    assert recs.loc["broken.csv", "status"] == "failed"
    assert "timestamp" in recs.loc["broken.csv", "error"].lower()
    ok = recs[recs.status == "ok"]
    assert len(ok) == 3 and (ok.error == "").all()
    np.testing.assert_allclose(ok.loc[["a.csv", "b.csv", "c.csv"], "dominant_frequency_hz"], [5.0, 7.0, 9.0], atol=0.15)
    np.testing.assert_allclose(ok.loc[["a.csv", "b.csv", "c.csv"], "duration_s"], [20, 12, 16], atol=0.02)
    # per-window rows: as many as each recording reports, none for the failed one
    counts = wins.groupby(wins["path"].map(os.path.basename)).size()
    assert counts.to_dict() == {k: int(v) for k, v in ok["n_windows"].items()}
    assert "broken.csv" not in counts
    # identical to the in-process single-recording analysis
    single = rp.analyze(folder / "a.csv")
    assert recs.loc["a.csv", "intensity_ms2"] == pytest.approx(single.intensity_ms2, rel=1e-12)
    assert recs.loc["a.csv", "band_power"] == pytest.approx(single.band_power, rel=1e-12)
    # tones inside the band: no slow rhythm; each window's shaking frequency is classify's
    assert ok["slow_rhythm_hz"].isna().all()
    a_win = wins[wins["path"].map(os.path.basename) == "a.csv"].sort_values("time_s")
    np.testing.assert_allclose(a_win["frequency_hz"].to_numpy(), single.result.frequency, rtol=1e-12)
    # computed frames follow the declared meta (dask may turn object columns into its string dtype)
    assert list(recs.columns) == list(tld.recording_meta().columns)
    assert dict(wins.dtypes) == dict(res.windows.dtypes)
    assert recs.dtypes.drop("path").equals(res.recordings.dtypes.drop("path"))


def test_lazy_frames_use_default_client_and_window_options(folder, client):
    res = tld.analyze_many([folder / "a.csv", folder / "missing.csv"], window_s=4.0, hop_s=1.0)
    recs = res.recordings.compute()
    assert list(recs.status) == ["ok", "failed"]
    assert "missing.csv" in recs.error.iloc[1] or "No such" in recs.error.iloc[1] or "no such" in recs.error.iloc[1]
    wins = res.windows.compute()
    assert len(wins) > 10 and np.allclose(np.diff(wins.time_s), 1.0)


def test_analyze_one_never_raises(tmp_path):
    row, win = tld.analyze_one(str(tmp_path / "nothing.csv"))
    assert row.status.iloc[0] == "failed" and "FileNotFoundError" in row.error.iloc[0]
    assert len(win) == 0 and list(win.columns) == list(tld.window_meta().columns)


def test_empty_folder_raises(tmp_path):
    with pytest.raises(ValueError, match="no recordings"):
        tld.analyze_many(tmp_path)
