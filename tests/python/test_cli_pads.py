"""`tremorlab evaluate DIR` on a folder of PADS recordings (tremorlab.pads_folder), on the bundled PADS files.

The rows are recomputed here from tremorlab.classify and realtremor's rule for each file; refusals (reserved
participants), unreadable and short files are checked to be named, never dropped silently."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import tremorlab
from tremorlab import cli, pads_folder, realtremor

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "tests" / "data" / "pads_timeseries"


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "pads"
    (d / "movement" / "timeseries").mkdir(parents=True)
    for name in ("002_HoldWeight_RightWrist.txt", "003_Relaxed_LeftWrist.txt", "002_Entrainment_RightWrist.txt"):
        shutil.copy(TS / name, d / "movement" / "timeseries" / name)
    (d / "patients").mkdir()
    for pid, cond in (("002", "Parkinson's"), ("003", "Healthy")):
        (d / "patients" / f"patient_{pid}.json").write_text(json.dumps({"id": pid, "condition": cond}), encoding="utf-8")
    return d


def _expected(path: Path, hop_s: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Labels and rule of one timeseries file, read here with numpy: columns t, acc (g), gyro; cue skipped."""
    a = np.loadtxt(path, delimiter=",")
    acc = a[a[:, 0] >= 0.5 - 1e-9, 1:4]
    fs = 1.0 / float(np.median(np.diff(a[:, 0])))
    res = tremorlab.classify(acc, fs=fs, units="g", hop_s=hop_s)
    n = int(round(res.window_s * fs))
    rule = [("tremor" if realtremor.tremor_rule(ev) else "rest" if realtremor.rest_rule(ev) else "")
            for ev in (realtremor.window_evidence(acc[int(round(s * fs)):int(round(s * fs)) + n], fs)
                       for s in np.asarray(res.start))]
    return np.asarray(res.labels, dtype=str), np.array(rule, dtype=str)


