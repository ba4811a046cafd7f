"""docs/synthetic_model.md's table of how far a shaking's frequency moves from window to window is what ``python
benchmarks/frequency_steadiness.py --markdown`` prints today (run counts exactly, Hz within 0.02, shares within 0.3
points or a run and a half, whichever is more), and its bullets say what the table says. The phone row needs the shared recordings (checked when
present); every other row comes from tests/data and the generator."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from _scripts import load

from tremorlab import synth

REPO = Path(__file__).resolve().parents[2]
HEAD = ("| windows the evidence rule calls a clear oscillation | recordings | runs of 8 windows | dominant frequency's "
        "range over the run, Hz: 25 / 50 / 75 % | runs over 1 Hz % |")
REAL = ("real tremor, PADS train pool, Parkinson's disease", "real tremor, PADS train pool, essential tremor",
        "real tremor, PADS held-out people")
PHONE = "real imitation, phone train pool"
SYN = ("synthetic tremor (the training mix)", "synthetic tremor, parkinsonian at rest",
       "synthetic tremor, essential in a posture", "synthetic tremor, physiological in a shaking practice")


@pytest.fixture(scope="module")
def fs():
    return load("benchmarks/frequency_steadiness.py")


@pytest.fixture(scope="module")
def rows(fs):
    rs = {r["source"]: r for r in fs.rows()}
    if not all(k in rs for k in REAL):
        pytest.skip("tests/data's PADS movement/timeseries folders are not all here")
    return rs


def _docs_rows() -> dict[str, list[str]]:
    text = (REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("| ")]
    start = lines.index(HEAD)
    out = {}
    for ln in lines[start + 1:]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if len(cells) != 5:
            break
        out[cells[0]] = cells[1:]
    return out


def test_docs_table_is_current(rows):
    shown = _docs_rows()
    assert set(rows) <= set(shown) and len(shown) == 15
    if PHONE not in rows:
        assert set(shown) - set(rows) == {PHONE}
    for name, r in rows.items():
        rec, runs, q, over = shown[name]
        assert (int(rec), int(runs)) == (r["recordings"], r["runs"]), name
        assert [float(v) for v in q.split(" / ")] == pytest.approx([r["q25"], r["median"], r["q75"]], abs=0.02), name
        assert float(over) == pytest.approx(100 * r["over_1hz"], abs=max(0.3, 150.0 / r["runs"])), name


def test_docs_claims(rows):
    text = " ".join((REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8").split())
    real = [rows[k]["median"] for k in REAL]
    m = re.search(r"The median run moves ([\d.]+)-([\d.]+) Hz in every real tremor row", text)
    assert m and [float(v) for v in m.groups()] == pytest.approx([min(real), max(real)], abs=0.02)
    m = re.search(r"over 1 Hz in (\d+)-(\d+) % of the real tremor runs", text)
    over = [100 * rows[k]["over_1hz"] for k in REAL]
    assert m and [float(v) for v in m.groups()] == pytest.approx([min(over), max(over)], abs=0.5)
    syn = [rows[k]["median"] for k in SYN]
    m = re.search(r"\(median ([\d.]+) vs ([\d.]+) Hz; parkinsonian ([\d.]+), essential ([\d.]+), the practice's "
                  r"physiological tremor ([\d.]+)\): ([\d.]+)-([\d.]+) times the real tremor's medians", text)
    ratios = [s / r for s in syn for r in real]
    assert m and [float(v) for v in m.groups()] == pytest.approx(
        [syn[0], rows["synthetic imitation (the training mix)"]["median"], *syn[1:], min(ratios), max(ratios)],
        abs=0.05)
    m = re.search(r"with either taken out the parkinsonian tremor moves ([\d.]+)-([\d.]+) Hz, with both (\d+\.\d+)", text)
    one = sorted(rows[f"synthetic tremor, parkinsonian at rest, {k}"]["median"]
                 for k in ("no slow drift (wander_std 0)", "cycle CV 0.02"))
    assert m and [float(v) for v in m.groups()] == pytest.approx(
        [*one, rows["synthetic tremor, parkinsonian at rest, neither"]["median"]], abs=0.02)
    # What the bullets read into the table: every synthetic tremor row moves more than every real one, the mix
    # about as much as the synthetic imitation, and taking out either source of irregularity steadies it.
    assert min(syn) > 2 * max(real)
    assert syn[0] == pytest.approx(rows["synthetic imitation (the training mix)"]["median"], rel=0.1)
    assert max(one) < rows["synthetic tremor, parkinsonian at rest"]["median"]
    # The paced option: slower to wander, and with the smaller drift about the real size.
    pd = "synthetic tremor, parkinsonian at rest"
    m = re.search(r"Paced, the parkinsonian tremor moves ([\d.]+) Hz instead of ([\d.]+), and with its drift at 0\.4 "
                  r"times the middle of its range as well \(wander_std 0\.15\) ([\d.]+) Hz with ([\d.]+) % of its runs "
                  r"over 1 Hz: about the real tremor's size", text)
    paced, slow = rows[pd + ", paced"], rows[pd + ", paced, wander_std 0.15"]
    assert m and [float(v) for v in m.groups()[:3]] == pytest.approx(
        [paced["median"], rows[pd]["median"], slow["median"]], abs=0.02)
    assert float(m.group(4)) == pytest.approx(100 * slow["over_1hz"], abs=max(0.3, 150.0 / slow["runs"]))
    assert paced["median"] < rows[pd]["median"] and slow["median"] <= 1.5 * max(real)
    assert 100 * slow["over_1hz"] <= min(over)
    assert 0.4 * sum(synth.TREMOR_TYPES["parkinsonian"]["wander_std"][:2]) / 2 == pytest.approx(0.15)
    if PHONE in rows:
        m = re.search(r"the phone's imitated shaking ([\d.]+) Hz, .* against (\d+) % of the imitation's", text)
        assert m and float(m.group(1)) == pytest.approx(rows[PHONE]["median"], abs=0.02)
        assert float(m.group(2)) == pytest.approx(100 * rows[PHONE]["over_1hz"], abs=0.6)
        assert rows[PHONE]["median"] > 3 * max(real)


def test_run_ranges_of_a_steady_and_a_swept_oscillation(fs):
    """A constant 6 Hz sine moves by (almost) nothing; one swept 5 -> 7 Hz over 10 s (0.2 Hz/s) moves about the
    sweep over the run's 1.75 s (0.35 Hz); a flat-spectrum noise passes no rule window and gives no run."""
    t = np.arange(0, 12, 0.01)
    ax = np.zeros((t.size, 3))
    steady = ax.copy()
    steady[:, 0] = 0.05 * np.sin(2 * np.pi * 6.0 * t)
    r = fs.run_ranges(steady, 100.0)
    assert r.size > 0 and r.max() < 0.02
    swept = ax.copy()
    swept[:, 0] = 0.05 * np.sin(2 * np.pi * (5.0 * t + 0.1 * t ** 2))
    r = fs.run_ranges(swept, 100.0)
    assert r.size > 0 and np.median(r) == pytest.approx(0.35, abs=0.1)
    noise = np.random.default_rng(1).standard_normal((t.size, 3)) * 0.02
    assert fs.run_ranges(noise, 100.0).size == 0


def test_readme_sentence(rows):
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    m = re.search(r"the median run of 8 windows moves ([\d.]+)-([\d.]+) Hz\) far better than real imitation "
                  r"\(([\d.]+) Hz\), and the generator's tremor does not \(([\d.]+) Hz, as much as its imitation's "
                  r"(\d+\.\d+)\)", text)
    real = [rows[k]["median"] for k in REAL]
    assert m
    got = [float(v) for v in m.groups()]
    assert got[:2] == pytest.approx([min(real), max(real)], abs=0.02)
    assert got[3:] == pytest.approx([rows[SYN[0]]["median"], rows["synthetic imitation (the training mix)"]["median"]],
                                    abs=0.02)
    if PHONE in rows:
        assert got[2] == pytest.approx(rows[PHONE]["median"], abs=0.02)
