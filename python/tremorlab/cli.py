"""The ``tremorlab`` command: analyse a recording, evaluate on a dataset folder, measure throughput.

Exit codes: 0 success, 1 some inputs could not be processed (each is listed on stderr), 2 usage error.
tremorlab classifies movement; it is not a medical device and gives no diagnosis.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from typing import Iterable, Iterator, NoReturn, Sequence, TypeVar

EXIT_OK = 0
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
_T = TypeVar("_T")

EPILOG = """\
examples:
  tremorlab analyze data/cloudupdrs/2458/T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_*.csv --plot out.png
  tremorlab analyze rec.csv --units g --fs 100 --json > report.json
  tremorlab analyze rec.csv --window 4 --hop 1
  tremorlab evaluate data/ --json > evaluation.json
  tremorlab bench --hours 1
  tremorlab serve-web            # the live shaking page on http://127.0.0.1:8000/ (after scripts/build_web.sh)

exit codes: 0 ok, 1 some inputs could not be processed (listed on stderr), 2 usage error.
tremorlab classifies movement; it is not a medical device and gives no diagnosis.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on exit code 2 (argparse's own convention) and a hint to --help."""

    def error(self, message: str) -> NoReturn:  # pragma: no cover - argparse plumbing
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def _positive_float(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not (v > 0 and v < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {s!r}")
    return v


def _units(s: str) -> str:
    """--units: the library's spellings (tremorlab.units, C++ parse_units), canonical form out."""
    from .units import normalize_units

    try:
        return normalize_units(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    try:
        from . import __version__ as ver
    except Exception:  # pragma: no cover
        ver = "unknown"
    p = _Parser(
        prog="tremorlab",
        description="Band-pass filter accelerometer recordings and label windows as rest, voluntary "
                    "movement, tremor (involuntary rhythmic shaking), mimicked (voluntary rhythmic oscillation, "
                    "e.g. an imitation) or shaking (rhythmic shaking of unclear kind).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"tremorlab {ver}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser(
        "analyze", aliases=["analyse"], help="report tremor time, bouts, frequency and intensity of one recording",
        description="Analyse one recording: per-window classification and a session summary (tremor time, "
                    "bouts, dominant frequency, intensity, class shares, advisories).",
        epilog="examples:\n  tremorlab analyze rec.csv --plot rec.png\n  tremorlab analyze rec.json --units g --json\n"
               "\nRecording formats: whatever tremorlab.read_recording reads (CloudUPDRS CSV, CSV with a header,\n"
               "mPower JSON, ParaDigMa TSDF folders, phone semicolon CSV, HMP wrist files).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("recording", metavar="REC", help="recording file or folder")
    a.add_argument("--plot", metavar="OUT.png", help="write the multi-panel figure (needs matplotlib)")
    a.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    a.add_argument("--units", type=_units, metavar="{g,m/s^2}",
                   help="acceleration units (g or m/s^2; the library's spellings, e.g. ms2, are accepted), for "
                        "files that do not say (a tremorlab CSV without '# units:'); "
                        "a value that contradicts the file or its format is an error, never a rescale")
    a.add_argument("--fs", type=_positive_float, metavar="HZ",
                   help="nominal sampling rate in Hz (default: the file's metadata, else 1 / median interval); "
                        "more than 5 %% away from the timestamps' rate is an error")
    a.add_argument("--window", type=_positive_float, metavar="S", help="analysis window in seconds")
    a.add_argument("--hop", type=_positive_float, metavar="S", help="step between windows in seconds")
    a.add_argument("--band-power-only", action="store_true",
                   help="skip classification; report tremor-band power and dominant frequency only")
    a.set_defaults(func=cmd_analyze)

    e = sub.add_parser(
        "evaluate", help="evaluate the classifier on a dataset folder (metrics, confusion matrix, per recording)",
        description="Classify every labelled recording under DATASET_DIR and report accuracy, per-class "
                    "precision/recall, the confusion matrix and a per-recording table. PADS recordings under "
                    "DATASET_DIR (movement/timeseries/<id>_<task>_<wrist>.txt, <DX>_<id>_Relaxed_<wrist>.txt, "
                    "<id>_ml.bin; groups from patient_<id>.json) get a table of their own: label shares per "
                    "diagnosis group and task kind, beside the windows the signal's evidence rule calls clear "
                    "tremor or clearly tremor-free (tremorlab.pads_folder; hop 0.5 s unless --hop). Unreadable "
                    "files are listed as failed (exit code 1); nothing is skipped silently.",
        epilog="examples:\n  tremorlab evaluate data/ --json > evaluation.json\n"
               "  tremorlab evaluate pads/ --by-task            # a folder of PADS files, a row per task",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("dataset", metavar="DATASET_DIR")
    e.add_argument("--json", action="store_true", help="print results as JSON")
    e.add_argument("--held-out", choices=["include", "exclude", "only"], default="include",
                   help="which recordings flagged held-out by the catalogue to evaluate (default: include)")
    e.add_argument("--window", type=_positive_float, metavar="S")
    e.add_argument("--hop", type=_positive_float, metavar="S")
    e.add_argument("--no-progress", action="store_true", help="no progress bar")
    e.add_argument("--by-task", action="store_true",
                   help="PADS table: a row per task (Relaxed, HoldWeight, DrinkGlas, ...) instead of per task kind")
    e.add_argument("--allow-reserved", action="store_true",
                   help="read the PADS participants that tremorlab's project reserves for its final evaluation "
                        "(refused otherwise: the project's own runs never read them)")
    from .pads_folder import add_gravity_argument
    add_gravity_argument(e)
    e.set_defaults(func=cmd_evaluate)

    b = sub.add_parser(
        "bench", help="throughput (hours of data per second) and peak memory of filtering + classification",
        description="Measures how many hours of 100 Hz tri-axial data per second tremorlab filters and "
                    "classifies on this machine, and the peak memory used. With FILES, runs on those "
                    "recordings instead of synthetic data.",
        epilog="examples:\n  tremorlab bench\n  tremorlab bench --hours 4 --repeat 5\n  tremorlab bench data/cloudupdrs/2458/*.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("files", nargs="*", metavar="FILE", help="recordings to benchmark on (default: synthetic)")
    b.add_argument("--hours", type=_positive_float, default=1.0, help="hours of synthetic data (default 1)")
    b.add_argument("--fs", type=_positive_float, default=100.0, help="synthetic sampling rate (default 100 Hz)")
    b.add_argument("--repeat", type=int, default=3, help="timed repetitions, best is reported (default 3)")
    b.add_argument("--workers", type=int, default=1,
                   help="threads for the feature extraction, as tremorlab.classify(workers=...): -1 = all cores "
                        "(default 1)")
    b.add_argument("--json", action="store_true", help="print results as JSON")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_bench)

    w = sub.add_parser(
        "serve-web", help="serve the live shaking page (WebAssembly detector) on 127.0.0.1",
        description="Serves the page built by 'bash scripts/build_web.sh' (build/web/site: the page, the "
                    "WebAssembly detector and its replay recordings) on this computer only. Open the printed "
                    "address; a phone needs the page over HTTPS (or a tunnel) for its motion sensor.",
        epilog="example:\n  bash scripts/build_web.sh && tremorlab serve-web --port 8000",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    w.add_argument("--dir", metavar="SITE", help="built site folder (default: build/web/site here)")
    w.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free port)")
    w.set_defaults(func=cmd_serve_web)
    return p


# ---------------------------------------------------------------------------------------------------------
# Helpers


def progress(iterable: Iterable[_T], *, total: int | None = None, desc: str = "",
             disable: bool = False) -> Iterator[_T]:
    """tqdm when installed (on stderr), else a plain counter on stderr; silent when disabled."""
    if disable:
        yield from iterable
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        tqdm = None
    if tqdm is not None:
        yield from tqdm(iterable, total=total, desc=desc, file=sys.stderr, leave=False)
        return
    n = 0
    for item in iterable:
        n += 1
        print(f"\r{desc} {n}/{total if total is not None else '?'}", end="", file=sys.stderr, flush=True)
        yield item
    if n:
        print(file=sys.stderr)


def _err(msg: str) -> None:
    print(f"tremorlab: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------
# analyze


def cmd_analyze(args: argparse.Namespace) -> int:
    from . import report as rp

    if not os.path.exists(args.recording):
        _err(f"error: no such recording: {args.recording}")
        return EXIT_FAILED_INPUTS
    from .io import OptionError

    try:
        rep = rp.analyze(args.recording, units=args.units, fs=args.fs, window_s=args.window, hop_s=args.hop,
                         classify=False if args.band_power_only else None)
    except (ValueError, OSError, KeyError) as exc:
        # An OptionError's message names this command's flag instead of the Python argument.
        msg = exc.for_flag("--" + exc.option) if isinstance(exc, OptionError) else str(exc)
        # Library messages start with the path they are about; add it when one does not.
        _err(f"error: cannot analyse {msg}" if msg.startswith(args.recording)
             else f"error: cannot analyse {args.recording}: {msg}")
        return EXIT_FAILED_INPUTS
    if args.json:
        print(rep.to_json())
    else:
        print(rep.to_text())
    if args.plot:
        try:
            from . import plot
        except ImportError as exc:  # matplotlib missing
            _err(f"error: {exc}")
            return EXIT_FAILED_INPUTS
        try:
            fig = plot.plot_report(rep)
        except ImportError as exc:
            _err(f"error: {exc}")
            return EXIT_FAILED_INPUTS
        out_dir = os.path.dirname(os.path.abspath(args.plot))
        os.makedirs(out_dir, exist_ok=True)
        fig.savefig(args.plot, dpi=110)
        import matplotlib.pyplot as plt

        plt.close(fig)
        print(f"figure written to {args.plot}", file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# evaluate


def cmd_evaluate(args: argparse.Namespace) -> int:
    from . import bench, pads_folder
    from .report import DISCLAIMER

    if not os.path.isdir(args.dataset):
        _err(f"error: not a folder: {args.dataset}")
        return EXIT_USAGE
    bar = lambda desc: lambda it, total: progress(it, total=total, desc=desc, disable=args.no_progress)  # noqa: E731
    try:
        has_pads = bool(pads_folder.pads_paths(args.dataset, args.allow_reserved))  # a refusal before any work
        result = bench.evaluate_folder(args.dataset, held_out=args.held_out, window_s=args.window,
                                       hop_s=args.hop, progress=bar("evaluate"))
        if has_pads:
            result["pads"] = pads_folder.run([args.dataset], args.allow_reserved, args.by_task,
                                             hop_s=args.hop or pads_folder.HOP_S, window_s=args.window,
                                             gravity=args.gravity,
                                             progress=bar("PADS"))
    except (ValueError, OSError) as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED_INPUTS
    pads = result.get("pads", {"rows": [], "failed": [], "skipped_short": []})
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        if result["n_recordings"] or result["failed"] or not pads["rows"]:
            print(bench.format_evaluation(result))
        if pads["rows"] or pads["failed"]:
            how = ("the acceleration as PADS gives it" if pads.get("gravity", "removed") == "removed" else
                   "gravity rebuilt from each recording's gyroscope")
            print(f"PADS recordings under {args.dataset} (hop {pads['hop_s']:g} s, {how}; each row's label shares, "
                  f"then of the windows the evidence rule calls clear tremor / clearly tremor-free, the share named "
                  f"tremor; `tremorlab.pads_folder`):")
            print(pads_folder.plain(pads))
            if pads["skipped_short"]:
                print(f"  skipped (shorter than one window): {len(pads['skipped_short'])}")
            if pads.get("gravity_not_rebuilt"):
                print(f"  gravity not rebuilt (no gyroscope): {len(pads['gravity_not_rebuilt'])} recordings, "
                      "labelled as given")
            if pads["relaxed_copies"]:
                print(f"  {pads['relaxed_copies']} of them are 3-column Relaxed copies: acceleration z (g) and rotation "
                      f"rates x, y (rad/s), labelled as given (tremorlab.io.PadsCopyWarning)")
            print(DISCLAIMER)
    failed = result["failed"] + pads["failed"]
    for f in failed:
        _err(f"failed: {f['path']}: {f['error']}")
    if failed:
        n_pads = sum(r["files"] for r in pads["rows"])
        _err(f"{len(failed)} of {result['n_recordings'] + n_pads + len(failed)} recording(s) failed")
        return EXIT_FAILED_INPUTS
    if result["n_recordings"] == 0 and not pads["rows"]:
        _err(f"error: no labelled recordings found under {args.dataset}")
        return EXIT_FAILED_INPUTS
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# bench


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.repeat < 1:
        _err("error: --repeat must be >= 1")
        return EXIT_USAGE
    from .filtering import _workers

    try:
        workers = _workers(args.workers)  # the library's own check and meaning of negative counts
    except ValueError as exc:
        _err(f"error: --workers: {exc}")
        return EXIT_USAGE
    prog = lambda it, total, desc="bench": progress(it, total=total, desc=desc, disable=args.no_progress)  # noqa: E731
    if args.files:
        res = bench.bench_files(args.files, repeat=args.repeat, progress=prog, workers=workers)
    else:
        res = bench.bench_synthetic(hours=args.hours, fs=args.fs, repeat=args.repeat, progress=prog,
                                    workers=workers)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print(bench.format_bench(res))
    for f in res.get("failed", []):
        _err(f"failed: {f['path']}: {f['error']}")
    return EXIT_FAILED_INPUTS if res.get("failed") else EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# serve-web


def cmd_serve_web(args: argparse.Namespace) -> int:
    from . import web

    try:
        server = web.make_server(args.dir or web.default_site(), port=args.port)
    except (FileNotFoundError, OSError) as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED_INPUTS
    print(f"tremorlab: serving the live shaking page on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with warnings.catch_warnings():  # restored on return: main() is also called in-process
            # A library warning (a PADS Relaxed copy, say) reads as the command's own line, not as a traceback.
            warnings.showwarning = lambda message, category, *_a, **_k: _err(f"warning: {message}")
            return int(args.func(args))
    except KeyboardInterrupt:  # pragma: no cover
        _err("interrupted")
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
