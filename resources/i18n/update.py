"""Refresh the translations: lupdate the UI sources into the .ts files, lrelease to .qm.

    .venv/bin/python resources/i18n/update.py

``desk_ja.ts`` holds every UI string; ``desk_en.ts`` holds only the %n plural forms of the
English source text (``lupdate -pluralonly``), because English needs "1 time" / "22 times"
where the source says "%n time(s)". Existing translations are kept; new source strings
appear as unfinished and are listed, so they can be translated (Qt Linguist, or by hand in
the .ts) before running this again. A translation that was there before and is gone or
unfinished afterwards (a plural form turned into a plain message, say) is reported as LOST
and the script exits 1: review ``git diff resources/i18n`` before committing.
tests/ui/test_i18n.py fails while any string is untranslated or a .qm is stale.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
# (ts, qm, target language, extra lupdate options)
CATALOGUES = (
    (HERE / "desk_ja.ts", HERE / "desk_ja.qm", "ja_JP", ()),
    (HERE / "desk_en.ts", HERE / "desk_en.qm", "en", ("-pluralonly",)),
)


def ui_sources() -> list[Path]:
    return sorted((ROOT / "desk_app" / "ui").rglob("*.py"))


def lupdate(sources: list[Path], ts: Path, language: str = "ja_JP",
            options: tuple[str, ...] = ()) -> None:
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, sources), "-ts", str(ts),
                    "-target-language", language, "-no-obsolete", "-locations", "none",
                    *options], check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)


def translations(ts: Path) -> dict[tuple[str, str, str], tuple[bool, tuple[str, ...]]]:
    """(context, source, comment) → (numerus, finished translation texts)."""
    out = {}
    if not ts.exists():
        return out
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.find("name").text or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            forms = tuple((f.text or "") for f in tr.findall("numerusform")) or (tr.text or "",)
            done = tr.get("type") not in ("unfinished", "obsolete", "vanished")
            comment = msg.find("comment")
            key = (name, msg.find("source").text, comment.text if comment is not None else "")
            out[key] = (msg.get("numerus") == "yes",
                        forms if done and all(f.strip() for f in forms) else ())
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    return [(ctx, source) for (ctx, source, _c), (_n, forms) in translations(ts).items()
            if not forms]


def lost(before: dict, after: dict) -> list[str]:
    """Translations that existed and whose message is still used, but are gone now."""
    out = []
    for key, (numerus, forms) in before.items():
        if not forms or key not in after:
            continue  # untranslated before, or no longer in the sources (obsolete)
        now_numerus, now_forms = after[key]
        if not now_forms or now_numerus != numerus:
            out.append(f"[{key[0]}] {key[1]}: {' / '.join(forms)}")
    return out


def main() -> int:
    status = 0
    for ts, qm, language, options in CATALOGUES:
        before = translations(ts)
        lupdate(ui_sources(), ts, language, options)
        lrelease(ts, qm)
        for line in lost(before, translations(ts)):
            print(f"LOST: {ts.name} {line}")
            status = 1
        todo = unfinished(ts)
        for context, source in todo:
            print(f"untranslated: {ts.name} [{context}] {source}")
        print(f"{ts.name}: {len(todo)} untranslated; {qm.name} written")
        status = status or (1 if todo else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
