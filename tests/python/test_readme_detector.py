"""README's table of detector results is what ``python benchmarks/latency.py --sessions 40 --seed0 9000
--held-out`` prints today (the command the table's heading names; about 30 s). Counts may differ by one and
times by a hop (0.25 s) or 10 % on another CPU: libm and numpy's SIMD paths round differently, and a window
whose probability sits on a threshold can flip. Skips without ../shared (the real recordings)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NUM = r"(\d+(?:\.\d+)?)"


@pytest.fixture(scope="module")
def printed(shared_data) -> str:
    env = {**os.environ, "TREMORLAB_SHARED_DATA": str(shared_data), "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "latency.py"), "--sessions", "40", "--seed0",
                           "9000", "--held-out"], check=True, env=env, capture_output=True, text=True)
    return proc.stdout


def _row(start: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("| " + start)]
    assert len(lines) == 1, start
    return lines[0]


def _find(pattern: str, text: str, nth: int = 0) -> list[float]:
    found = re.findall(pattern, text)
    assert len(found) > nth, (pattern, text[:2000])
    m = found[nth]
    return [float(v) for v in (m if isinstance(m, tuple) else (m,))]


def _close(shown: list[float], measured: list[float], kinds: str) -> None:
    """kinds: one letter per value: c = count (+-1), t = time (+- max(0.26 s, 10 %)), r = rate or percent
    (+- max(0.2, 15 %): what one count more or less does to the small rates here), x = exact."""
    assert len(shown) == len(measured) == len(kinds)
    for s, m, k in zip(shown, measured, kinds):
        tol = {"c": 1.0, "t": max(0.26, 0.1 * abs(m)), "r": max(0.2, 0.15 * abs(m)), "x": 0.0}[k]
        assert abs(s - m) <= tol + 1e-9, (shown, measured, kinds)


def test_readme_detector_table_is_current(printed):
    out = printed
    seg = _find(rf"shaking segments (\d+), missed (\d+)", out)
    onset = _find(rf"tremor segments \((\d+)\): detection delay \(detected_at - true onset\) median {NUM} s, p95 {NUM} s", out)
    _close(_find(rf"median {NUM} s, p95 {NUM} s, (\d+) of (\d+) detected", _row("shaking onset delay")),
           [onset[1], onset[2], seg[0] - seg[1], seg[0]], "ttcx")

    lab = _find(rf"labelled tremor for good \(onset or relabel\) in (\d+), median {NUM} s, p95 {NUM} s after the true "
                rf"onset; first kind named: tremor (\d+), mimicked (\d+), none (\d+) of (\d+) \(mimicked first {NUM} %\)", out)
    _close(_find(rf"in (\d+) of (\d+): median {NUM} s, p95 {NUM} s", _row("tremor kind settled")),
           [lab[0], lab[6], lab[1], lab[2]], "cctt")
    _close(_find(rf"^(\d+) of (\d+) \({NUM} %", _row("genuine tremor bouts whose FIRST").split("|")[2].strip()),
           [lab[4], lab[6], lab[7]], "ccr")

    seg_m = _find(rf"shaking segments (\d+), missed (\d+)", out, 1)
    mim = _find(rf"mimicked segments \((\d+)\): detection delay \(detected_at - true onset\) median {NUM} s, p95 {NUM} s", out)
    mk = _find(rf"labelled mimicked for good \(onset or relabel\) in (\d+), median {NUM} s, p95 {NUM} s after the true "
               rf"onset; first kind named: tremor (\d+), mimicked (\d+), none (\d+)", out)
    _close(_find(rf"(\d+) of (\d+) detected, delay median {NUM} s, p95 {NUM} s; first kind named `tremor` in (\d+), "
                 rf"`mimicked` in (\d+), none in (\d+); `mimicked` for good in (\d+)", _row("synthetic imitation sessions")),
           [seg_m[0] - seg_m[1], seg_m[0], mim[1], mim[2], mk[3], mk[4], mk[5], mk[0]], "cxttcccc")

    for which, start, pat in (
            ("train-pool files", "shaking onsets in real rest + movement train-pool",
             rf"(\d+) \({NUM} /h\), (\d+) of them named tremor \({NUM} /h"),
            ("held-out files, report only", "the same, held-out rest + movement",
             rf"(\d+) shaking onsets \({NUM} /h\), (\d+) named tremor \({NUM} /h")):
        got = _find(rf"real rest/movement \({re.escape(which)}\) total: (\d+) shaking onsets in {NUM} h -> {NUM} /h; "
                    rf"bouts named tremor \(onset or relabel\) (\d+) -> {NUM} /h", out)
        _close(_find(pat, _row(start)), [got[0], got[2], got[3], got[4]], "crcr")

    pads = r"(\d+) files, " + NUM + r" min, (\d+) bouts; first kind named tremor (\d+), mimicked (\d+), none (\d+)"
    held = _find(r"real PADS recordings \(tests/data/pads_heldout, never trained on, report only\), clear tremor: " + pads, out)
    pool = _find(r"real PADS recordings \(train pool, in the model's training data\), clear tremor: " + pads, out)
    _close(_find(r"held out \(never trained on\): (\d+) files, (\d+) bouts, first kind named tremor in (\d+), "
                 r"`mimicked` in \*\*(\d+)\*\*, none (\d+); train pool \(in-sample\): (\d+) bouts, (\d+) / (\d+) / (\d+)",
                 _row("real tremor through the detector")),
           [held[0], held[2], held[3], held[4], held[5], pool[2], pool[3], pool[4], pool[5]], "xcccccccc")
    true = _find(r"real PADS recordings \(tests/data/pads_cmp, pads_probe: held-out people, true acceleration, report "
                 r"only\), clear tremor: " + pads, out)
    _close(_find(r"held-out people on \*\*true acceleration\*\* \([^)]*\): (\d+) files, (\d+) bouts, "
                 r"(\d+) / \*\*(\d+)\*\* / (\d+)", _row("real tremor through the detector")),
           [true[0], true[2], true[3], true[4], true[5]], "xcccc")
    after = r"named tremor \(onset or relabel\) in \d+ bouts, median " + NUM + " s, p95 " + NUM + " s after the shaking onset"
    held_k = _find(r"real PADS recordings \(tests/data/pads_heldout, never trained on, report only\), clear tremor: .*?; "
                   + after, out)
    pool_k = _find(r"real PADS recordings \(train pool, in the model's training data\), clear tremor: .*?; " + after, out)
    _close(_find(rf"named tremor a median {NUM} s after the shaking onset \(p95 {NUM} s\) held out, {NUM} s "
                 rf"\(p95 {NUM} s\) in the train pool", _row("real tremor through the detector")),
           [held_k[0], held_k[1], pool_k[0], pool_k[1]], "tttt")

    def tremor_free(which: str) -> list[float]:
        """files, minutes, bouts, bouts named tremor; latency.py leaves out its "; named tremor (onset or
        relabel) in N bouts, ..." clause when N is 0."""
        head = r"real PADS recordings \(" + which + r"\), tremor-free: "
        got = _find(head + r"(\d+) files, " + NUM + r" min, (\d+) bouts; ", out)
        line = re.search(head + r"[^\n]*", out).group(0)
        named = re.findall(r"named tremor \(onset or relabel\) in (\d+) bouts", line)
        return got + [float(named[0]) if named else 0.0]

    held_f = tremor_free(r"tests/data/pads_heldout, never trained on, report only")
    pool_f = tremor_free(r"train pool, in the model's training data")
    _close(_find(r"(\d+) bouts in (\d+) train-pool files \((\d+) named tremor\), (\d+) in (\d+) held-out files "
                 r"\((\d+) named tremor\)", _row("real tremor through the detector")),
           [pool_f[2], pool_f[0], pool_f[3], held_f[2], held_f[0], held_f[3]], "cxccxc")

    imit = _find(r"real imitated shaking \(phone, train files; true onset unknown\): (\d+) files, .*?; (\d+) bouts, "
                 r"(\d+) named tremor", out)
    _close(_find(r"(\d+) bouts in (\d+) files, \*\*(\d+) named tremor", _row("real imitated shaking, phone train files")),
           [imit[1], imit[0], imit[2]], "cxc")


def test_evaluation_posture_share_row_is_current(printed):
    """docs/evaluation.md's table of the held-posture share over the last 2 s: its seeds 9000-9039 row (the
    "last 2 s" column) is what the same run prints."""
    doc = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    rows = [ln for ln in doc.splitlines() if ln.startswith("| synthetic tremor kind settled, seeds 9000-9039")]
    assert len(rows) == 1
    lab = _find(rf"labelled tremor for good \(onset or relabel\) in (\d+), median {NUM} s, p95 {NUM} s after the true "
                rf"onset; first kind named: tremor (\d+), mimicked (\d+), none (\d+) of (\d+)", printed)
    _close(_find(rf"(\d+) of (\d+), {NUM} s, {NUM} s", rows[0].split("|")[3]), [lab[0], lab[6], lab[1], lab[2]], "cctt")
