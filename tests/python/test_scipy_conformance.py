"""scipy's own tests as tremorlab's contract: the test classes of the installed scipy for the functions
tremorlab mirrors (butter, sosfilt, sosfilt_zi, sosfiltfilt, welch, periodogram, get_window) run with
those names rebound to tremorlab's inside scipy's test modules (scipy_conformance/tremorlab_scipy_plugin.py; nothing is
copied from scipy). Tests of features tremorlab does not have are deselected there, each with its reason.
"""
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

scipy = pytest.importorskip("scipy")
import scipy.signal  # noqa: E402

HERE = pathlib.Path(__file__).parent
PLUGIN_DIR = HERE / "scipy_conformance"
sys.path.insert(0, str(PLUGIN_DIR))
from tremorlab_scipy_plugin import CLASSES, DESELECTED  # noqa: E402

SCIPY_DIR = pathlib.Path(scipy.__file__).parent
TESTS_DIR = SCIPY_DIR / "signal" / "tests"


def run_scipy_tests(tmp_path, classes=CLASSES, env_extra=None):
    missing = [f for f in classes if not (TESTS_DIR / f).is_file()]
    if missing:
        pytest.fail(f"the installed scipy {scipy.__version__} does not ship {missing} (needed as the contract)")
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n")
    report = tmp_path / "report.json"
    env = dict(os.environ, TREMORLAB_CONFORMANCE_REPORT=str(report),
               PYTHONPATH=os.pathsep.join([str(PLUGIN_DIR), os.environ.get("PYTHONPATH", "")]), **(env_extra or {}))
    env.pop("SCIPY_ARRAY_API", None)  # numpy backend only
    args = [str(TESTS_DIR / f) + "::" + c for f, cs in classes.items() for c in cs]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-c", str(ini), "--rootdir", str(SCIPY_DIR),
                           "-p", "tremorlab_scipy_plugin", "-p", "no:cacheprovider", "-q", "--tb=short", *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert report.is_file(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc, json.loads(report.read_text())


def test_scipy_signal_tests_pass_against_tremorlab(tmp_path):
    proc, rep = run_scipy_tests(tmp_path)
    counts = rep["counts"]
    print(f"scipy {scipy.__version__}: {counts} ({len(DESELECTED)} deselection rules)")
    assert rep["failed"] == [], proc.stdout[-6000:]
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    # A test that passes without calling tremorlab would only test scipy: it must be deselected instead.
    assert rep["untouched"] == []
    # Every deselection names a test this scipy has (a renamed test must not hide silently).
    assert rep["stale_deselections"] == []
    # scipy 1.17: 70 tests run against tremorlab (TestButter 7, TestSOSFilt, TestSOSFiltFilt, TestWelch,
    # TestPeriodogram). Fewer would mean the classes were not collected.
    assert counts["passed"] >= 60
    # README states the counts of one scipy release; with that release installed they must be today's.
    readme = (HERE.parents[1] / "README.md").read_text()
    m = re.search(r"\(scipy (\d[\w.]*): (\d+) of its tests run and pass; the (\d+) deselected", readme)
    assert m, "README no longer states the conformance counts"
    if m.group(1) == scipy.__version__:
        assert (counts["passed"], rep["deselected"]) == (int(m.group(2)), int(m.group(3))), (counts, rep["deselected"])
    else:
        print(f"README's counts are for scipy {m.group(1)}; this is {scipy.__version__}: "
              f"{counts['passed']} passed, {rep['deselected']} deselected")


def test_conformance_run_fails_when_tremorlab_diverges(tmp_path):
    """The same run with tremorlab.butter's numbers off by 1e-6 relative must fail."""
    proc, rep = run_scipy_tests(tmp_path, {"test_filter_design.py": ["TestButter"]},
                                {"TREMORLAB_CONFORMANCE_BREAK": "butter"})
    assert proc.returncode != 0 and rep["counts"]["failed"] >= 3
