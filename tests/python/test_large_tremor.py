"""docs/evaluation.md's table of window labels against a synthetic tremor's size is what ``python
benchmarks/large_tremor.py --markdown`` prints today (window counts exactly, shares within 0.6 points: a window
whose probability sits on a threshold may flip on another CPU, and one window of 452 is 0.2 points)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from _scripts import load

REPO = Path(__file__).resolve().parents[2]
HEAD = "| tremor | amplitude, m/s^2 peak | windows | `tremor` % | `mimicked` % | `shaking` % |"


@pytest.fixture(scope="module")
def lt():
    return load("benchmarks/large_tremor.py")


@pytest.fixture(scope="module")
def rows(lt):
    """The default sweep (the docs table's), computed once for the tests that read it."""
    return lt.sweep()


def test_docs_table_is_current(lt, rows):
    assert [(r["kind"], r["amplitude"]) for r in rows] == [(k, a) for k, _ in lt.KINDS for a in lt.AMPLITUDES]
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("| ") and ln.count("|") == 7]
    start = lines.index(HEAD)
    shown = lines[start + 1:start + 1 + len(rows)]
    assert len(shown) == len(rows)
    for ln, r in zip(shown, rows):
        cells = [c.strip() for c in ln.strip("|").split("|")]
        assert cells[0] == r["kind"] and float(cells[1]) == r["amplitude"] and int(cells[2]) == r["windows"], ln
        got = [100 * r[c] for c in lt.LABELS]
        assert [float(v) for v in cells[3:]] == pytest.approx(got, abs=0.6), (ln, got)


def test_the_sweep_overrides_only_the_amplitude():
    """Each row's recordings are the generator's draws with the amplitude overridden: the same seed gives the same
    other parameters at every amplitude."""
    from tremorlab import synth

    p1 = synth.generate("tremor", 2.0, 100.0, 3, amplitude=1.0, context="shaking_practice").params
    p2 = synth.generate("tremor", 2.0, 100.0, 3, amplitude=20.0, context="shaking_practice").params
    assert p1["amplitude"] == 1.0 and p2["amplitude"] == 20.0
    keys = ("tremor_type", "f0", "cycle_cv", "env_cv", "wander_std", "harmonic2", "harmonic3", "axis", "bursts")
    assert [p1[k] for k in keys] == [p2[k] for k in keys]


def test_readme_summary_is_what_the_table_says(rows):
    """README: "up to about a quarter of the windows of a shaking-practice tremor of 8 m/s² peak or more, almost
    none `tremor`"."""
    big = [r for r in rows if r["kind"] == "shaking practice" and r["amplitude"] >= 8.0]
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert ("up to about a quarter of the windows of a shaking-practice tremor of 8 m/s² peak or more, almost none "
            "`tremor`") in text
    assert 0.2 <= max(r["mimicked"] for r in big) <= 0.3 and max(r["tremor"] for r in big) <= 0.06


def test_docs_rotation_figures_are_current(lt, rows):
    """docs/evaluation.md: "with the tremor's rotational part switched off (`--set rot_frac=0`) the practice's tremor
    at 13 m/s^2 is `mimicked` in X % of its windows (Y % with it)"."""
    text = " ".join((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").split())
    m = re.search(r"rot_frac=0`\) the practice's tremor at 13 m/s\^2 is `mimicked` in ([\d.]+) % of its windows "
                  r"\(([\d.]+) % with it\)", text)
    assert m, "the rotation sentence"

    def practice_13(sweep):
        return next(100 * r["mimicked"] for r in sweep if r["kind"] == "shaking practice" and r["amplitude"] == 13.0)

    assert float(m.group(1)) == pytest.approx(practice_13(lt.sweep(rot_frac=0.0)), abs=0.6)
    assert float(m.group(2)) == pytest.approx(practice_13(rows), abs=0.6)


def test_docs_lever_rotation_figures_are_current(lt):
    """docs/evaluation.md: "With the rigid-body rotation instead (`--rotation lever` ...) the same model calls the
    13 m/s^2 practice tremor `mimicked` in X % of its windows and the parkinsonian one in Y %", and their `tremor`
    shares "(A % and B %)"; README: "with the rigid-body turning (`--rotation lever`) about 6 %"."""
    text = " ".join((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").split())
    m = re.search(r"the same model calls the 13 m/s\^2 practice tremor `mimicked` in ([\d.]+) % of its windows and the "
                  r"parkinsonian one in ([\d.]+) %.*?`tremor` stays rare there \(([\d.]+) % and ([\d.]+) %\)", text)
    assert m, "the lever-rotation sentence"
    lever = {(r["kind"], r["amplitude"]): r for r in lt.sweep(rotation="lever")}
    p, k = lever[("shaking practice", 13.0)], lever[("parkinsonian, rest", 13.0)]
    got = [100 * p["mimicked"], 100 * k["mimicked"], 100 * p["tremor"], 100 * k["tremor"]]
    assert [float(v) for v in m.groups()] == pytest.approx(got, abs=0.6)
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "with the rigid-body turning (`--rotation lever`) about 6 %" in readme
    big = [100 * r["mimicked"] for (kind, amp), r in lever.items() if amp >= 8.0]
    assert 4.0 <= max(big) <= 8.0
    with pytest.raises(ValueError, match="rotation"):
        lt.sweep(seeds=1, rotation="bent")
