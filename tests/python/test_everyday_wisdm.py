"""Other people's walking and jogging (WISDM smartwatch recordings bundled in tests/data/wisdm, CC BY 4.0, never
trained on): docs/evaluation.md's table ("Jogging") and the README's rows against what
``benchmarks/everyday_wisdm.py`` prints today, and the script's own bookkeeping. Window percentages may
differ by 0.5 points and Detector counts by one event on another CPU: a window whose probability sits on a
threshold can flip."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from _scripts import load

import tremorlab
from tremorlab import _core

REPO = Path(__file__).resolve().parents[2]
wisdm = load("benchmarks/everyday_wisdm.py")

FILES = wisdm.recordings(wisdm.ROOT)


@pytest.fixture(scope="module")
def runs():
    return [wisdm.run_file(p) for p in FILES]


@pytest.fixture(scope="module")
def table(runs):
    return wisdm.rows(runs)


def _row(table, key):
    return next(r for r in table if r["activity"] == key)


def test_the_bundled_files_are_the_ones_described():
    assert [p.name for p in FILES] == [f"{s}_{a}.txt" for a in ("walking", "jogging") for s in range(1600, 1609)]
    for p in FILES:
        subject, acc = wisdm.read_wisdm(p)
        letter = {"walking": "A", "jogging": "B"}[p.stem.split("_")[1]]
        assert subject == p.name[:4] and acc.shape == (2400, 3) and np.isfinite(acc).all()
        assert all(line.startswith(f"{subject},{letter},") for line in p.read_text(encoding="utf-8").splitlines())
    assert "CC BY 4.0" in (wisdm.ROOT / "SOURCE.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, error", [
    ("1600,B,1.0,2.0,3.0;\n1600,B,1.0,2.0;\n", ":2: expected"),
    ("1600,B,1.0,2.0,3.0;\n1601,B,1.0,2.0,3.0;\n", "one subject"),
    # the raw files' lines (tests/data/wisdm_1600): one kind per file, timestamps increasing
    ("1600,F,100,1.0,2.0,3.0;\n1600,F,4.0,5.0,6.0;\n", ":2: expected"),
    ("1600,F,150,1.0,2.0,3.0;\n1600,F,100,4.0,5.0,6.0;\n", "timestamps must increase"),
])
def test_reader_refuses_other_lines(tmp_path, text, error):
    bad = tmp_path / "x_jogging.txt"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        wisdm.read_wisdm(bad)


def test_reader_takes_the_raw_lines(tmp_path):
    f = tmp_path / "1600_typing.txt"
    f.write_text("1600,F,100,1.0,2.0,3.0;\n1600,F,150,4.0,5.0,6.0;\n", encoding="utf-8")
    assert wisdm.read_wisdm(f) == ("1600", pytest.approx(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])))


def test_table_counts_every_window_once(runs, table):
    total = table[-1]
    assert total["activity"] == "all" and total["windows"] == sum(r["windows"] for r in table[:-1])
    assert [r["activity"] for r in table] == ["walking", "jogging", "all"]
    people = wisdm.rows([r for r in runs if r["activity"] == "jogging"], by="subject")
    assert [r["subject"] for r in people] == [str(s) for s in range(1600, 1609)] + ["all"]
    assert people[-1]["windows"] == _row(table, "jogging")["windows"]
    for r in table:
        assert sum(r[c] for c in wisdm.LABELS) == pytest.approx(1.0)
        assert sum(r[f"without {c}"] for c in wisdm.LABELS) == pytest.approx(1.0)
    # The window labels are classify()'s on the resampled recording.
    subject, acc = wisdm.read_wisdm(FILES[0])
    from scipy.signal import resample_poly
    res = tremorlab.classify(resample_poly(acc, wisdm.UP, 1, axis=0), fs=100.0)
    assert runs[0]["labels"] == Counter(np.asarray(res.labels).tolist())


def test_without_the_rule_only_the_slower_movement_windows_differ(runs):
    """The comparison column differs from the labels only in windows whose rhythm the slower-movement rule took
    (rhythm_of 0 where the flat-spectrum rule alone keeps the broad peak, below 3 Hz with under a quarter of
    the power in the band), and there the label is rest or voluntary."""
    subject, acc = wisdm.read_wisdm(next(p for p in FILES if p.name == "1603_jogging.txt"))
    from scipy.signal import resample_poly
    res = tremorlab.classify(resample_poly(acc, wisdm.UP, 1, axis=0), fs=100.0)
    F = np.asarray(res.features)
    before = wisdm.rhythm_without_rule(F, 100.0, res.window_s)
    names = tremorlab.feature_names()
    taken = (before != np.asarray(res.rhythm_hz))
    assert taken.any()
    assert np.all(before[taken] < 3.0) and np.all(F[taken, names.index("rel_band_power")] < 0.25)
    assert np.all(np.asarray(res.rhythm_hz)[taken] == 0.0)
    without = np.asarray(_core.decide(np.asarray(res.proba), res.model.decision, np.asarray(res.amplitude), before,
                                      res.turn_deg_s, _core.band_share_of_features(F)))
    differ = without != np.asarray(res.labels)
    assert differ.any() and np.all(taken[differ])
    assert set(np.asarray(res.labels)[differ]) <= {"rest", "voluntary"}


def _section() -> str:
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    return text.split("## Jogging", 1)[1].split("\n## ", 1)[0]


def _docs_rows(section: str) -> dict[str, list[float]]:
    """The numbers of each row of the script's markdown table in a docs section, by activity (in order)."""
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| (?:`([a-z_]+)`|(all)) \|(.*)\|$", line)
        if m:
            rows[m.group(1) or m.group(2)] = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", m.group(3))]
    return rows


