"""Every UI string of the desk has a Japanese translation, and the shipped .qm is current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent
# The order form and the products screens belong to the orders engineer and are checked
# (if at all) by their own tests.
NOT_OURS = ("order_form", "products")


def our_sources() -> list[Path]:
    return [p for p in sorted((ROOT / "desk_app" / "ui").glob("*.py"))
            if not p.name.startswith(NOT_OURS)]


def messages(ts: Path) -> dict[tuple[str, str, str], str]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            comment = msg.find("comment")
            tr = msg.find("translation")
            text = (tr.text or "").strip() or "".join((f.text or "") for f in tr).strip()
            if tr.get("type") in ("unfinished", "obsolete", "vanished"):
                text = ""
            key = (name, msg.find("source").text, comment.text if comment is not None else "")
            out[key] = text
    return out


def test_every_source_string_has_a_japanese_translation(tmp_path):
    scanned = tmp_path / "scan.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, our_sources()), "-ts", str(scanned),
                    "-no-obsolete", "-locations", "none"], check=True, capture_output=True)
    wanted = messages(scanned)
    have = messages(I18N / "desk_ja.ts")
    assert len(wanted) > 150
    missing = sorted(k for k in wanted if not have.get(k))
    assert not missing, f"untranslated (run resources/i18n/update.py): {missing[:20]}"


def test_qm_is_compiled_from_the_current_ts(tmp_path):
    fresh = tmp_path / "desk_ja.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(I18N / "desk_ja.ts"), "-qm", str(fresh)],
                   check=True, capture_output=True)
    assert fresh.read_bytes() == (I18N / "desk_ja.qm").read_bytes(), \
        "desk_ja.qm is stale: run .venv/bin/pyside6-lrelease resources/i18n/desk_ja.ts"


def test_japanese_is_the_default_and_english_is_available(qtbot, ja_app):
    from PySide6.QtCore import QCoreApplication

    from desk_app.ui import fmt

    assert fmt.withheld("private") == "非通知"
    assert QCoreApplication.translate("MainWindow", "Call log") == "着信履歴"


def test_a_japanese_font_is_loaded(ja_app):
    from PySide6.QtGui import QFontDatabase, QFontMetrics

    family = ja_app.font().family()
    assert "IPA" in family
    assert QFontMetrics(ja_app.font()).inFontUcs4(ord("漢"))
    assert family in QFontDatabase.families()
