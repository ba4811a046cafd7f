"""docs/evaluation.md's table of window labels against a synthetic tremor's size is what ``python
benchmarks/large_tremor.py --markdown`` prints today (window counts exactly, shares within 0.3 points: a window
whose probability sits on a threshold may flip on another CPU, and one window of 1808 is 0.06 points)."""
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
        assert [float(v) for v in cells[3:]] == pytest.approx(got, abs=0.3), (ln, got)


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
    """README: "at most 5 % of the windows of a synthetic tremor of 4 m/s² peak or more `mimicked`, almost none
    `tremor` from 13 m/s² on"."""
    big = [r for r in rows if r["amplitude"] >= 4.0]
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert ("at most 5 % of the windows of a synthetic tremor of 4 m/s² peak or more `mimicked`, almost none "
            "`tremor` from 13 m/s² on") in text
    assert max(r["mimicked"] for r in big) <= 0.05
    assert max(r["tremor"] for r in rows if r["amplitude"] >= 13.0) <= 0.05


def test_docs_size_guard_figures_are_current(lt, rows):
    """docs/evaluation.md: "with the size guard switched off (`mimicked_max_amplitude` 1e9 in the model JSON) the
    practice's tremor is `mimicked` in X % of its windows at 13 m/s^2 and Y % at 30 (Z % and W % with it)"."""
    import json

    import tremorlab

    text = " ".join((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").split())
    m = re.search(r"[Ww]ith the size guard switched off \(`mimicked_max_amplitude` 1e9 in the model JSON\) the practice's "
                  r"tremor is `mimicked` in ([\d.]+) % of its windows at 13 m/s\^2 and ([\d.]+) % at 30 \(([\d.]+) % "
                  r"and ([\d.]+) % with it\)", text)
    assert m, "the size-guard sentence"
    j = json.loads(tremorlab.Classifier.default().to_json())
    j["decision"]["mimicked_max_amplitude"] = 1e9
    off = {(r["kind"], r["amplitude"]): r for r in lt.sweep(model=tremorlab.Classifier.from_json(j))}
    on = {(r["kind"], r["amplitude"]): r for r in rows}
    got = [100 * d[("shaking practice", a)]["mimicked"] for d in (off, on) for a in (13.0, 30.0)]
    assert [float(v) for v in m.groups()] == pytest.approx(got, abs=0.3)
