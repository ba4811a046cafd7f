"""tests/data/pads_tasks: voluntary PADS tasks of 19 healthy people and 7 people with essential tremor that no model
was trained on. docs/evaluation.md ("Voluntary tasks of more people") and the README quote what
``benchmarks/pads_folder.py tests/data/pads_tasks [--by-task] --markdown`` prints; this keeps them current (a count
within one window or bout: a window whose probability sits on a threshold can flip with another CPU's rounding)
and guards what matters most on these files: no clear tremor named mimicked, and the Detector's counts are the
Detector's own."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import tremorlab as tl
from tremorlab import io, pads_folder

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "tests" / "data" / "pads_tasks"
LABELS = ("rest", "voluntary", "tremor", "mimicked", "shaking")


@pytest.fixture(scope="module")
def by_task() -> dict:
    return pads_folder.run([FOLDER], by_task=True)


@pytest.fixture(scope="module")
def by_kind() -> dict:
    return pads_folder.run([FOLDER])


@pytest.fixture(scope="module")
def by_kind_gyro() -> dict:
    return pads_folder.run([FOLDER], gravity="gyro")


def _healthy(by_task: dict) -> tuple[dict, list[dict]]:
    """The healthy people's Entrainment row (moving to a rhythm) and their other task rows."""
    healthy = [r for r in by_task["rows"] if r["group"] == "healthy"]
    return (next(r for r in healthy if r["task_kind"] == "Entrainment"),
            [r for r in healthy if r["task_kind"] != "Entrainment"])


def _acc(path: Path) -> np.ndarray:
    """A PADS text file's acceleration (g) after the watch's vibration cue, read here with tremorlab.io."""
    rec = io.read_recording(path)
    return rec.acc[io.after_pads_cue(rec.t)]


def _labels(path: Path) -> np.ndarray:
    return np.asarray(tl.classify(_acc(path), fs=100.0, units="g", hop_s=0.5).labels)


def _doc_tables() -> list[list[list[str]]]:
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    sec = text.split("## Voluntary tasks of more people", 1)[1].split("\n## ", 1)[0]
    tables, cur = [], []
    for ln in sec.splitlines() + [""]:
        if ln.startswith("| ") and not ln.startswith("| group"):
            cur.append([c.strip() for c in ln.strip().strip("|").split("|")])
        elif cur:
            tables.append(cur)
            cur = []
    return tables


def _pct_close(shown: float, measured: float, n: int) -> bool:
    return abs(shown - measured) <= 100.0 / max(n, 1) + 0.051


def _check_table(rows: list[list[str]], out: dict) -> None:
    got = {(r["group"], r["task_kind"]): r for r in out["rows"]}
    assert {(c[0], c[1]) for c in rows} == set(got)
    for c in rows:
        r = got[(c[0], c[1])]
        assert [int(c[2]), int(c[3]), int(c[4])] == [r["files"], r["people"], r["windows"]], c
        for x, v in zip(LABELS, c[5:10]):
            assert _pct_close(float(v), r["labels_pct"][x], r["windows"]), (c, x)
        assert abs(int(c[10]) - r["rule_tremor_windows"]) <= 1, c
        t, m = (float(v) for v in c[11].split(" / "))
        assert _pct_close(t, r["rule_tremor_labels_pct"]["tremor"], r["rule_tremor_windows"]), c
        assert _pct_close(m, r["rule_tremor_labels_pct"]["mimicked"], r["rule_tremor_windows"]), c
        assert abs(int(c[12]) - r["people_with_clear_tremor_named_mimicked"]) <= 1, c
        assert abs(int(c[13]) - r["rule_rest_windows"]) <= 1, c
        assert _pct_close(float(c[14]), r["rule_rest_labels_pct"]["tremor"], r["rule_rest_windows"]), c
        assert abs(int(c[15]) - r["people_with_tremor_on_clear_rest"]) <= 1, c
        assert float(c[16]) == pytest.approx(r["seconds"] / 60, abs=0.051), c
        bouts = [int(v) for v in c[17].split(" / ")]
        measured = [r["bouts"], r["bouts_named_tremor"], r["bouts_named_mimicked"]]
        assert all(abs(a - b) <= 1 for a, b in zip(bouts, measured)), (c, measured)


def test_docs_tables_are_what_the_script_prints(by_task, by_kind, by_kind_gyro):
    tables = _doc_tables()
    assert len(tables) == 3
    _check_table(tables[0], by_task)
    _check_table(tables[1], by_kind)
    _check_table(tables[2], by_kind_gyro)  # --gravity gyro
    assert by_kind_gyro["gravity"] == "gyro" and by_kind_gyro["gravity_not_rebuilt"] == []


