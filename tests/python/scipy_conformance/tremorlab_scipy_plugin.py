"""pytest plugin for test_scipy_conformance.py: runs scipy's own test classes for the functions tremorlab
mirrors, from the installed scipy, with those functions rebound to tremorlab's inside scipy's test modules.

Loaded with ``-p tremorlab_scipy_plugin`` in a child pytest whose arguments name the test classes (CLASSES); the tests
listed in DESELECTED are removed with their reason. The outcome counts are written to the JSON file named
by TREMORLAB_CONFORMANCE_REPORT.
"""
from __future__ import annotations

import functools
import json
import os

import tremorlab

_calls = [0]  # calls of a rebound tremorlab function during the current test


def _counted(fn):
    # TREMORLAB_CONFORMANCE_BREAK=<name> perturbs one function's numbers (a check that the run can fail).
    broken = os.environ.get("TREMORLAB_CONFORMANCE_BREAK") == fn.__name__

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _calls[0] += 1
        out = fn(*args, **kwargs)
        if broken:
            out = tuple(o * (1 + 1e-6) for o in out) if isinstance(out, tuple) else out * (1 + 1e-6)
        return out
    return wrapper

# scipy test module -> test classes run against tremorlab
CLASSES = {
    "test_filter_design.py": ["TestButter"],
    "test_signaltools.py": ["TestSOSFilt", "TestSOSFiltFilt"],
    "test_spectral.py": ["TestWelch", "TestPeriodogram"],
    "test_windows.py": ["TestGetWindow"],
}

# names rebound in each scipy test module's globals (only those the module imports are touched)
MIRRORED = ["butter", "sosfilt", "sosfilt_zi", "sosfiltfilt", "welch", "periodogram", "get_window"]

_COMPLEX = "complex input: tremorlab filters and analyses real signals only (TypeError)"
_SCIPY_ONLY = "calls scipy.signal.windows.get_window / scipy.signal.filtfilt, not a mirrored name: it tests scipy only"
_OTHER_WINDOWS = "window types tremorlab does not provide (only hann, hamming, blackman, boxcar; periodic)"

# "Class::test" or "Class::test[params]" (the node id after the file) -> why it is not run against tremorlab
DESELECTED: dict[str, str] = {
    **{f"TestSOSFilt::{t}[numpy-{c}]": _COMPLEX
       for t in ("test_rank1", "test_rank2", "test_initial_conditions", "test_initial_conditions_2",
                 "test_initial_conditions_3d_axis1", "test_bad_zi_shape", "test_sosfilt_zi", "test_sosfilt_zi_2")
       for c in ("complex64", "complex128")},
    "TestSOSFiltFilt::test_acoeff": "returns at once for SOS (tests filtfilt's scalar a only)",
    "TestWelch::test_complex": _COMPLEX,
    "TestWelch::test_complex_32": _COMPLEX,
    "TestWelch::test_unk_scaling": _COMPLEX + "; a bad scaling is a ValueError for real input (test_spectral.py)",
    "TestPeriodogram::test_complex": _COMPLEX,
    "TestPeriodogram::test_complex_32": _COMPLEX,
    "TestPeriodogram::test_unk_scaling": _COMPLEX + "; a bad scaling is a ValueError for real input (test_spectral.py)",
    "TestWelch::test_no_detrending": "callable detrend is not supported (only 'constant', 'linear', False)",
    "TestWelch::test_detrend_external": "callable detrend is not supported (only 'constant', 'linear', False)",
    "TestWelch::test_detrend_external_nd_m1": "callable detrend is not supported (only 'constant', 'linear', False)",
    "TestWelch::test_detrend_external_nd_0": "callable detrend is not supported (only 'constant', 'linear', False)",
    "TestWelch::test_empty_input": "empty input is a ValueError in tremorlab (scipy returns empty arrays)",
    "TestWelch::test_empty_input_other_axis": "empty input is a ValueError in tremorlab (scipy returns empty arrays)",
    "TestPeriodogram::test_empty_input": "empty input is a ValueError in tremorlab (scipy returns empty arrays)",
    "TestPeriodogram::test_empty_input_other_axis": "empty input is a ValueError in tremorlab (scipy returns empty arrays)",
    "TestWelch::test_window_correction": _OTHER_WINDOWS + " ('bartlett', ('tukey', 0.1), 'flattop')",
    "TestPeriodogram::test_window_external": ("1-ulp equality of the spectrum from scipy's window array and from "
                                              "the named window, also in bins whose exact value is 0 (rounding "
                                              "noise); tremorlab's windows agree with scipy's to 1e-15"),
    "TestGetWindow::test_symmetric_periodic": "fftbins=False (symmetric windows) is not supported",
    "TestGetWindow::test_general_cosine": _OTHER_WINDOWS,
    "TestGetWindow::test_general_hamming": _OTHER_WINDOWS,
    "TestGetWindow::test_lanczos": _OTHER_WINDOWS,
    "TestGetWindow::test_xp_default": "array API backends (xp=) are not supported: numpy only",
    **{f"TestGetWindow::{t}": _SCIPY_ONLY
       for t in ("test_WIN_FUNC_DATA_integrity", "test_boxcar", "test_cheb_odd", "test_cheb_even", "test_dpss",
                 "test_kaiser_float", "test_invalid_parameter_NX", "test_invalid_inputs", "test_array_as_window")},
}


def _key(item) -> str:
    parts = item.nodeid.split("::")
    name = parts[-1]
    full = f"{parts[-2]}::{name}" if len(parts) >= 3 else name
    return full if full in DESELECTED else full.split("[")[0]


def pytest_collection_modifyitems(config, items):
    keep, drop, rebound = [], [], set()
    for item in items:
        mod = item.module
        if mod.__name__ not in rebound:
            for name in MIRRORED:
                if name in vars(mod):
                    setattr(mod, name, _counted(getattr(tremorlab, name)))
            rebound.add(mod.__name__)
        (drop if _key(item) in DESELECTED else keep).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
    config._tremorlab_seen = sorted({_key(i) for i in keep + drop})
    config._tremorlab_ran = len(keep)
    config._tremorlab_dropped = len(drop)


class _Counter:
    def __init__(self):
        self.counts = {"passed": 0, "failed": 0, "skipped": 0, "error": 0}
        self.failed: list[str] = []
        self.untouched: list[str] = []  # passed without calling tremorlab: they would test scipy only

    def pytest_runtest_setup(self, item):
        _calls[0] = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed and _calls[0] == 0:
            self.untouched.append(report.nodeid)
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            outcome = report.outcome if report.when == "call" else ("skipped" if report.skipped else "error")
            self.counts[outcome] += 1
            if outcome in ("failed", "error"):
                self.failed.append(report.nodeid)


def pytest_configure(config):
    config._tremorlab_counter = _Counter()
    config.pluginmanager.register(config._tremorlab_counter, "tremorlab_counter")


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("TREMORLAB_CONFORMANCE_REPORT")
    if not path:
        return
    c = session.config._tremorlab_counter
    seen = getattr(session.config, "_tremorlab_seen", [])
    with open(path, "w") as fh:
        json.dump({"counts": c.counts, "deselected": getattr(session.config, "_tremorlab_dropped", 0),
                   "failed": c.failed, "untouched": c.untouched, "seen": seen,
                   "stale_deselections": sorted(set(DESELECTED) - set(seen))}, fh, indent=1)
