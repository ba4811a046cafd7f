"""The `tremorlab` command: exit codes, messages, --help, analyze/evaluate/bench (subprocess and in-process)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tremorlab
from tremorlab import cli
from tremorlab.report import DISCLAIMER

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "data" / "cloudupdrs" / "2458").glob("T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_*.csv"))


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    pkg_parent = str(Path(tremorlab.__file__).resolve().parents[1])
    env["PYTHONPATH"] = pkg_parent + os.pathsep + env.get("PYTHONPATH", "")
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([sys.executable, "-m", "tremorlab", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _write_sine(path: Path, fs=100.0, seconds=12.0, f0=6.0, amp=0.5, label=None):
    n = int(fs * seconds)
    t = np.arange(n) / fs
    acc = np.zeros((n, 3))
    acc[:, 2] = 9.80665
    acc[:, 0] = amp * np.sin(2 * np.pi * f0 * t) + 0.01 * np.random.default_rng(0).standard_normal(n)
    meta = {"label": label} if label else {}
    tremorlab.write_recording(path, tremorlab.Recording(t=t, acc=acc, units="m/s^2", fs=fs, meta=meta))
    return path


def test_help_lists_commands_and_examples():
    r = run("--help")
    assert r.returncode == 0
    for word in ("analyze", "evaluate", "bench", "examples:", "exit codes", "not a medical device"):
        assert word in r.stdout
    r = run("analyze", "--help")
    assert r.returncode == 0
    for opt in ("--plot", "--json", "--units", "--fs", "--window", "--hop", "examples:"):
        assert opt in r.stdout


def test_usage_errors_exit_2_on_stderr(capsys):
    r = run()
    assert r.returncode == 2 and "usage" in r.stderr.lower() and r.stdout == ""
    for argv, needle in ((["analyze"], "REC"), (["analyze", "x.csv", "--fs", "-3"], "positive"),
                         (["frobnicate"], "invalid choice"), (["analyze", "x.csv", "--units", "kg"], "'kg'")):
        with pytest.raises(SystemExit) as e:
            cli.main(argv)
        cap = capsys.readouterr()
        assert e.value.code == 2 and needle in cap.err and cap.out == ""


def test_unreadable_or_missing_file_exit_1_with_message(tmp_path, capsys):
    assert cli.main(["analyze", str(tmp_path / "missing.csv")]) == 1
    cap = capsys.readouterr()
    assert "no such recording" in cap.err and cap.out == ""
    bad = tmp_path / "bad.csv"
    bad.write_text("t,ax,ay,az\n0,1,2\nnot,a,number,row\n")
    r = run("analyze", str(bad))
    assert r.returncode == 1 and "cannot analyse" in r.stderr and str(bad) in r.stderr
    assert "Traceback" not in r.stderr


def test_analyze_bundled_recording_text_json_and_plot(tmp_path):
    png = tmp_path / "out" / "fig.png"
    r = run("analyze", str(BUNDLED[0]), "--plot", str(png))
    assert r.returncode == 0, r.stderr
    assert "dominant frequency" in r.stdout and "intensity" in r.stdout
    assert DISCLAIMER in r.stdout
    assert "tremor time" in r.stdout and "classes" in r.stdout
    assert png.exists() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

def test_analyze_bundled_json_in_process(capsys):
    assert cli.main(["analyze", str(BUNDLED[0]), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert 4 <= d["dominant_frequency_hz"] <= 12 and d["disclaimer"] == DISCLAIMER


def test_analyze_in_process_with_window_options(tmp_path, capsys):
    p = _write_sine(tmp_path / "sine.csv")
    assert cli.main(["analyze", str(p), "--json", "--window", "4", "--hop", "1"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["dominant_frequency_hz"] == pytest.approx(6.0, abs=0.15)
    assert d["window_s"] == 4 and d["hop_s"] == 1
    assert cli.main(["analyze", str(p), "--band-power-only"]) == 0
    out = capsys.readouterr().out
    assert "band-power report only" in out and "classes" not in out
    # units conflicting with the file's declared units: an error, never a silent rescale
    assert cli.main(["analyze", str(p), "--units", "g"]) == 1
    assert "units" in capsys.readouterr().err


def test_bench_synthetic_json(capsys):
    assert cli.main(["bench", "--hours", "0.02", "--repeat", "1", "--json", "--no-progress"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["samples"] == 7200 and d["hours"] == 0.02
    assert d["hours_per_second"] == pytest.approx(d["hours"] / d["seconds_best"])
    assert d["hours_per_second"] > 0 and d["peak_rss_mb"] > 10


def test_bench_workers_reported_and_zero_rejected(capsys):
    assert cli.main(["bench", "--hours", "0.2", "--repeat", "1", "--workers", "2", "--json", "--no-progress"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["workers"] == 2 and d["samples"] == 72000
    assert cli.main(["bench", "--hours", "0.02", "--workers", "0", "--no-progress"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_bench_files_lists_failed_and_exits_1(tmp_path, capsys):
    good = _write_sine(tmp_path / "good.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("garbage\n")
    code = cli.main(["bench", str(good), str(bad), "--repeat", "1", "--no-progress"])
    cap = capsys.readouterr()
    assert code == 1
    assert "1 file(s)" in cap.out
    assert "failed:" in cap.err and "bad.csv" in cap.err


def test_evaluate_reports_metrics_and_failed_files(tmp_path, capsys):
    code = cli.main(["evaluate", str(ROOT / "data"), "--json", "--no-progress"])
    cap = capsys.readouterr()
    d = json.loads(cap.out)
    assert code in (0, 1)
    assert d["n_recordings"] >= 1
    cm = np.asarray(d["confusion_matrix"])
    assert cm.sum() == d["n_windows"] and cm.shape == (len(d["classes"]),) * 2
    assert d["accuracy"] == pytest.approx(np.trace(cm) / cm.sum())
    assert sum(r["windows"] for r in d["recordings"]) == d["n_windows"]


def test_evaluate_a_folder_of_ones_own_labelled_recordings(tmp_path, capsys):
    """Any tremorlab CSV labels itself with '# label:' (and '# subject:', '# held_out:'): `tremorlab evaluate`
    scores such a folder (it used to find 'no labelled recordings'). The confusion matrix is checked against
    tremorlab.classify of each file, an unlabelled file and a non-tremorlab CSV are not recordings to score, and
    a label that is not a tremorlab label fails by name while the others are still scored."""
    want = {}
    for i, kind in enumerate(("tremor", "rest", "voluntary")):
        rec = tremorlab.synth.generate(kind, 12.0, 100.0, seed=20 + i).to_recording()
        rec.meta.update(label=kind, subject=f"p{i}", **({"held_out": "true"} if kind == "rest" else {}))
        sub = tmp_path / ("held" if kind == "rest" else "mine") / f"{kind}.csv"
        sub.parent.mkdir(exist_ok=True)
        tremorlab.write_recording(sub, rec)
        want[kind] = np.asarray(tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units).labels).astype(str)
    plain = tremorlab.synth.generate("rest", 12.0, 100.0, seed=9).to_recording()
    plain.meta.pop("label", None)  # synth writes its own label; this file has none
    plain.meta.pop("subject", None)
    tremorlab.write_recording(tmp_path / "mine" / "unlabelled.csv", plain)
    (tmp_path / "mine" / "evidence.csv").write_text("file,label\nx.txt,tremor\n")
    info = {i.subject: i for i in tremorlab.datasets.catalogue(tmp_path)}
    assert {k: (v.label, v.held_out) for k, v in info.items()} == {
        "p0": ("tremor", False), "p1": ("rest", True), "p2": ("voluntary", False), "unlabelled": ("unlabeled", False)}

    assert cli.main(["evaluate", str(tmp_path), "--json", "--no-progress"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["n_recordings"] == 3 and d["failed"] == []
    cm = np.asarray(d["confusion_matrix"])
    for kind, labels in want.items():
        row = cm[d["classes"].index(kind)]
        assert row.tolist() == [int(np.sum(labels == c)) for c in d["classes"]], kind
    assert cli.main(["evaluate", str(tmp_path), "--json", "--no-progress", "--held-out", "exclude"]) == 0
    assert json.loads(capsys.readouterr().out)["n_recordings"] == 2

    bad = tremorlab.synth.generate("rest", 12.0, 100.0, seed=8).to_recording()
    bad.meta["label"] = "walking"
    tremorlab.write_recording(tmp_path / "mine" / "walk.csv", bad)
    assert cli.main(["evaluate", str(tmp_path), "--no-progress"]) == 1
    cap = capsys.readouterr()
    assert "walk.csv: ValueError: label 'walking' is not a tremorlab label (rest, voluntary, tremor" in cap.err
    assert "(3 recordings," in cap.out


def test_read_metadata_reads_only_the_header(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("# fs: 50\n# label: Tremor\n# subject: 007\n\nt,ax,ay,az\n0,1,2,3\n0.02,not,a,number\n")
    assert tremorlab.io.read_metadata(p) == {"fs": 50, "label": "Tremor", "subject": "007"}
    (tmp_path / "other.csv").write_text("file,label\nx,tremor\n")
    assert tremorlab.io.read_metadata(tmp_path / "other.csv") is None
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00garbage")
    assert tremorlab.io.read_metadata(tmp_path / "bin.csv") is None
    assert tremorlab.io.read_metadata(tmp_path / "missing.csv") is None


def test_evaluate_missing_folder_is_usage_error(tmp_path, capsys):
    assert cli.main(["evaluate", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_progress_fallback_without_tqdm(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name, *a, **k):
        if name.startswith("tqdm"):
            raise ImportError("no tqdm")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    assert list(cli.progress(range(3), total=3, desc="x")) == [0, 1, 2]
    assert "x 3/3" in capsys.readouterr().err
    assert list(cli.progress(range(2), total=2, disable=True)) == [0, 1]


# ---------------------------------------------------------------------------------------------------------
# Messages a newcomer meets: the file and the CLI flag, never a Python argument name.


def test_fs_that_contradicts_the_timestamps_is_an_error_naming_both_rates(capsys):
    assert cli.main(["analyze", str(BUNDLED[0]), "--fs", "1000"]) == 1
    err = capsys.readouterr().err
    assert str(BUNDLED[0]) in err and "--fs 1000" in err and "100 Hz" in err and "fs=" not in err
    # A few percent off is a nominal rate, not an error (the file's own timestamps give 99.99 Hz).
    assert cli.main(["analyze", str(BUNDLED[0]), "--fs", "102", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fs"] == 102.0


def test_units_conflict_names_the_flag_not_the_python_argument(capsys):
    assert cli.main(["analyze", str(BUNDLED[0]), "--units", "g"]) == 1
    err = capsys.readouterr().err
    assert str(BUNDLED[0]) in err and "--units g" in err and "units=" not in err and "m/s^2" in err


def test_units_flag_takes_the_library_spellings(capsys):
    # the same rule as units= everywhere (tremorlab.units): 'ms2' is m/s^2, so it agrees with the file's units
    assert cli.main(["analyze", str(BUNDLED[0]), "--units", "ms2", "--band-power-only"]) == 0
    assert cli.main(["analyze", str(BUNDLED[0]), "--units", "G"]) == 1  # g: contradicts the file
    assert "--units g" in capsys.readouterr().err


def test_units_help_says_what_the_flag_does():
    r = run("analyze", "--help")
    text = " ".join(r.stdout.split())
    assert "overriding the reader's guess" not in text and "contradicts the file" in text


def test_band_power_only_does_not_claim_a_missing_classifier(capsys):
    assert cli.main(["analyze", str(BUNDLED[0]), "--band-power-only"]) == 0
    out = capsys.readouterr().out
    assert "unavailable" not in out and "classification skipped" in out and "classes" not in out


def test_too_short_recording_error_names_the_file(tmp_path, capsys):
    p = _write_sine(tmp_path / "short.csv", seconds=1.0)  # shorter than one 2 s window
    assert cli.main(["analyze", str(p)]) == 1
    err = capsys.readouterr().err
    assert str(p) in err and "short" in err.lower()


def test_evaluate_keeps_whole_file_names(capsys):
    cli.main(["evaluate", str(ROOT / "data"), "--no-progress"])
    out = capsys.readouterr().out
    names = sorted((ROOT / "data" / "cloudupdrs" / "2458").glob("*.csv"))
    assert names
    for p in names:  # the task sits in the middle of a CloudUPDRS name: a cut name hides it
        assert os.path.join("cloudupdrs", "2458", p.name) in out