def test_with_gravity_rebuilt_what_the_docs_say():
    """docs/evaluation.md, with gravity rebuilt: a drinking tremor is `tremor` less often than as PADS gives it,
    the only `mimicked` windows are ET 429's drinking (one, within one for rounding), and N 132's rhythm is still
    `tremor` with its bout named tremor."""
    mimicked, tremor_drink = {}, {}
    for f in pads_folder.pads_files(FOLDER):
        lab, _ = pads_folder.label_file(f, gravity="gyro")
        name = Path(f.path).name
        if (lab == "mimicked").any():
            mimicked[name] = int((lab == "mimicked").sum())
        if f.task == "DrinkGlas" and f.name_group == "ET":
            tremor_drink[name] = (int((lab == "tremor").sum()), int((pads_folder.label_file(f)[0] == "tremor").sum()))
        if name == "N_132_Entrainment_LeftWrist.txt":
            assert (lab == "tremor").sum() >= 10
            assert pads_folder.detector_bouts(f, "gyro")["named_tremor"] == 1
    assert set(mimicked) <= {"ET_429_DrinkGlas_RightWrist.txt"} and sum(mimicked.values()) <= 2, mimicked
    assert sum(g for g, _ in tremor_drink.values()) < sum(r for _, r in tremor_drink.values()), tremor_drink


def test_readme_sentence_is_current(by_task, by_kind):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"everyday-like tasks \(drinking, touching the nose\) get no\s+`tremor` or `mimicked` window "
                  r"in (\d+), "
                  r"but their Entrainment task, moving to a rhythm, is called `tremor` in\s+([\d.]+) % of its windows "
                  r"\((\d+) of (\d+),.*?and (\d+) of its (\d+) Detector\s+bouts are named tremor.*?during the tasks: "
                  r"([\d.]+) % of the\s+clear-tremor windows `tremor`, the rest mostly `shaking`, "
                  r"([\d.]+) % `mimicked` "
                  r"\((\d+) of (\d+):", text, flags=re.S)
    assert m, "README sentence on tests/data/pads_tasks not found"
    ent, other = _healthy(by_task)
    assert int(m.group(1)) == sum(r["windows"] for r in other)
    assert int(m.group(4)) == ent["windows"]
    assert abs(int(m.group(3)) - round(ent["labels_pct"]["tremor"] / 100 * ent["windows"])) <= 1
    assert _pct_close(float(m.group(2)), ent["labels_pct"]["tremor"], ent["windows"])
    assert abs(int(m.group(5)) - ent["bouts_named_tremor"]) <= 1 and abs(int(m.group(6)) - ent["bouts"]) <= 1
    et = next(r for r in by_kind["rows"] if r["group"] == "ET")
    assert int(m.group(10)) == et["rule_tremor_windows"]
    assert _pct_close(float(m.group(7)), et["rule_tremor_labels_pct"]["tremor"], et["rule_tremor_windows"])
    assert _pct_close(float(m.group(8)), et["rule_tremor_labels_pct"]["mimicked"], et["rule_tremor_windows"])
    assert abs(int(m.group(9)) - round(et["rule_tremor_labels_pct"]["mimicked"] / 100 * et["rule_tremor_windows"])) <= 1


def test_everyday_like_tasks_of_healthy_people_are_not_shaking(by_task):
    """Drinking, crossing the arms, touching the nose or the index fingers: no healthy window is called tremor
    or mimicked (one window of slack for another CPU's rounding), and no Detector bout is named either."""
    rows = _healthy(by_task)[1]
    assert {r["task_kind"] for r in rows} == {"CrossArms", "DrinkGlas", "TouchIndex", "TouchNose"}
    assert sum(r["windows"] for r in rows) >= 150
    called = sum(round((r["labels_pct"]["tremor"] + r["labels_pct"]["mimicked"]) / 100 * r["windows"]) for r in rows)
    assert called <= 1
    assert sum(r["bouts_named_tremor"] + r["bouts_named_mimicked"] for r in rows) == 0


@pytest.mark.xfail(strict=True, reason=(
    "model v12 (issue 12): healthy people moving to a rhythm (PADS Entrainment) are called tremor in 77 of 612 "
    "windows and 7 of 18 Detector bouts, mostly four people's regular 3-5 Hz beat (N 132, 165, 193, 204), which the "
    "evidence rule mostly calls clear tremor too; the model has never seen a paced voluntary rhythm "
    "(docs/evaluation.md, 'Voluntary tasks of more people')"))
def test_healthy_people_moving_to_a_rhythm_are_not_called_tremor(by_task):
    """The issue's target for everyday movement (at most 1 % of windows tremor) on the rhythmic task, and no bout
    of it named tremor."""
    ent = _healthy(by_task)[0]
    assert ent["labels_pct"]["tremor"] <= 1.0 and ent["bouts_named_tremor"] == 0


