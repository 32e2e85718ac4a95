"""Every UI string of the desk has a Japanese translation, plurals stay plurals, English
has its plural forms, and the shipped .qm files are current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent


def our_sources() -> list[Path]:
    return sorted((ROOT / "desk_app" / "ui").rglob("*.py"))


def messages(ts: Path) -> dict[tuple[str, str, str], tuple[bool, list[str]]]:
    """(context, source, comment) → (numerus, finished translation forms or [])."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            comment = msg.find("comment")
            tr = msg.find("translation")
            forms = [(f.text or "").strip() for f in tr.findall("numerusform")] or \
                [(tr.text or "").strip()]
            if tr.get("type") in ("unfinished", "obsolete", "vanished") or not all(forms):
                forms = []
            key = (name, msg.find("source").text, comment.text if comment is not None else "")
            out[key] = (msg.get("numerus") == "yes", forms)
    return out


def scan(tmp_path: Path, *options: str) -> dict:
    scanned = tmp_path / "scan.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, our_sources()), "-ts", str(scanned),
                    "-no-obsolete", "-locations", "none", *options], check=True,
                   capture_output=True)
    return messages(scanned)


def test_every_source_string_has_a_japanese_translation(tmp_path):
    wanted = scan(tmp_path)
    have = messages(I18N / "desk_ja.ts")
    assert len(wanted) > 300
    assert ("OrderForm", "Cancel order", "") in wanted  # the order form is covered too
    missing = sorted(k for k in wanted if not have.get(k, (False, []))[1])
    assert not missing, f"untranslated (run resources/i18n/update.py): {missing[:20]}"
    # a plural lupdate cannot see (QCoreApplication.translate(..., n)) would lose its
    # plural forms on the next update: %n texts must reach the catalogue as numerus
    flat = sorted(k for k, (numerus, _f) in wanted.items() if "%n" in k[1] and not numerus)
    assert not flat, f"%n without a plural form (use self.tr(text, '', n)): {flat}"
    assert all(have[k][0] for k, (numerus, _f) in wanted.items() if numerus)


def test_english_has_plural_forms(tmp_path):
    wanted = scan(tmp_path, "-pluralonly")
    have = messages(I18N / "desk_en.ts")
    plurals = [k for k, (numerus, _f) in wanted.items() if numerus]
    assert ("Labels", "%n time(s)", "") in plurals
    for key in plurals:
        forms = have.get(key, (False, []))[1]
        assert len(forms) == 2 and not any("(s)" in f for f in forms), \
            f"{key}: English needs singular and plural (resources/i18n/desk_en.ts)"


@pytest.mark.parametrize("name", ["desk_ja", "desk_en"])
def test_qm_is_compiled_from_the_current_ts(tmp_path, name):
    fresh = tmp_path / f"{name}.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(I18N / f"{name}.ts"), "-qm", str(fresh)],
                   check=True, capture_output=True)
    assert fresh.read_bytes() == (I18N / f"{name}.qm").read_bytes(), \
        f"{name}.qm is stale: run .venv/bin/python resources/i18n/update.py"


def test_english_plurals_read_right(ja_app):
    from support import ui_language

    from desk_app.ui.kit import fmt

    with ui_language(ja_app, "en"):
        assert (fmt.count(1), fmt.count(22)) == ("1 time", "22 times")
        assert fmt.days_ago(1) == "1 day ago"
    assert fmt.count(22) == "22回"


def test_japanese_is_the_default_and_english_is_available(qtbot, ja_app):
    from PySide6.QtCore import QCoreApplication

    from desk_app.ui.kit import fmt

    assert fmt.withheld("private") == "非通知"
    assert QCoreApplication.translate("MainWindow", "Call log") == "着信履歴"


def test_qts_own_file_dialog_speaks_japanese(qtbot, ja_app):
    """Trial: Qt's file dialog (参照…) read 「&Look in:」 and 「Files of &type:」 beside
    ファイル名(&N):, as qtbase_ja has those two only without their mnemonic."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "取り込み", "", "CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = sorted(label.text() for label in dialog.findChildren(QLabel) if label.text())
    assert labels == ["アドレス(&L):", "ファイルの種類(&T):", "ファイル名(&N):"]
    # what has a translation of its own keeps it; what has none stays as it is
    assert QCoreApplication.translate("QFileDialog", "&Open") == "開く(&O)"
    assert QCoreApplication.translate("QFileDialog", "&Nothing like it:") == "&Nothing like it:"
    assert QCoreApplication.translate("ImportDialog", "&Look in:") == "&Look in:"


def test_a_japanese_font_is_loaded(ja_app):
    from PySide6.QtGui import QFontDatabase, QFontMetrics

    family = ja_app.font().family()
    assert "IPA" in family
    assert QFontMetrics(ja_app.font()).inFontUcs4(ord("漢"))
    assert family in QFontDatabase.families()
