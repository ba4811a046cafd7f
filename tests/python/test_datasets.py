"""Dataset catalogue: labels, held-out flags and splits."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tremorlab import datasets as D


@pytest.fixture(scope="module")
def cat(shared_data):
    return D.catalogue(shared_data)


def test_held_out_exactly_per_readme(cat, shared_data):
    held = {Path(i.path) for i in D.held_out_set(cat)}
    sim = shared_data / "phone_mimicked_shaking" / "Simulation"
    expected = set()
    for d in ("data9", "data10", "data11", "data12", "data15"):
        expected |= set((sim / d).glob("*.csv"))
    data16 = sorted((sim / "data16").glob("*.csv"), key=lambda p: p.name)
    assert len(data16) == 14
    expected |= set(data16[-7:])  # the 7 files whose names sort last
    expected |= set((shared_data / "cloudupdrs_pdkit" / "3037").glob("T_-_*.csv"))
    expected.add(shared_data / "cloudupdrs_pdkit" / "kinetic_tremor_left_hand.csv")
    assert held == expected


def test_data16_seven_of_fourteen(cat):
    d16 = sorted((i for i in cat if i.task == "data16"), key=lambda i: Path(i.path).name)
    assert len(d16) == 14
    assert [i.held_out for i in d16] == [False] * 7 + [True] * 7
    assert {i.label for i in d16} == {"rest"}


def test_train_pool_never_contains_held_out(cat):
    pool = D.train_pool(cat)
    held = {i.path for i in D.held_out_set(cat)}
    assert pool and held
    assert not ({i.path for i in pool} & held)
    assert len(pool) + len(held) == len(cat)
    assert all("3037" not in Path(i.path).parts for i in pool)
    assert all(Path(i.path).parent.name not in {"data9", "data10", "data11", "data12", "data15"} for i in pool)
    assert D.split(cat, held_out=False) == pool
    for _, train, test in D.leave_one_subject_out(pool):
        assert not ({i.path for i in train + test} & held)
    with pytest.raises(ValueError, match="held out"):
        list(D.leave_one_subject_out(cat))


def test_labels_as_documented(cat):
    for i in cat:
        assert i.label in D.LABELS
        if i.dataset == "phone_mimicked_shaking":
            assert i.subject == "phone1"
            if i.task and i.task.startswith("data"):
                k = int(i.task[4:])
                assert i.label == ("mimicked" if k <= 12 else "voluntary" if k <= 15 else "rest")
            else:
                assert i.label == "unlabeled"
        elif i.dataset == "cloudupdrs":
            want = {"REST_TREMOR_AMPLITUDE": "rest"}.get(i.task, "voluntary")
            assert i.label == want
    counts = Counter((i.dataset, i.label) for i in cat)
    assert counts[("phone_mimicked_shaking", "mimicked")] == 36
    assert counts[("phone_mimicked_shaking", "voluntary")] == 22
    assert counts[("phone_mimicked_shaking", "rest")] == 14
    assert counts[("phone_mimicked_shaking", "unlabeled")] == 42
    assert counts[("mpower", "unlabeled")] == 1 and counts[("paradigma_ppp", "unlabeled")] == 1
    assert {i.subject for i in cat if i.dataset == "cloudupdrs"} == {"2458", "3037", "pdkit_kinetic"}
    assert not any(i.label == "tremor" for i in cat)  # no real recording is a confirmed tremor positive


def test_cloudupdrs_weak_tremor_and_scores(cat):
    by = {(i.subject, i.task, i.side): i for i in cat if i.dataset == "cloudupdrs"}
    rh = by[("2458", "REST_TREMOR_AMPLITUDE", "RIGHT_HAND")]
    assert rh.label == "rest" and rh.weak_tremor and rh.clinician_score == 2
    ll = by[("2458", "REST_TREMOR_AMPLITUDE", "LEFT_LEG")]
    assert ll.clinician_score == 0 and not ll.weak_tremor
    pt = by[("2458", "POSTURAL_TREMOR_OF_THE_HANDS", "LEFT_HAND")]
    assert pt.label == "voluntary" and pt.weak_tremor and pt.clinician_score == 1
    ps = by[("2458", "PRONATION_SUPINATION", "LEFT_HAND")]
    assert ps.label == "voluntary" and not ps.weak_tremor and ps.clinician_score is None
    k3037 = by[("3037", "KINETIC_TREMOR_OF_HANDS", "LEFT_HAND")]
    assert k3037.held_out and k3037.weak_tremor and k3037.clinician_score is None


def test_load_adds_catalogue_meta(cat):
    info = next(i for i in cat if i.dataset == "cloudupdrs" and not i.held_out)
    rec = info.load()
    assert rec.meta["label"] == info.label and rec.meta["dataset"] == "cloudupdrs" and not rec.meta["held_out"]


def test_bundled_catalogue_when_no_shared_data(monkeypatch, tmp_path, bundled_data):
    monkeypatch.setenv("TREMORLAB_SHARED_DATA", str(tmp_path / "does-not-exist"))
    if D.bundled_root() is None:
        # An installed package has no data/ beside it: point the fallback at this checkout's bundled data.
        monkeypatch.setattr(D, "bundled_root", lambda: bundled_data)
    assert D.default_root() is None
    cat = D.catalogue()
    assert len(cat) == 13 and not any(i.held_out for i in cat)
    assert Counter(i.dataset for i in cat) == {"cloudupdrs": 12, "paradigma_ppp": 1}
    assert all(Path(i.path).is_relative_to(bundled_data) for i in cat)
    pred = D.paradigma_predictions()
    assert pred["window_start_s"].size == 182 and int(pred["pred_tremor_checked"].sum()) == 15
    assert int(pred["pred_arm_at_rest"].sum()) == 89


def test_split_by_subject_generic():
    class It:
        def __init__(self, s):
            self.subject = s

    items = [It(f"s{k % 5}") for k in range(20)]
    train, test = D.split_by_subject(items, test_fraction=0.4, seed=3)
    st, ss = {i.subject for i in train}, {i.subject for i in test}
    assert not (st & ss) and len(ss) == 2 and len(train) + len(test) == 20
    assert D.split_by_subject(items, 0.4, seed=3)[1] == test  # reproducible
    with pytest.raises(ValueError, match="at least 2 subjects"):
        D.split_by_subject([It("a")])
