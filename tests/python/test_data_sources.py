"""The fetched recordings of tests/data are what their SOURCE.txt says: in every folder whose SOURCE.txt lists
sha256 sums (the PADS movement/timeseries folders), each data file is listed and its bytes hash to the listed
sum, and every listed file is there. A file fetched piece by piece and changed afterwards, or one added
without its note, fails here."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
FOLDERS = sorted(p.parent for p in DATA.glob("*/SOURCE.txt") if "sha256" in p.read_text(encoding="utf-8"))


def test_some_folders_list_their_sums():
    assert {p.name for p in FOLDERS} >= {"pads_cmp", "pads_true", "pads_timeseries"}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_listed_sums_match_the_files(folder):
    listed = dict((name, digest) for digest, name in
                  re.findall(r"^\s*([0-9a-f]{64})\s+(\S+)\s*$", (folder / "SOURCE.txt").read_text(encoding="utf-8"),
                             flags=re.M))
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != "SOURCE.txt"}
    assert listed and set(listed) == present
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
