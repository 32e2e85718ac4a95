"""What the screenshot scripts share: an offscreen screen of the size asked for, set up
before Qt starts, and waiting until the desk has settled.

    from offscreen import ROOT, setup_screen, wait_until
    SCREEN = setup_screen()  # before anything imports PySide6

``--size WxH`` on the command line picks the screen (default 1600x1000; 1280x800 is the
smallest the desk must fit). An explicit ``QT_QPA_PLATFORM`` in the environment wins.

The clock is pinned too (:func:`pin_clock`): the scripts seed "today" as 2026-11-23, and the
calls, notes and their times the desk stamps come from the wall clock, so without it every
render shows other times and the PNGs change with nothing changed in the desk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZE = (1600, 1000)
# 2026-11-23 (月) 10:30 in Japan: the morning of the scripts' seeded "today"
DEFAULT_AT = "2026-11-23 01:30:00"  # UTC


def pin_clock(at: str | None = None) -> None:
    """Run this script again under libfaketime, its wall clock starting at *at* (UTC;
    default :data:`DEFAULT_AT`, or ``DESK_SHOT_AT``), unless it already is. The monotonic
    clock stays real, so Qt's timers and the waits run as usual (as ``scripts/test-at``
    does it, with its ``time.sleep`` fix). Without faketime on the machine the script runs
    on the real clock and says so."""
    if os.environ.get("DESK_SHOT_PINNED"):
        return
    at = at or os.environ.get("DESK_SHOT_AT") or DEFAULT_AT
    faketime = shutil.which("faketime")
    if faketime is None:
        print("faketime is not installed (apt install faketime): the times in the shots "
              "come from the real clock", file=sys.stderr)
        return
    fix = str(ROOT / "scripts" / "faketime")
    env = {**os.environ, "DESK_SHOT_PINNED": at, "TZ": "UTC",
           "FAKETIME_DONT_FAKE_MONOTONIC": "1",
           "PYTHONPATH": os.pathsep.join(p for p in (fix, os.environ.get("PYTHONPATH")) if p)}
    os.execve(faketime, [faketime, "-f", f"@{at}", sys.executable, *sys.argv], env)


def size_arg(argv: list[str] | None = None) -> tuple[int, int]:
    """--size WxH (or --size=WxH) from *argv* (default: sys.argv), else the default."""
    argv = sys.argv if argv is None else argv
    for i, arg in enumerate(argv):
        if arg.startswith("--size"):
            text = arg.split("=", 1)[1] if "=" in arg else argv[i + 1]
            w, h = text.lower().split("x")
            return int(w), int(h)
    return DEFAULT_SIZE


def setup_screen(argv: list[str] | None = None) -> tuple[int, int]:
    """Point Qt's offscreen platform at a screen of the --size asked for, with the clock
    pinned (:func:`pin_clock`); returns the size."""
    pin_clock()
    size = size_arg(argv)
    if "QT_QPA_PLATFORM" not in os.environ:
        screen = Path(tempfile.gettempdir()) / f"desk-offscreen-{size[0]}x{size[1]}.json"
        screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0,
                                                   "width": size[0], "height": size[1],
                                                   "logicalDpi": 96}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    return size


def shot_args(prefix: str) -> tuple[argparse.Namespace, Path, Path]:
    """The scripts' common command line (--out, --lang, --size) parsed; (args, the folder
    the pictures of this size go to, a fresh temp folder that holds the desk's data folder:
    ``DESK_DATA_DIR`` points there, never at the user's own)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="ja", choices=("ja", "en"))
    ap.add_argument("--size", default="1600x1000", help="screen WxH (1600x1000, 1280x800)")
    args = ap.parse_args()
    out = Path(args.out) / args.size
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DESK_DATA_DIR"] = str(tmp / "data")
    return args, out, tmp


def settle(app, rounds: int = 20) -> None:
    """Let queued events (layouts, queued signals) run."""
    for _ in range(rounds):
        app.processEvents()


def wait_until(app, cond, timeout: float = 10.0) -> None:
    """Process events until *cond()* holds (TimeoutError after *timeout* seconds), then a
    few more rounds so that what it triggered is painted."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("screen did not settle")
        app.processEvents()
        time.sleep(0.005)
    settle(app, 5)