def _assert_rows_shown(rows: dict[str, list[float]], table: list[dict]) -> None:
    """Each of the script's rows as the docs show it: counts to the digit, window shares within 0.5 points,
    Detector counts within one event."""
    for r in table:
        got = rows[r["activity"]]
        want = [r["people"], round(r["minutes"], 1), r["windows"], round(r["stride_hz"], 2), round(100 * r["clipped"], 1),
                *[round(100 * r[c], 1) for c in wisdm.LABELS],
                round(100 * r["without tremor"], 1), round(100 * r["without shaking"], 1),
                r["onsets"], r["named tremor"], r["named mimicked"]]
        assert got[:5] == pytest.approx(want[:5], abs=0.011), r["activity"]
        assert got[5:12] == pytest.approx(want[5:12], abs=0.51), r["activity"]
        assert got[12:] == pytest.approx(want[12:], abs=1.01), r["activity"]


def test_docs_table_is_what_the_script_prints(table):
    rows = _docs_rows(_section())
    assert set(rows) == {r["activity"] for r in table}
    _assert_rows_shown(rows, table)


def test_readme_rows_are_current(table):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    walk, jog = _row(table, "walking"), _row(table, "jogging")
    row = next(line for line in readme.splitlines() if line.startswith("| walking / jogging of other people, WISDM"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == f"{walk['windows']} / {jog['windows']}"
    for k, c in enumerate(("tremor", "mimicked", "shaking")):
        shown = [float(v) for v in re.findall(r"\d+\.\d", cells[2 + k])]
        assert shown == pytest.approx([100 * walk[c], 100 * jog[c]], abs=0.51), c
    assert (f"jogging: {100 * jog['without tremor']:.1f} % `tremor`, {100 * jog['without shaking']:.1f} % `shaking` "
            "before" in cells[5])
    det = next(line for line in readme.splitlines() if line.startswith("| walking / jogging of other people: WISDM"))
    assert f"({walk['minutes']:.1f} + {jog['minutes']:.1f} min, {jog['people']} people" in det
    rates = " / ".join(f"{r['onsets'] / (r['minutes'] / 60.0):.0f}" for r in (walk, jog))
    assert f"{walk['onsets']} / {jog['onsets']} shaking onsets ({rates} /h)" in det
    assert walk["named tremor"] == jog["named tremor"] == 0 and "none named tremor" in det


def test_the_watch_rate_itself_is_refused_with_advice():
    """tremorlab analyses 25-1000 Hz: the WISDM watch's own 20 Hz gets a clear error that says what to do (the
    benchmark's resampling), the same from classify and the Detector, and nothing is resampled behind the
    caller's back."""
    _, acc = wisdm.read_wisdm(FILES[0])
    with pytest.raises(ValueError, match=r"fs must be in 25\.\.1000 Hz .*resample a slower stream first"):
        tremorlab.classify(acc, fs=wisdm.WISDM_FS)
    with pytest.raises(ValueError, match=r"fs must be in 25\.\.1000 Hz"):
        tremorlab.Detector(fs=wisdm.WISDM_FS)


# ---- tests/data/wisdm_1600: 15 everyday activities of one person (docs/evaluation.md, "Everyday activities of one
# person")

ONE_FILES = wisdm.recordings(wisdm.ONE_PERSON)
ONE_ACTIVITIES = {"stairs": "C", "sitting": "D", "standing": "E", "typing": "F", "brushing_teeth": "G",
                  "eating_soup": "H", "eating_chips": "I", "eating_pasta": "J", "drinking": "K", "eating_sandwich": "L",
                  "kicking": "M", "catch": "O", "dribbling": "P", "writing": "Q", "clapping": "R"}


@pytest.fixture(scope="module")
def one_table():
    return wisdm.rows([wisdm.run_file(p) for p in ONE_FILES])


def test_the_one_person_files_are_the_ones_described():
    """15 whole blocks of subject 1600's raw watch file, in WISDM's order, each as SOURCE.txt lists it: the line
    count, the activity code on every line, timestamps ~50 ms apart (the watch's ~20 Hz), the sha256, and a
    byte count equal to its source character range; and the ranges join end to end (no line between two fetched
    neighbours missing or doubled)."""
    import hashlib

    assert wisdm.activities(wisdm.ONE_PERSON) == tuple(ONE_ACTIVITIES)
    assert [p.name for p in ONE_FILES] == [f"1600_{a}.txt" for a in ONE_ACTIVITIES]
    source = (wisdm.ONE_PERSON / "SOURCE.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in source
    ranges = []
    for p in ONE_FILES:
        row = next(ln for ln in source.splitlines() if ln.startswith(f"| {p.name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        data = p.read_bytes()
        lines = data.decode("utf-8").splitlines()
        assert len(lines) == int(cells[2]) and hashlib.sha256(data).hexdigest() == cells[5]
        a, b = (int(v.replace(",", "")) for v in re.fullmatch(r"\[([\d,]+), ([\d,]+)\)", cells[3]).groups())
        assert len(data) == b - a
        ranges.append((a, b))
        code = ONE_ACTIVITIES[p.stem.split("_", 1)[1]]
        assert f"({code})" in cells[1] and all(ln.startswith(f"1600,{code},") for ln in lines)
        stamps = np.array([int(ln.split(",")[2]) for ln in lines])
        assert cells[4] == f"{stamps[0]} / {stamps[-1]}"
        assert np.all((np.diff(stamps) > 45e6) & (np.diff(stamps) < 55e6))
        subject, acc = wisdm.read_wisdm(p)
        assert subject == "1600" and acc.shape == (len(lines), 3) and np.isfinite(acc).all()
    assert all(x[1] == y[0] for x, y in zip(ranges, ranges[1:]))  # C to R, end to end


def _one_section() -> str:
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    return text.split("## Everyday activities of one person", 1)[1].split("\n## ", 1)[0]


def test_docs_one_person_table_is_what_the_script_prints(one_table):
    rows = _docs_rows(_one_section())
    assert list(rows) == [r["activity"] for r in one_table] == [*ONE_ACTIVITIES, "all"]
    _assert_rows_shown(rows, one_table)


def test_one_person_claims_and_readme_rows(one_table):
    """The section's and the README's claims: no bout named tremor; at most 1 % of all the windows `tremor` and of
    each activity's but brushing teeth's; typing and writing mostly `shaking`, typing about a fifth `mimicked`;
    the slower arm movements mostly `voluntary` or `rest`; clapping and dribbling mostly `shaking`, none
    `mimicked`; sitting and standing mostly `rest`; and the README's rows show the table's figures."""
    by = {r["activity"]: r for r in one_table}
    total = by["all"]
    assert total["named tremor"] == 0 and total["tremor"] <= 0.01
    assert [a for a in ONE_ACTIVITIES if by[a]["tremor"] > 0.01] == ["brushing_teeth"]
    assert by["typing"]["shaking"] > 0.7 and by["writing"]["shaking"] > 0.7 and 0.15 < by["typing"]["mimicked"] < 0.25
    for a in ("eating_soup", "eating_chips", "eating_pasta", "drinking", "eating_sandwich", "stairs", "catch",
              "kicking"):
        assert 0.695 < by[a]["rest"] + by[a]["voluntary"] < 0.96, a
    for a in ("clapping", "dribbling"):
        assert by[a]["shaking"] > 0.5 and by[a]["mimicked"] == 0.0, a
    assert by["sitting"]["rest"] > 0.9 and by["standing"]["rest"] > 0.75
    assert total["named mimicked"] == by["typing"]["named mimicked"] + by["writing"]["named mimicked"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(ln for ln in readme.splitlines() if ln.startswith("| 15 everyday activities of one other person, WISDM"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == str(total["windows"])
    assert [float(c.rstrip(" %")) for c in cells[2:5]] == pytest.approx(
        [100 * total[c] for c in ("tremor", "mimicked", "shaking")], abs=0.051)
    assert f"brushing teeth ({100 * by['brushing_teeth']['tremor']:.1f} %" in cells[5]
    assert (f"mostly `shaking` ({100 * by['typing']['shaking']:.1f} % / {100 * by['writing']['shaking']:.1f} %) and "
            f"typing {100 * by['typing']['mimicked']:.1f} % `mimicked`") in cells[5]
    det = next(ln for ln in readme.splitlines() if ln.startswith("| 15 everyday activities of one other person: WISDM"))
    rate = total["onsets"] / (total["minutes"] / 60.0)
    assert f"({total['minutes']:.1f} min;" in det
    assert f"{total['onsets']} shaking onsets ({rate:.0f} /h), none named tremor, {total['named mimicked']} named" in det


def test_standing_still_starts_only_brief_small_bouts():
    """docs: "standing still started 6 `shaking` bouts, none longer than 1 s, at 13-20 mg and about 4 Hz, just over
    the onset's still-hand floor of 12 mg" (the Detector's events on the resampled block; counts within one, as the
    table's)."""
    from scipy.signal import resample_poly

    _, acc = wisdm.read_wisdm(wisdm.ONE_PERSON / "1600_standing.txt")
    x = resample_poly(acc, wisdm.UP, 1, axis=0)
    det = tremorlab.Detector(fs=wisdm.WISDM_FS * wisdm.UP, units="m/s^2")
    ev = det.push(x) + det.flush()
    onsets = [e for e in ev if e.kind == "onset"]
    offsets = [e for e in ev if e.kind == "offset"]
    assert abs(len(onsets) - 6) <= 1 and len(offsets) == len(onsets)
    assert {e.label for e in ev} == {"shaking"}
    g = _core.standard_gravity / 1000.0  # m/s^2 per mg
    assert all(e.duration <= 1.0 + 1e-9 for e in offsets)
    assert all(12.0 * g <= e.amplitude <= 20.5 * g and 3.5 <= e.frequency_hz <= 5.0 for e in onsets + offsets)