ET_FILES = sorted(p.name for p in FOLDER.glob("ET_*Wrist.txt"))


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=(
        "model v12: 2 of the 16 windows (t 4.5-7.0 s: 5.5-5.6 Hz, 4.0-4.2 m/s^2, band share 0.81-0.87, P(mimicked) "
        "0.97-0.99) of ET 429's large, irregular shaking while drinking pass every gate of the accusation, as ET "
        "382's drinking does (test_real_tremor.py); docs/evaluation.md, 'Voluntary tasks of more people'")))
    if n == "ET_429_DrinkGlas_RightWrist.txt" else n for n in ET_FILES])
def test_essential_tremor_during_a_task_is_not_called_mimicked(name):
    """The worst error, window by window, on every essential-tremor task recording: no window `mimicked`. The
    live Detector names no bout `mimicked`, ET 429's included: the next test."""
    assert not (_labels(FOLDER / name) == "mimicked").any()


def test_no_bout_is_named_mimicked(by_kind):
    """Whatever single windows say, no Detector bout of any of these recordings is named mimicked (an accusation
    needs far more evidence than a window), and the essential tremors' bouts are named tremor (5 of 7 today)."""
    for r in by_kind["rows"]:
        assert r["bouts_named_mimicked"] == 0, r
    et = next(r for r in by_kind["rows"] if r["group"] == "ET")
    assert et["rule_tremor_windows"] >= 50 and et["bouts_named_tremor"] >= 3


def test_detector_counts_are_the_detectors():
    """pads_folder.detector_bouts against a Detector driven here by hand, block by block, on the file read with
    tremorlab.io (the vibration cue dropped): the same bouts and names."""
    path = FOLDER / "N_084_Entrainment_RightWrist.txt"
    acc = _acc(path)
    det = tl.Detector(fs=100.0, units="g")
    t = np.arange(len(acc)) / 100.0
    ev = []
    for i in range(0, len(acc), 37):
        ev += det.push(acc[i:i + 37], t[i:i + 37])
    ev += det.flush()
    want = {"bouts": sum(e.kind == "onset" for e in ev),
            "named_tremor": sum(e.kind in ("onset", "relabel") and e.label == "tremor" for e in ev),
            "named_mimicked": sum(e.kind in ("onset", "relabel") and e.label == "mimicked" for e in ev)}
    f = next(f for f in pads_folder.pads_files(FOLDER) if f.path.endswith(path.name))
    assert pads_folder.detector_bouts(f) == want
    assert want["bouts"] >= 1


def test_called_time_option_leaves_the_rhythmic_task_unnamed():
    """docs/detector.md: with ``tremor_min_called_s`` 0.75 (off by default) the healthy N 084's rhythmic
    Entrainment task, whose two consecutive windows called tremor name its bout by default, stays `shaking`; the
    essential tremor during ET 222's DrinkGlas, called tremor for longer, is still named."""
    def named(name: str, **kw) -> int:
        acc = _acc(FOLDER / name)
        det = tl.Detector(fs=100.0, units="g", **kw)
        ev = det.push(acc, np.arange(len(acc)) / 100.0) + det.flush()
        return sum(e.kind in ("onset", "relabel") and e.label == "tremor" for e in ev)

    on = {"hysteresis": {"tremor_min_called_s": 0.75}}
    assert named("N_084_Entrainment_RightWrist.txt") == 1
    assert named("N_084_Entrainment_RightWrist.txt", **on) == 0
    assert named("ET_222_DrinkGlas_RightWrist.txt") == named("ET_222_DrinkGlas_RightWrist.txt", **on) == 1
    # docs/detector.md's counts over the folder: healthy bouts named tremor, and essential tremors', off -> 0.75 s.
    text = (REPO / "docs" / "detector.md").read_text(encoding="utf-8")
    m = re.search(r"that folder's healthy bouts named tremor (\d+) -> (\d+),.*?the same\s+folder's essential "
                  r"tremors (\d+) -> (\d+) named", text, flags=re.S)
    assert m, "docs/detector.md: the tremor_min_called_s counts on tests/data/pads_tasks not found"
    healthy = sorted(p.name for p in FOLDER.glob("N_*Wrist.txt"))
    for kw, (h, e) in (({}, (1, 3)), (on, (2, 4))):
        assert abs(sum(named(n, **kw) for n in healthy) - int(m.group(h))) <= 1, kw
        assert abs(sum(named(n, **kw) for n in ET_FILES) - int(m.group(e))) <= 1, kw


