"""PDFs as a clerk gets them: rendered to PNG (pdftoppm) and read back (pdftotext), checked
for page count, text (names with 様, postal codes), label positions against the sheet
geometry and postcard digits inside Japan Post's boxes."""

import re
import subprocess
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from letters_shop import add_catalogue, add_customers, place
from support import require_tool

from desk_app.cli import main
from desk_app.domain.print_layout import LABEL_PRESETS, POSTCARD, postal_boxes
from desk_app.store.customers import NewCustomer

FIRST = date(2026, 11, 2)
DAY = FIRST + timedelta(days=3)
DPI = 300
PX_PER_MM = DPI / 25.4


def person(i: int, **kw) -> NewCustomer:
    base = dict(name=f"試験 {'一二三四五六七八九十'[i % 10]}郎{i}", kana=f"シケン イチロウ{i}",
                phones=[("home", f"03-1234-{1000 + i}")], postal_code=f"15000{i:02d}",
                prefecture="東京都", city="渋谷区", address1=f"神宮前{i % 6 + 1}-{i + 1}-3")
    base.update(kw)
    return NewCustomer(**base)


@pytest.fixture
def db(store, qapp):
    """The store's file; *qapp* first, so that the in-process CLI finds the test
    QApplication instead of creating a QGuiApplication that later widget tests cannot use."""
    with store.new_session() as s, s.begin():
        add_catalogue(s)
    ids = add_customers(store, *[person(i) for i in range(14)],
                        person(20, name="長住 所子", kana="ナガスミ ショコ",
                               city="西村山郡河北町",
                               address1="大字谷地字真木一丁目1234-5678",
                               address2="グランドメゾン河北ヒルズ北棟 1203号室"),
                        NewCustomer(name="無住 所", kana="ムジュウ ショ",
                                    phones=[("home", "03-5555-0000")]))
    for cid in ids:
        place(store, cid, FIRST)
    return str(store.engine.url).removeprefix("sqlite:///")


def run(db, *args) -> int:
    return main(["letters", "--date", DAY.isoformat(), "--db", db, *args])


