"""Japanese text never renders as boxes: IPAexGothic for every text, the bundled Noto Sans CJK JP
subset behind it for what it lacks (𠮷 U+20BB7 as in 𠮷田, the JIS X 0213 kanji), on screen
and in PDFs. The installed-wheel test (tests/packaging) repeats the screen check with no system
font at all."""

from __future__ import annotations

import importlib.util
import unicodedata

from support import ROOT

from desk_app import resources

SAMPLE = "𠮷田様"
FALLBACK = "Noto Sans CJK JP"


def glyph_runs(font, text: str) -> list[tuple[str, list[int]]]:
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def assert_drawn(font) -> None:
    """No missing-glyph box (glyph 0) in the sample, and 𠮷 drawn by the fallback (the runs
    come in no particular order, so 𠮷 is laid out alone too)."""
    runs = glyph_runs(font, SAMPLE)
    assert runs and all(0 not in ids for _family, ids in runs), f"missing-glyph box in {runs}"
    (family, ids), = glyph_runs(font, SAMPLE[0])
    assert family == FALLBACK and 0 not in ids


def build_script():
    spec = importlib.util.spec_from_file_location(
        "build_fallback_font", ROOT / "scripts" / "build_fallback_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ipaexgothic_alone_lacks_yoshi_and_the_fallback_has_it(ja_app):
    from PySide6.QtGui import QRawFont

    primary = QRawFont(str(resources.path(resources.PRIMARY_FONT)), 12)
    fallback = QRawFont(str(resources.path(resources.FALLBACK_FONT)), 12)
    assert not primary.supportsCharacter(0x20BB7)  # so the checks below test the fallback
    assert fallback.supportsCharacter(0x20BB7)
    assert fallback.familyName() == FALLBACK


def test_every_widget_font_draws_yoshida(ja_app, qtbot):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel, QLineEdit

    assert ja_app.font().families() == ["IPAexGothic", FALLBACK]
    label, edit = QLabel(SAMPLE), QLineEdit(SAMPLE)
    label.setProperty("role", "name")  # the pop-up's 20 pt bold name, styled by the sheet
    for widget in (label, edit):
        qtbot.addWidget(widget)
        widget.show()
        assert_drawn(widget.font())
    # a font made by family name (PDF letters, labels) falls back through the substitution
    assert_drawn(QFont("IPAexGothic", 11))
    assert_drawn(QFont("IPAexGothic", 11, QFont.Weight.Bold))


def test_pdf_output_embeds_the_fallback_for_yoshida(ja_app, tmp_path):
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    path = tmp_path / "letter.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    painter = QPainter(writer)
    painter.setFont(ja_app.font())
    painter.drawText(100, 200, SAMPLE)
    painter.end()
    pdf = path.read_bytes()
    assert b"NotoSansCJKjp-Regular" in pdf  # 𠮷 drawn with the fallback's glyph
    assert b"IPAexGothic" in pdf  # 田様 with the app's face


def test_fallback_covers_jis_x_0213_kanji_and_keeps_vertical_forms():
    from fontTools import ttLib

    primary = ttLib.TTFont(resources.path(resources.PRIMARY_FONT)).getBestCmap()
    font = ttLib.TTFont(resources.path(resources.FALLBACK_FONT))
    fallback = font.getBestCmap()
    wanted = [c for c in build_script().jis_characters()
              if unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA"))]
    assert len(wanted) > 11000
    missing = [c for c in wanted if ord(c) not in fallback and ord(c) not in primary]
    assert not missing, "".join(missing[:50])
    for char in "𠮷﨑髙𩸽塚":
        assert ord(char) in fallback, char
    features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"vert", "vrt2"} <= features  # postcards are written top to bottom
    assert "Adobe" in font["name"].getDebugName(0)  # the OFL wants the copyright kept
    licence = resources.path(resources.FONT_LICENCES[1]).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert resources.FALLBACK_FONT.split("/")[-1] in licence
