"""Refresh the Japanese translation: lupdate the UI sources into desk_ja.ts, lrelease to .qm.

    .venv/bin/python resources/i18n/update.py

Existing translations are kept; new source strings appear as unfinished and are listed, so
they can be translated (Qt Linguist, or by hand in the .ts) before running this again.
tests/ui/test_i18n.py fails while any string is untranslated or the .qm is stale.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "desk_ja.ts"
QM = HERE / "desk_ja.qm"
BIN = Path(sys.executable).parent


def ui_sources() -> list[Path]:
    return sorted((ROOT / "desk_app" / "ui").glob("*.py"))


def lupdate(sources: list[Path], ts: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, sources), "-ts", str(ts),
                    "-target-language", "ja_JP", "-no-obsolete", "-locations", "none"],
                   check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            empty = not (tr.text or "").strip() and not any((f.text or "").strip() for f in tr)
            if tr.get("type") == "unfinished" or empty:
                out.append((name, msg.find("source").text))
    return out


def main() -> int:
    lupdate(ui_sources(), TS)
    lrelease(TS, QM)
    todo = unfinished(TS)
    for context, source in todo:
        print(f"untranslated: [{context}] {source}")
    print(f"{TS.name}: {len(todo)} untranslated; {QM.name} written")
    return 1 if todo else 0


if __name__ == "__main__":
    raise SystemExit(main())