def pdftotext(path: Path, *opts: str) -> str:
    """The PDF's text as pdftotext reads it (NFKC: full-width forms folded)."""
    tool = require_tool("pdftotext")
    text = subprocess.run([tool, *opts, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return unicodedata.normalize("NFKC", text)


def test_pdf_text_names_the_ideographs_not_the_radicals_drawn_alike(qapp, tmp_path):
    """IPAexGothic draws 石 and the radical ⽯ (U+2F6F), 長 and ⻑ (U+2ED1) with one glyph
    each; Qt's PDF writer named such glyphs after the radical, so a PDF's text said ⽯井
    and a name could not be searched or copied. The text layer must say what was drawn."""
    from PySide6.QtCore import QPointF

    from desk_app.domain.print_layout import A4
    from desk_app.ui.printing.base import Paper, font, pdf_writer

    names = ["石井拓也様", "手紙", "長住", "一郎", "藤田", "高橋"]
    out = tmp_path / "names.pdf"
    with pdf_writer(out, "names") as writer:
        paper = Paper(writer, A4)
        paper.painter.setFont(font(11))
        for i, name in enumerate(names):
            paper.painter.drawText(QPointF(paper.u(20), paper.u(30 + 10 * i)), name)
        paper.end()
    raw = subprocess.run([require_tool("pdftotext"), str(out), "-"], check=True,
                         capture_output=True, text=True).stdout  # not normalised
    assert [line for line in raw.split() if line] == names
    assert not [c for c in raw if 0x2E80 <= ord(c) < 0x2FE0]


def pages(path: Path) -> int:
    tool = require_tool("pdfinfo")
    out = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def png(path: Path, page: int = 1):
    from PySide6.QtGui import QImage

    tool = require_tool("pdftoppm")
    stem = path.with_suffix("")
    subprocess.run([tool, "-r", str(DPI), "-gray", "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(stem)], check=True)
    image = QImage(str(stem) + ".png")
    assert not image.isNull()
    return image


def dark(image, x: int, y: int) -> bool:
    return image.pixelColor(x, y).value() < 128


def test_letters_pdf_one_page_each_with_names_and_postal_codes(db, tmp_path, capsys):
    out = tmp_path / "letters.pdf"
    assert run(db, "--pdf", str(out), "--what", "letters") == 0
    assert pages(out) == 15  # 15 customers with an address; the 16th is 住所未登録
    text = pdftotext(out)
    assert text.count("様") >= 15
    assert "試験 一郎0 様" in text and "〒150-0000" in text
    assert "長住 所子 様" in text
    assert "無住 所" not in text
    assert "拝啓" in text and "デモ通販" in text  # the shipped template and the shop block
    assert "15件" in capsys.readouterr().out
    png(out)  # renders


def test_list_pdf_has_every_line_and_the_address_missing_list(db, tmp_path):
    out = tmp_path / "list.pdf"
    assert run(db, "--pdf", str(out), "--what", "list") == 0
    text = pdftotext(out, "-layout")
    assert "本日のフォロー" in text and "住所未登録のお客様" in text
    assert "無住 所 様" in text
    assert all(f"試験 {'一二三四五六七八九十'[i % 10]}郎{i} 様" in text for i in range(14))
    assert pages(out) == 1


def test_a_long_list_keeps_five_digit_numbers_and_numbers_its_pages(qapp, tmp_path):
    from desk_app.domain.shop import ShopInfo
    from desk_app.services.letters import FollowLine, FollowLines, FollowList
    from desk_app.ui import printing

    line = FollowLine(1, "0000001", "山田 花子", "ヤマダ ハナコ", "thanks", "お礼状", "letter",
                      "thanks", "初回購入 11/2", DAY, DAY + timedelta(days=6), "thanks:1:1",
                      "初回・現役", "1500001", "東京都渋谷区神宮前1-1-1", "0312345678")
    follow = FollowList(DAY, FollowLines.of([line] * 10_010), FollowLines.of([line] * 30))
    out = tmp_path / "list.pdf"
    n = printing.write_pdf(out, "list", printing.render_list, follow, {}, ShopInfo(name="デモ通販"))
    assert pages(out) == n
    last = pdftotext(out, "-f", str(n), "-l", str(n), "-layout")
    assert f"{n} / {n}" in last and "住所未登録" in last
    first = pdftotext(out, "-f", "1", "-l", "1", "-layout")
    assert f"1 / {n}" in first
    # the five-digit numbers of the last due page lie inside the No. cell (drawn clipped)
    from desk_app.ui.printing.documents import LIST_COLUMNS

    html = pdftotext(out, "-bbox", "-f", str(n - 1), "-l", str(n - 1))
    right = 12 + 1 + LIST_COLUMNS[0][1] - 2  # mm: the cell's right edge
    ends = {int(m[1]): float(m[0]) * 25.4 / 72 for m in re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(\d{5})</word>',
        html)}
    assert 10_010 in ends and max(ends.values()) <= right


@pytest.mark.parametrize("preset,start", [("a4-12", 1), ("a4-24", 5)])
def test_labels_sit_on_the_sheet_geometry(db, tmp_path, preset, start):
    sheet = LABEL_PRESETS[preset]
    out = tmp_path / "labels.pdf"
    assert run(db, "--pdf", str(out), "--what", "labels", "--sheet", preset,
               "--start", str(start), "--outlines") == 0
    expected_pages = (start - 1 + 15 - 1) // sheet.per_sheet + 1
    assert pages(out) == expected_pages
    image = png(out)
    # the outline of every label: its left and top edges within 0.5 mm of the geometry
    for i in range(sheet.per_sheet):
        x, y, w, h = sheet.rect(i)
        mid_y = int((y + h / 2) * PX_PER_MM)
        mid_x = int((x + w / 2) * PX_PER_MM)
        left = next(px for px in range(int((x - 1) * PX_PER_MM), int((x + 1) * PX_PER_MM))
                    if dark(image, px, mid_y))
        top = next(py for py in range(int((y - 1) * PX_PER_MM), int((y + 1) * PX_PER_MM))
                   if dark(image, mid_x, py))
        assert abs(left / PX_PER_MM - x) <= 0.5, (i, left / PX_PER_MM, x)
        assert abs(top / PX_PER_MM - y) <= 0.5, (i, top / PX_PER_MM, y)
    # each name with 様 inside its label, from the start position on
    words = _bbox_words(out, page=1)
    names = [w for w in words if w[0] == "様"]
    first = sheet.rect(start - 1)
    assert names, "no names found"
    n0 = min(names, key=lambda w: (w[2], w[1]))
    assert first[1] <= n0[2] <= first[1] + first[3]
    for _, x_mm, y_mm in names:
        assert any(r[0] <= x_mm <= r[0] + r[2] and r[1] <= y_mm <= r[1] + r[3]
                   for r in (sheet.rect(i) for i in range(start - 1, sheet.per_sheet)))
    text = pdftotext(out)
    assert "〒150-0000" in text and "試験 一郎0 様" in text


def _bbox_words(path: Path, page: int) -> list[tuple[str, float, float]]:
    html = pdftotext(path, "-bbox", "-f", str(page), "-l", str(page))
    out = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">'
                         r"([^<]*)</word>", html):
        out.append((m.group(3), float(m.group(1)) * 25.4 / 72, float(m.group(2)) * 25.4 / 72))
    return out


def test_postcard_digits_sit_inside_the_seven_boxes(db, tmp_path):
    out = tmp_path / "cards.pdf"
    # the default rules send the thank-you as a letter: no postcard today, no empty PDF
    assert run(db, "--pdf", str(out), "--what", "postcards") == 2
    assert not out.exists()
    # make the thank-you a postcard and print again
    from desk_app.services import letters as svc
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    ctx = ServiceContext(Store(db), today=lambda: DAY)
    svc.save_rules(ctx, svc.with_rule_edit(svc.rules(ctx), "thanks", channel="postcard",
                                           template="replenish"), "はがきで")
    ctx.store.dispose()
    assert run(db, "--pdf", str(out), "--what", "postcards") == 0
    assert pages(out) == 15
    image = png(out)
    # Qt rounds a custom page size to whole points: within 0.5 mm of 100 × 148
    assert abs(image.width() / PX_PER_MM - POSTCARD[0]) <= 0.5
    assert abs(image.height() / PX_PER_MM - POSTCARD[1]) <= 0.5
    boxes = postal_boxes()
    # every dark pixel of the postal band lies inside a box, and every box holds a digit
    inside = [0] * 7
    band_top, band_bottom = int(8 * PX_PER_MM), int(24 * PX_PER_MM)
    for py in range(band_top, band_bottom):
        for px in range(int(30 * PX_PER_MM), image.width()):
            if not dark(image, px, py):
                continue
            x_mm, y_mm = px / PX_PER_MM, py / PX_PER_MM
            hit = [i for i, (bx, by, bw, bh) in enumerate(boxes)
                   if bx + 0.3 <= x_mm <= bx + bw - 0.3 and by + 0.3 <= y_mm <= by + bh - 0.3]
            assert hit, f"ink outside the boxes at {x_mm:.1f}, {y_mm:.1f} mm"
            inside[hit[0]] += 1
    assert all(n > 20 for n in inside), inside
    # and they are the right digits, in order
    words = [w for w in _bbox_words(out, 1) if w[2] < 24]
    digits = "".join(w[0] for w in sorted(words, key=lambda w: w[1]))
    assert digits.replace(" ", "") == "1500000"


def test_postcard_address_is_vertical_with_kanji_numerals(db, tmp_path):
    from desk_app.services import letters as svc
    from desk_app.services.base import ServiceContext
    from desk_app.store.db import Store

    ctx = ServiceContext(Store(db), today=lambda: DAY)
    svc.save_rules(ctx, svc.with_rule_edit(svc.rules(ctx), "thanks", channel="postcard",
                                           template="replenish"), "はがきで")
    ctx.store.dispose()
    out = tmp_path / "cards.pdf"
    assert run(db, "--pdf", str(out), "--what", "postcards", "--rule", "thanks") == 0
    text = pdftotext(out, "-raw", "-f", "1", "-l", "1")
    flat = text.replace("\n", "").replace(" ", "")
    # 1-1-3 as 漢数字; the ー between them is the font's vertical form (a substituted glyph
    # that the PDF's text layer does not name, so it reads back as nothing)
    assert re.search("神宮前一ー?一ー?三", flat)
    assert "1-1-3" not in flat and "様" in flat
    # the long address is broken into columns, the building on its own
    page = next(p for p in range(1, 16)
                if "長" in pdftotext(out, "-raw", "-f", str(p), "-l", str(p)))
    words = _bbox_words(out, page)
    columns = {round(x) for w, x, y in words if w and y > 25 and x > 60}
    assert len(columns) >= 3


def test_slip_pdf_has_the_tax_breakdown_and_registration_number(db, tmp_path):
    out = tmp_path / "slip.pdf"
    assert main(["slip", "1", "--pdf", str(out), "--db", db]) == 0
    text = pdftotext(out, "-layout")
    assert "納品書" in text and "登録番号 T7000012050002" in text
    # F003 ¥2,916 (8 %); shipping ¥800 + COD ¥330 (10 %); tax once per rate
    assert re.search(r"8%対象\(軽減税率\)\s+¥2,916\(うち消費税 ¥216\)", text)
    assert re.search(r"10%対象\s+¥1,130\(うち消費税 ¥102\)", text)
    assert re.search(r"合計\(税込\)\s+¥4,046", text)
    assert "※" in text
    assert "試験 一郎0 様" in text
    assert pages(out) == 1


def test_slips_of_a_ship_date_one_page_per_parcel_of_the_yamato_export(db, tmp_path, capsys):
    """`slip --date D`: every order leaving on D (the Yamato export's 出荷予定日: the 16
    orders of Monday 11/2 leave on 11/4, 11/3 being 文化の日), one slip per page, in
    order number order, each a 適格請求書."""
    ship = FIRST + timedelta(days=2)
    out = tmp_path / "day.pdf"
    assert main(["slip", "--date", ship.isoformat(), "--pdf", str(out), "--db", db]) == 0
    assert "納品書 16件" in capsys.readouterr().out
    assert pages(out) == 16
    text = pdftotext(out, "-layout")
    csv = tmp_path / "b2.csv"
    assert main(["export", "yamato", "--date", ship.isoformat(), "--out", str(csv),
                 "--db", db]) == 0
    b2_orders = len(csv.read_bytes().decode("cp932").splitlines()) - 1
    numbers = [int(n) for n in re.findall(r"受注番号 (\d+)", text)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 16 == b2_orders
    assert text.count("登録番号 T7000012050002") == 16
    assert len(re.findall(r"8%対象\(軽減税率\)\s+¥2,916\(うち消費税 ¥216\)", text)) == 16
    assert len(re.findall(r"10%対象\s+¥1,130\(うち消費税 ¥102\)", text)) == 16
    # the older spelling still works; a day nothing leaves is refused with a reason
    assert main(["slip", "--ship-date", ship.isoformat(), "--pdf", str(tmp_path / "x.pdf"),
                 "--db", db]) == 0
    capsys.readouterr()
    assert main(["slip", "--date", FIRST.isoformat(), "--pdf", str(tmp_path / "y.pdf"),
                 "--db", db]) == 2
    assert "出荷する受注はありません" in capsys.readouterr().err
    assert main(["slip", "1", "--date", ship.isoformat(), "--pdf", str(tmp_path / "z.pdf"),
                 "--db", db]) == 2
    assert "--date" in capsys.readouterr().err


def test_mark_printed_removes_them_from_later_lists(db, tmp_path, capsys):
    out = tmp_path / "letters.pdf"
    assert run(db, "--pdf", str(out), "--what", "letters", "--mark-printed") == 0
    assert "印刷済み 15件" in capsys.readouterr().out
    # labels for the same batch still print today: their first print, not a reprint
    assert run(db, "--pdf", str(tmp_path / "l.pdf"), "--what", "labels", "--mark-printed") == 0
    assert pages(tmp_path / "l.pdf") == 2
    out = capsys.readouterr().out
    assert "印刷済み 15件" in out and "再印刷" not in out
    assert main(["letters", "--date", (DAY + timedelta(days=1)).isoformat(), "--db", db,
                 "--json"]) == 0
    import json

    doc = json.loads(capsys.readouterr().out)
    assert doc["due"] == [] and [x["name"] for x in doc["address_missing"]] == ["無住 所"]


def test_a_print_run_twice_does_not_print_the_same_letters_again(db, tmp_path, capsys):
    assert run(db, "--pdf", str(tmp_path / "a.pdf"), "--what", "letters",
               "--mark-printed") == 0
    capsys.readouterr()
    # the letters were printed today as letters: nothing left to print as letters
    assert run(db, "--pdf", str(tmp_path / "b.pdf"), "--what", "letters") == 2
    assert "印刷するフォローはありません" in capsys.readouterr().err
    # their labels are still to print, once
    assert run(db, "--pdf", str(tmp_path / "c.pdf"), "--what", "labels",
               "--mark-printed") == 0
    assert pages(tmp_path / "c.pdf") == 2
    assert run(db, "--pdf", str(tmp_path / "d.pdf"), "--what", "labels") == 2


def test_the_operator_who_printed_is_kept_on_the_prints(store, db, tmp_path, capsys):
    from sqlalchemy import select

    from desk_app.store.models import LetterPrint, Operator

    assert run(db, "--pdf", str(tmp_path / "a.pdf"), "--what", "letters", "--mark-printed",
               "--operator", "鈴木") == 0
    with store.new_session() as s:
        suzuki = s.scalar(select(Operator.id).where(Operator.name == "鈴木"))
        assert set(s.scalars(select(LetterPrint.operator_id))) == {suzuki}
    assert run(db, "--pdf", str(tmp_path / "b.pdf"), "--what", "labels", "--mark-printed",
               "--operator", str(suzuki)) == 0  # by id
    with store.new_session() as s:
        assert set(s.scalars(select(LetterPrint.operator_id)
                             .where(LetterPrint.output == "labels"))) == {suzuki}
    capsys.readouterr()
    assert run(db, "--pdf", str(tmp_path / "c.pdf"), "--what", "list", "--mark-printed",
               "--operator", str(suzuki + 100)) == 2
    assert f"担当者 ID {suzuki + 100} はありません" in capsys.readouterr().err
    assert run(db, "--pdf", str(tmp_path / "c.pdf"), "--operator", "鈴木") == 2


def test_the_command_runs_qt_offscreen_in_its_own_process(db, tmp_path):
    out = tmp_path / "labels.pdf"
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    proc = subprocess.run([sys.executable, "-m", "desk_app", "letters", "--date", DAY.isoformat(),
                           "--db", db, "--pdf", str(out), "--what", "labels"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert pages(out) == 2


def test_unknown_what_and_bad_start_are_refused(db, tmp_path, capsys):
    with pytest.raises(SystemExit):
        run(db, "--pdf", str(tmp_path / "x.pdf"), "--what", "fax")
    assert run(db, "--pdf", str(tmp_path / "x.pdf"), "--what", "labels", "--start", "13") == 2
    assert "1〜12" in capsys.readouterr().err
    assert run(db, "--json", "--mark-printed") == 2


def test_vertical_text_uses_the_fonts_vert_forms(qapp):
    """ー and brackets drawn with the vert feature stand upright (taller than wide), the
    same characters without it lie flat: the font's vertical forms, not a rotation."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from desk_app.ui.printing.base import ensure_app, font

    ensure_app()

    def ink(ch: str, vertical: bool) -> tuple[int, int]:
        image = QImage(120, 120, QImage.Format.Format_Grayscale8)
        image.fill(255)
        p = QPainter(image)
        f = font(48, vertical=vertical)
        f.setPixelSize(80)
        p.setFont(f)
        p.setPen(QColor(0, 0, 0))
        p.drawText(QRectF(0, 0, 120, 120), Qt.AlignmentFlag.AlignCenter, ch)
        p.end()
        xs = [x for x in range(120) for y in range(120) if image.pixelColor(x, y).value() < 128]
        ys = [y for x in range(120) for y in range(120) if image.pixelColor(x, y).value() < 128]
        return max(xs) - min(xs), max(ys) - min(ys)

    for ch in "ー（":
        w, h = ink(ch, vertical=False)
        vw, vh = ink(ch, vertical=True)
        assert (w > h) != (vw > vh), ch


def test_a_label_sheet_of_the_shops_own_from_json(db, tmp_path):
    import json

    sheet = {"rows": 4, "cols": 2, "top": 20.0, "left": 15.0, "width": 90.0, "height": 60.0,
             "pitch_x": 90.0, "pitch_y": 64.0}
    path = tmp_path / "sheet.json"
    path.write_text(json.dumps(sheet))
    out = tmp_path / "labels.pdf"
    assert run(db, "--pdf", str(out), "--what", "labels", "--sheet", str(path),
               "--outlines") == 0
    assert pages(out) == 2  # 15 labels, 8 a sheet
    image = png(out)
    for col in range(2):
        x = 15.0 + col * 90.0
        px = next(p for p in range(int((x - 1) * PX_PER_MM), int((x + 1) * PX_PER_MM))
                  if dark(image, p, int(50 * PX_PER_MM)))
        assert abs(px / PX_PER_MM - x) <= 0.5
    sheet["width"] = 120.0  # wider than its pitch: overlapping labels are refused
    path.write_text(json.dumps(sheet))
    assert run(db, "--pdf", str(out), "--what", "labels", "--sheet", str(path)) == 2