def test_readme_table_rows_are_current(by_task, by_kind):
    """The README's evaluation table rows for this folder: windows exact, shares within one window."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.startswith("| voluntary tasks of 19 more healthy people, PADS")
            or ln.startswith("| essential tremor during voluntary tasks")]
    assert len(rows) == 2
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in rows]
    ent, other = _healthy(by_task)
    n_other = sum(r["windows"] for r in other)

    def share(rs: list, c: str) -> float:
        return sum(r["labels_pct"][c] / 100 * r["windows"] for r in rs) / sum(r["windows"] for r in rs) * 100

    assert cells[0][1] == f"{n_other} / {ent['windows']}"
    for col, c in zip(cells[0][2:5], ("tremor", "mimicked", "shaking")):
        a, b = (float(v.rstrip(" %")) for v in col.split(" / "))
        assert _pct_close(a, share(other, c), n_other) and _pct_close(b, ent["labels_pct"][c], ent["windows"]), (c, col)
    et = next(r for r in by_kind["rows"] if r["group"] == "ET")
    assert int(cells[1][1]) == et["rule_tremor_windows"]
    for col, c in zip(cells[1][2:5], ("tremor", "mimicked", "shaking")):
        assert _pct_close(float(col.rstrip(" %")), et["rule_tremor_labels_pct"][c], et["rule_tremor_windows"]), (c, col)


def test_readme_limitations_sentence_is_current():
    """README, "What it cannot yet tell apart": the drinking tremors' windows named mimicked (ET 382's in
    tests/data/pads_timeseries, ET 429's here), within one window."""
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    m = re.search(r"ET 382's and ET 429's DrinkGlas: (\d+) and (\d+) of (\d+) windows `mimicked`, no Detector bout",
                  text)
    assert m, "README limitations sentence on the drinking tremors not found"
    for name, shown in (("pads_timeseries/382_DrinkGlas_LeftWrist.txt", int(m.group(1))),
                        ("pads_tasks/ET_429_DrinkGlas_RightWrist.txt", int(m.group(2)))):
        labels = _labels(REPO / "tests" / "data" / name)
        assert len(labels) == int(m.group(3))
        assert abs(int((labels == "mimicked").sum()) - shown) <= 1, name
    # ... and the beat: "four of 17 healthy people's 3-5 Hz beat ... `tremor` in many of its windows" (people
    # with at least 5 of their Entrainment windows `tremor`, their strongest rhythm within 3-5 Hz there).
    m = re.search(r"(\w+) of (\d+) healthy people's 3-5 Hz beat", text)
    assert m, "README limitations sentence on the rhythm not found"
    many, rhythms = 0, []
    for f in FOLDER.glob("N_*_Entrainment_*.txt"):
        res = tl.classify(_acc(f), fs=100.0, units="g", hop_s=0.5)
        t = np.asarray(res.labels) == "tremor"
        if t.sum() >= 5:
            many += 1
            rhythms += list(np.asarray(res.rhythm_hz)[t])
    assert int(m.group(2)) == len(list(FOLDER.glob("N_*_Entrainment_*.txt")))
    assert {"three": 3, "four": 4, "five": 5}[m.group(1)] == many
    assert 3.0 <= min(rhythms) and max(rhythms) <= 5.0


def test_docs_rhythm_bullet_is_current(by_task):
    """docs/evaluation.md's bullet on the healthy people moving to a rhythm: its window and bout counts and the
    four people's own counts, recomputed (within one window or bout)."""
    text = " ".join((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").split())
    m = re.search(r"are called tremor\*\* in (\d+) of (\d+) windows .*? names (\d+) of its (\d+) bouts tremor, "
                  r"in (\d+) of the (\d+) people: the second worst error\. (\d+) of the (\d+) windows are four people's "
                  r"\(N 132 (\d+), N 165 (\d+), N 193 (\d+), N 204 (\d+) of 36\)", text)
    assert m, "docs/evaluation.md: the Entrainment bullet not found"
    g = [int(v) for v in m.groups()]
    ent = _healthy(by_task)[0]
    n_tremor = round(ent["labels_pct"]["tremor"] / 100 * ent["windows"])
    assert abs(g[0] - n_tremor) <= 1 and g[1] == ent["windows"] and g[7] == g[0]
    assert abs(g[2] - ent["bouts_named_tremor"]) <= 1 and abs(g[3] - ent["bouts"]) <= 1 and g[5] == ent["files"]
    per = {}
    named_people = 0
    for f in pads_folder.pads_files(FOLDER):
        if f.task == "Entrainment" and f.name_group == "healthy":
            per[f.participant] = int((pads_folder.label_file(f)[0] == "tremor").sum())
            named_people += pads_folder.detector_bouts(f)["named_tremor"] > 0
    assert abs(g[4] - named_people) <= 1
    for pid, v in zip(("132", "165", "193", "204"), g[8:]):
        assert abs(per[pid] - v) <= 1, pid
    assert abs(g[6] - sum(per[p] for p in ("132", "165", "193", "204"))) <= 2
