"""The live shaking page (examples/web/) served locally, and the recordings its replay mode plays.

``tremorlab serve-web`` serves ``build/web/site`` (made by ``bash scripts/build_web.sh``: the page, the
WebAssembly detector and the replay recordings) on 127.0.0.1. ``python -m tremorlab.web replay OUT [NAME=]FILE...``
converts bundled recordings into the page's replay format (what scripts/build_web.sh does).
tremorlab classifies movement; it is not a medical device and makes no medical claim.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Sequence

import numpy as np

__all__ = ["make_server", "replay_record", "write_replay", "default_site"]


class _Handler(SimpleHTTPRequestHandler):
    # ES modules must be served as JavaScript and WebAssembly as application/wasm (streaming compile).
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        if os.environ.get("TREMORLAB_WEB_LOG"):
            super().log_message(format, *args)


def default_site() -> str:
    """build/web/site of the checkout in the current directory."""
    return os.path.join(os.getcwd(), "build", "web", "site")


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for the built page in ``directory`` (port 0: any free port; see server_address)."""
    for f in ("index.html", "tremorlab_wasm.wasm", "tremorlab.mjs", os.path.join("replay", "index.json")):
        if not os.path.isfile(os.path.join(directory, f)):
            raise FileNotFoundError(f"{directory} has no {f}: build the page first (bash scripts/build_web.sh)")
    return ThreadingHTTPServer((host, port), functools.partial(_Handler, directory=directory))


def replay_record(path: str, name: str | None = None) -> dict[str, Any]:
    """One recording as the page replays it: name, nominal fs, timestamps (s, from 0) and interleaved m/s^2."""
    from .io import read_recording

    rec = read_recording(path)
    acc = np.asarray(rec.acc_ms2(), dtype=np.float64)
    t = rec.t
    return {"name": name or os.path.basename(path), "fs": float(rec.fs),
            "t": np.round(t - t[0], 6).tolist(), "acc": np.round(acc.reshape(-1), 6).tolist()}


def write_replay(out_dir: str, paths: Sequence[str]) -> list[dict[str, str]]:
    """Writes one JSON per recording (``FILE`` or ``NAME=FILE``) and index.json (the page's list) into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    index = []
    for i, spec in enumerate(paths):
        name, sep, p = spec.partition("=")
        r = replay_record(p, name) if sep else replay_record(spec)
        fname = f"recording{i}.json"
        with open(os.path.join(out_dir, fname), "w") as f:
            json.dump(r, f, separators=(",", ":"))
        index.append({"name": r["name"], "file": fname})
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    return index


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3 or args[0] != "replay":
        print("usage: python -m tremorlab.web replay OUT_DIR [NAME=]RECORDING...", file=sys.stderr)
        return 2
    write_replay(args[1], args[2:])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