def test_evaluate_reports_pads_rows_recomputed_by_hand(tmp_path, capsys):
    d = _folder(tmp_path)
    assert cli.main(["evaluate", str(d), "--json", "--no-progress"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_recordings"] == 0 and out["pads"]["failed"] == [] and out["pads"]["hop_s"] == 0.5
    rows = {(r["group"], r["task_kind"]): r for r in out["pads"]["rows"]}
    assert set(rows) == {("PD", "rest/posture"), ("PD", "voluntary"), ("healthy", "rest/posture")}
    ts = d / "movement" / "timeseries"
    for key, name in ((("PD", "rest/posture"), "002_HoldWeight_RightWrist.txt"),
                      (("PD", "voluntary"), "002_Entrainment_RightWrist.txt"),
                      (("healthy", "rest/posture"), "003_Relaxed_LeftWrist.txt")):
        lab, rule = _expected(ts / name)
        r = rows[key]
        assert (r["files"], r["people"], r["windows"]) == (1, 1, lab.size)
        assert (r["rule_tremor_windows"], r["rule_rest_windows"]) == (int((rule == "tremor").sum()), int((rule == "rest").sum()))
        for c in tremorlab.labels():
            assert r["labels_pct"][c] == round(100.0 * float(np.mean(lab == c)), 1), (key, c)
    # PADS 002 holding a weight: a clear tremor (tests/data/pads_timeseries/SOURCE.txt), named tremor, never mimicked.
    hw = rows[("PD", "rest/posture")]
    assert hw["rule_tremor_windows"] >= 10 and hw["rule_tremor_labels_pct"]["mimicked"] == 0.0
    assert hw["rule_tremor_labels_pct"]["tremor"] >= 80.0
    # The same report as the library call, and as text.
    assert out["pads"]["rows"] == pads_folder.run([d])["rows"]
    assert cli.main(["evaluate", str(d), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "PADS recordings under" in text and "not a medical device" in text
    assert "window accuracy" not in text  # no catalogue recording: no empty confusion matrix
    assert text.count(" files ") == 3


def test_evaluate_pads_by_task_hop_and_other_recordings_beside(tmp_path, capsys):
    d = _folder(tmp_path)
    assert cli.main(["evaluate", str(d), "--json", "--no-progress", "--by-task", "--hop", "1"]) == 0
    out = json.loads(capsys.readouterr().out)["pads"]
    assert [(r["group"], r["task_kind"]) for r in out["rows"]] == [
        ("PD", "Entrainment"), ("PD", "HoldWeight"), ("healthy", "Relaxed")]
    lab, _ = _expected(d / "movement" / "timeseries" / "003_Relaxed_LeftWrist.txt", hop_s=1.0)
    assert out["hop_s"] == 1.0 and out["rows"][2]["windows"] == lab.size
    # A labelled tremorlab recording in the same folder is scored as before, the PADS table beside it.
    rec = tremorlab.synth.generate("rest", 12.0, 100.0, seed=3).to_recording()
    rec.meta.update(label="rest", subject="p0")
    tremorlab.write_recording(d / "mine.csv", rec)
    assert cli.main(["evaluate", str(d), "--json", "--no-progress"]) == 0
    both = json.loads(capsys.readouterr().out)
    want = np.asarray(tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units).labels).astype(str)
    assert both["n_recordings"] == 1 and both["n_windows"] == want.size and len(both["pads"]["rows"]) == 3


def test_reserved_unreadable_and_short_pads_files_are_named(tmp_path, capsys):
    d = _folder(tmp_path)
    ts = d / "movement" / "timeseries"
    # A reserved participant (../shared/data/README.md): refused before anything is read, unless asked for.
    shutil.copy(ts / "002_HoldWeight_RightWrist.txt", ts / "066_HoldWeight_RightWrist.txt")
    assert cli.main(["evaluate", str(d), "--json", "--no-progress"]) == 1
    cap = capsys.readouterr()
    assert cap.out == "" and "participant 066 is reserved" in cap.err and "--allow-reserved" in cap.err
    with pytest.raises(ValueError, match="066 is reserved"):
        pads_folder.run([d])
    assert cli.main(["evaluate", str(d), "--json", "--no-progress", "--allow-reserved"]) == 0
    rows = json.loads(capsys.readouterr().out)["pads"]["rows"]
    assert sum(r["people"] for r in rows if r["task_kind"] == "rest/posture") == 3  # 002, 003 and 066
    (ts / "066_HoldWeight_RightWrist.txt").unlink()
    # An unreadable file is listed as failed (exit 1); a file shorter than a window is listed as skipped.
    (ts / "007_Relaxed_LeftWrist.txt").write_text("not,a\nPADS,file\n")
    head = (ts / "003_Relaxed_LeftWrist.txt").read_text().splitlines()[:120]
    (ts / "011_Relaxed_LeftWrist.txt").write_text("\n".join(head) + "\n")
    assert cli.main(["evaluate", str(d), "--no-progress"]) == 1
    cap = capsys.readouterr()
    assert "failed: " in cap.err and "007_Relaxed_LeftWrist.txt" in cap.err
    assert "skipped (shorter than one window): 1" in cap.out
    assert cap.out.count(" files ") == 3  # the readable recordings are still reported
    out = pads_folder.run([d])
    assert [Path(f["path"]).name for f in out["failed"]] == ["007_Relaxed_LeftWrist.txt"]
    assert [Path(p).name for p in out["skipped_short"]] == ["011_Relaxed_LeftWrist.txt"]
    with pytest.raises(ValueError, match="not a folder"):
        pads_folder.pads_paths(d / "missing")


def test_analyze_says_what_a_relaxed_copy_holds_on_one_line(capsys):
    """The PadsCopyWarning reaches the command's user as one 'tremorlab: warning:' line on stderr (not a Python
    warning with a source line), and the report's notes say it too; the run still succeeds."""
    copy = ROOT / "tests" / "data" / "pads_more" / "PD_040_Relaxed_LeftWrist.txt"
    assert cli.main(["analyze", str(copy)]) == 0
    cap = capsys.readouterr()
    lines = [ln for ln in cap.err.splitlines() if "Relaxed copy" in ln]
    assert len(lines) == 1 and lines[0].startswith("tremorlab: warning: ") and "rotation rates x, y (rad/s)" in lines[0]
    assert "note: a PADS Relaxed copy: its three columns are acceleration z (g)" in cap.out


def test_true_accelerations_are_read_before_the_copy_of_the_same_recording(tmp_path, capsys):
    """A folder holding a recording both ways (PADS 087's Relaxed copy, acceleration z and two rotation rates, and
    its movement/timeseries file): the report reads the true accelerations and drops the copy as a duplicate,
    whatever the names' order; a copy alone is read and counted."""
    data = ROOT / "tests" / "data"
    both = tmp_path / "both"
    (both / "a").mkdir(parents=True)
    (both / "z").mkdir()
    shutil.copy(data / "pads_heldout" / "PD_087_Relaxed_RightWrist.txt", both / "a")  # sorts first by path
    shutil.copy(data / "pads_cmp" / "PD_087_Relaxed_RightWrist.txt", both / "z" / "087_Relaxed_RightWrist.txt")
    out = pads_folder.run([both])
    assert out["relaxed_copies"] == 0 and [r["files"] for r in out["rows"]] == [1]
    lab, rule = _expected(both / "z" / "087_Relaxed_RightWrist.txt")
    assert out["rows"][0]["windows"] == lab.size
    assert out["rows"][0]["rule_tremor_windows"] == int((rule == "tremor").sum())
    # The same two files given as two roots, the copy's first: the same choice.
    assert pads_folder.run([both / "a", both / "z"])["rows"] == out["rows"]
    assert pads_folder.run([both / "a"])["relaxed_copies"] == 1
