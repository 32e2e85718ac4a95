"""What the desk prints: today's list, letters, address labels, postcards, 納品書.

Each ``render_*`` draws on any ``QPagedPaintDevice`` (PDF writer or printer) and returns the
number of pages. Printed paper is Japanese whatever the desk's language: letters, labels,
postcards and slips go to customers, and the list is filed with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPagedPaintDevice

from desk_app.domain.clock import letter_date, table_date, yen
from desk_app.domain.phone import display_form
from desk_app.domain.print_layout import (
    A4,
    POSTCARD,
    LabelSheet,
    postal_boxes,
    postal_digits,
    to_vertical_text,
    vertical_address_lines,
)
from desk_app.domain.shop import ShopInfo
from desk_app.services.letters import FollowLine, FollowList, MergedLetter
from desk_app.services.slips import Slip
from desk_app.ui.printing.base import Paper, font

L = Qt.AlignmentFlag.AlignLeft
R = Qt.AlignmentFlag.AlignRight
C = Qt.AlignmentFlag.AlignHCenter
T = Qt.AlignmentFlag.AlignTop
V = Qt.AlignmentFlag.AlignVCenter
A4_LANDSCAPE = (A4[1], A4[0])
CHANNEL_JA = {"letter": "手紙", "postcard": "はがき", "call": "電話"}


def _postal(code: str) -> str:
    digits = postal_digits(code)
    return f"〒{digits[:3]}-{digits[3:]}" if digits else ""


def _phone(number: str) -> str:
    return display_form(number) if number else ""


# -- the list -------------------------------------------------------------------------------

# No. takes six digits: a big morning runs past line 10,000
LIST_COLUMNS = (("No.", 13), ("方法", 12), ("顧客番号", 19), ("氏名", 38), ("ステージ", 22),
                ("フォロー", 58), ("理由", 56), ("期限", 15), ("電話・つながりやすい時間帯", 40))
ROW_H = 7.0
LIST_BOTTOM = A4_LANDSCAPE[1] - 14  # rows end above this; the page number sits below
LIST_TOP = 22.0  # below a page's heading
MISSING_TOP = 12.0  # the 住所未登録 list on a page of its own

# one run of a table's rows on a page: (table "due" / "missing", first row, end row, the
# header row's top, a continuation of the table from the page before)
_Run = tuple[str, int, int, float, bool]


def _list_plan(due: int, missing: int) -> list[list[_Run]]:
    """The A4 list's pages, worked out before any is drawn (each says 「n / N」): the due
    lines below the title and summary, then the 住所未登録 list (on a new page when fewer
    than three rows would fit), each continued on pages of its own under a heading."""
    pages: list[list[_Run]] = [[]]

    def runs(table: str, n: int, y: float) -> float:
        start, continued = 0, False
        while True:
            fits = max(0, int((LIST_BOTTOM - (y + ROW_H + 0.8)) // ROW_H))
            end = min(n, start + fits)
            pages[-1].append((table, start, end, y, continued))
            if end >= n:
                return y + ROW_H + 0.8 + (end - start) * ROW_H
            pages.append([])
            start, continued, y = end, True, LIST_TOP

    y = runs("due", due, LIST_TOP + 7.0)
    if missing:
        if y + 3 * ROW_H > LIST_BOTTOM:
            pages.append([])
            y = MISSING_TOP
        runs("missing", missing, y + 15)
    return pages


def render_list(device: QPagedPaintDevice, follow: FollowList, rule_names: dict[str, str],
                shop: ShopInfo) -> int:
    """本日のフォロー as an A4 landscape table, then the 住所未登録 list; 「n / N」 at the
    foot of each page."""
    paper = Paper(device, A4_LANDSCAPE)
    x0 = 12.0
    body, bold = font(9), font(9, bold=True)
    title = f"本日のフォロー　{letter_date(follow.day)}"
    missing_title = "住所未登録のお客様（次のお電話で住所を伺ってください）"
    tables = {"due": (follow.due, title), "missing": (follow.address_missing, missing_title)}

    def heading(text: str) -> None:
        paper.text(x0, 10, 200, 9, text, font(15, bold=True))
        paper.text(x0 + 150, 11, 123, 8, f"{shop.name}　印刷 {table_date(follow.day)}", font(9),
                   R | T)

    def header_row(y: float) -> float:
        x = x0
        for name, width in LIST_COLUMNS:
            paper.text(x + 1, y, width - 2, ROW_H, name, paper.fitted(name, bold, width - 2),
                       L | V)
            x += width
        paper.pen(0.35)
        paper.line(x0, y + ROW_H, x, y + ROW_H)
        return y + ROW_H + 0.8

    def rows(lines: Sequence[FollowLine], start: int, end: int, y: float) -> None:
        for n in range(start, end):
            line = lines[n]
            reach = _phone(line.phone)
            if line.channel == "call" and line.usual_hours:
                reach += f"　{line.usual_hours}"
            due = f"〜{line.last_day.month}/{line.last_day.day}"
            cells = (str(n + 1), CHANNEL_JA.get(line.channel, line.channel), line.customer_code,
                     f"{line.name} 様", line.stage, rule_names.get(line.rule, line.rule_name),
                     line.reason, due, reach)
            x = x0
            for (_, width), cell in zip(LIST_COLUMNS, cells, strict=True):
                _cell(paper, x + 1, y, width - 2, cell, body)
                x += width
            paper.pen(0.1, "#999999")
            paper.line(x0, y + ROW_H, x, y + ROW_H)
            y += ROW_H

    plan = _list_plan(len(follow.due), len(follow.address_missing))
    for number, page in enumerate(plan, 1):
        if number > 1:
            paper.new_page()
        if number == 1:
            heading(title)
            counts = follow.counts()
            summary = "　".join(f"{rule_names.get(k, k)} {n}件" for k, n in counts.items())
            paper.text(x0, LIST_TOP - 4, 273, 9, f"{len(follow.due)}件　{summary}", font(8.5),
                       L | T, wrap=True)
        elif page[0][4]:
            heading(f"{tables[page[0][0]][1]}（続き）")
        for table, start, end, y, continued in page:
            if table == "missing" and not continued:
                paper.text(x0, y - 9, 270, 8, missing_title, font(12, bold=True))
            rows(tables[table][0], start, end, header_row(y))
        paper.text(x0, LIST_BOTTOM + 4, 273, 6, f"{number} / {len(plan)}", font(8), C | V)
    paper.end()
    return len(plan)


def _cell(paper: Paper, x: float, y: float, width: float, text: str, f) -> None:
    """One table cell: one line when it fits (shrunk a little at most), else two smaller
    lines, never clipped silently below a readable size."""
    fitted = paper.fitted(text, f, width, min_pt=7.5)
    if paper.text_width(text, fitted) <= width:
        paper.text(x, y, width, ROW_H, text, fitted, L | V)
        return
    small = font(6.8)
    paper.text(x, y + 0.2, width, ROW_H - 0.2, text, small, L | V, wrap=True)


# -- letters --------------------------------------------------------------------------------

def render_letters(device: QPagedPaintDevice, letters: Sequence[MergedLetter], shop: ShopInfo,
                   day: date) -> int:
    """One A4 page per letter: the address for a window envelope (長3) at the top left,
    the date, the body, the shop's sender block at the bottom right."""
    paper = Paper(device, A4)
    address_f, name_f, body_f = font(11), font(16, bold=True), font(11.5)
    small = font(10)
    for i, letter in enumerate(letters):
        if i:
            paper.new_page()
        line = letter.line
        paper.text(24, 20, 90, 6, _postal(line.postal_code), address_f)
        paper.text(24, 27, 90, 14, line.address, address_f, L | T, wrap=True)
        name = f"{line.name} 様"
        paper.text(24, 42, 95, 10, name, paper.fitted(name, name_f, 95))
        paper.text(120, 20, 66, 6, f"{day.year}年{day.month}月{day.day}日", address_f, R | T)
        paper.text(24, 72, 162, 160, letter.body, body_f, L | T, wrap=True)
        y = 240.0
        for text, f in ((shop.name, font(12, bold=True)), (_postal(shop.postal_code), small),
                        (shop.full_address, small), (f"電話 {_phone(shop.phone)}", small),
                        (shop.sender, small)):
            if text.strip():
                paper.text(100, y, 86, 6, text, f, R | T)
                y += 6.0
    paper.end()
    return max(1, len(letters))


# -- labels ---------------------------------------------------------------------------------

def render_labels(device: QPagedPaintDevice, lines: Sequence[FollowLine], sheet: LabelSheet,
                  start: int = 1, outlines: bool = False) -> int:
    """Address labels on A4 sheets from position *start* (1-based) of the first sheet.
    *outlines* draws each label's edge (a plain-paper test print to check the fit)."""
    paper = Paper(device, A4)
    placements = sheet.placements(len(lines), start)
    sheet_no = 0
    pad = sheet.padding
    if outlines:
        _outlines(paper, sheet)
    for line, (n, position) in zip(lines, placements, strict=True):
        while n > sheet_no:
            paper.new_page()
            sheet_no += 1
            if outlines:
                _outlines(paper, sheet)
        x, y, w, h = sheet.rect(position)
        inner = w - 2 * pad
        code_f = font(min(10.0, h * 0.22 * 72 / 25.4))
        addr_f = font(min(10.0, h * 0.2 * 72 / 25.4))
        name_f = font(min(14.0, h * 0.3 * 72 / 25.4), bold=True)
        paper.text(x + pad, y + pad, inner, 5, _postal(line.postal_code), code_f)
        ty = y + pad + paper.line_height(code_f)
        lh = paper.line_height(addr_f)
        for text in _label_address(line, paper, addr_f, inner):
            paper.text(x + pad, ty, inner, lh, text, paper.fitted(text, addr_f, inner))
            ty += lh
        name = f"{line.name} 様"
        nf = paper.fitted(name, name_f, inner)
        paper.text(x + pad, max(ty + 0.8, y + h - pad - paper.line_height(nf) - 2.5), inner,
                   paper.line_height(nf), name, nf, L | T)
        paper.text(x + pad, y + h - pad - 2.6, inner, 3, line.customer_code, font(6), R | T,
                   color="#555555")
    paper.end()
    return sheet_no + 1


def _label_address(line: FollowLine, paper: Paper | None = None, f=None,
                   width: float = 0.0) -> list[str]:
    """One line when the address fits, else broken after the city; the building on a
    line of its own."""
    pref, city, addr1, building = line.address_parts
    if not any(line.address_parts):
        head, _, building = line.address.partition(" ")
        return [t for t in (head, building) if t]
    head = f"{pref}{city}{addr1}"
    if paper is not None and paper.text_width(head, f) > width and city and addr1:
        lines = [f"{pref}{city}", addr1]
    else:
        lines = [head]
    return [t for t in (*lines, building) if t]


def _outlines(paper: Paper, sheet: LabelSheet) -> None:
    paper.pen(0.1, "#000000")
    for i in range(sheet.per_sheet):
        paper.box(*sheet.rect(i))


# -- postcards ------------------------------------------------------------------------------

POSTCARD_COLUMN_TOP, POSTCARD_COLUMN_BOTTOM = 30.0, 126.0


def render_postcards(device: QPagedPaintDevice, lines: Sequence[FollowLine], shop: ShopInfo,
                     frames: bool = False) -> int:
    """The address side of 官製はがき (100 × 148 mm), written vertically: the postal code
    in the seven boxes, the address in columns from the right (漢数字, broken at the city
    or before the numbers, the building on its own column), the name large with 様 in the
    middle, the shop at the bottom left. *frames* draws the red boxes (plain cards)."""
    paper = Paper(device, POSTCARD)
    digit_f = font(14)
    for i, line in enumerate(lines):
        if i:
            paper.new_page()
        boxes = postal_boxes()
        if frames:
            paper.pen(0.3, "#e0452b")
            for box in boxes:
                paper.box(*box)
        for (x, y, w, h), digit in zip(boxes, postal_digits(line.postal_code), strict=False):
            paper.text(x, y, w, h, digit, digit_f, C | V)
        _postcard_address(paper, line)
        _postcard_sender(paper, shop)
    paper.end()
    return max(1, len(lines))


def _split_address(line: FollowLine) -> tuple[str, str]:
    head, _, building = line.address.partition(" ")
    return head, building


def _postcard_address(paper: Paper, line: FollowLine) -> None:
    if any(line.address_parts):
        pref, city, addr1, building = line.address_parts
    else:
        head, building = _split_address(line)
        pref, city, addr1 = "", "", head
    size_pt = 12.5
    step = size_pt * 25.4 / 72 * 1.02
    max_chars = int((POSTCARD_COLUMN_BOTTOM - POSTCARD_COLUMN_TOP) / step)
    columns = vertical_address_lines(pref, city, addr1, building, max_chars)
    if len(columns) > 3:  # very long: smaller type, same rules
        size_pt, step = 10.5, 10.5 * 25.4 / 72 * 1.02
        max_chars = int((POSTCARD_COLUMN_BOTTOM - POSTCARD_COLUMN_TOP) / step)
        columns = vertical_address_lines(pref, city, addr1, building, max_chars)
    f = font(size_pt, vertical=True)
    x = 86.0
    for n, column in enumerate(columns):
        # the building's column starts lower, as handwriting does
        top = POSTCARD_COLUMN_TOP + (step * 2 if n and n == len(columns) - 1 and building
                                     else 0)
        paper.vertical(x, top, column, f, step)
        x -= step * 1.5
    name = to_vertical_text(line.name)
    family, _, given = name.partition("\u3000")
    name_pt = 24.0
    name_step = name_pt * 25.4 / 72 * 1.05
    total = (len(family) + len(given) + 2.5) * name_step
    if total > 100:
        name_pt = 24.0 * 100 / total
        name_step = name_pt * 25.4 / 72 * 1.05
    nf = font(name_pt, vertical=True)
    y = 34.0
    y = paper.vertical(50.0, y, family, nf, name_step)
    if given:
        y = paper.vertical(50.0, y + name_step * 0.5, given, nf, name_step)
    paper.vertical(50.0, y + name_step * 0.7, "様", nf, name_step)


def _postcard_sender(paper: Paper, shop: ShopInfo) -> None:
    """The shop at the bottom left, vertically: address columns, then the name."""
    f = font(8, vertical=True)
    step = 8 * 25.4 / 72 * 1.05
    max_chars = int(44 / step)
    columns = vertical_address_lines("", "", shop.address, shop.building, max_chars)
    columns += vertical_address_lines("", "", shop.name, "", max_chars)
    x = 8.0 + step * 1.5 * (len(columns) - 1) + step / 2
    for text in columns:
        paper.vertical(x, 92.0, text, f, step)
        x -= step * 1.5
    paper.text(6, 138, 40, 5, _postal(shop.postal_code), font(8))


# -- 納品書 ----------------------------------------------------------------------------------

def render_slips(device: QPagedPaintDevice, slips: Sequence[Slip], shop: ShopInfo) -> int:
    """One A4 納品書 per order, a 適格請求書 (qualified invoice): the shop's registration
    number, items with ※ for the reduced rate, tax-inclusive totals and the tax they
    contain per rate (8 % and 10 %; fees are 10 %)."""
    paper = Paper(device, A4)
    pages = 0
    for slip in slips:
        if pages:
            paper.new_page()
        pages += 1
        pages += _slip_page(paper, slip, shop)
    paper.end()
    return max(1, pages)


_SLIP_COLUMNS = (("商品名", 100), ("数量", 16), ("単価（税込）", 28), ("金額（税込）", 30))


def _slip_page(paper: Paper, slip: Slip, shop: ShopInfo) -> int:
    o = slip.order
    extra_pages = 0
    paper.text(0, 14, A4[0], 12, "納品書", font(20, bold=True), C | T)
    f, small, bold = font(10.5), font(9), font(10.5, bold=True)
    paper.text(20, 32, 90, 6, _postal(slip.customer_postal_code), f)
    paper.text(20, 38, 90, 12, slip.customer_address, f, L | T, wrap=True)
    paper.text(20, 51, 95, 8, f"{slip.customer_name} 様", font(14, bold=True))
    y = 32.0
    for text, ff in ((shop.name, bold), (_postal(shop.postal_code), small),
                     (shop.full_address, small), (f"電話 {_phone(shop.phone)}", small),
                     (f"登録番号 {shop.registration_number}" if shop.registration_number
                      else "", small)):
        if text.strip():
            paper.text(120, y, 70, 5.5, text, ff, R | T)
            y += 5.5
    facts = [f"受注番号 {o.number}", f"受注日 {table_date(o.order_date)}",
             f"お支払い方法 {slip.payment_label}"]
    if o.delivery_date:
        facts.append(f"お届け希望日 {table_date(o.delivery_date)}")
    paper.text(20, 64, 170, 6, "　".join(facts), small)
    if (o.ship_to.name, o.ship_to.postal_code.replace("-", "")) != \
            (slip.customer_name, slip.customer_postal_code):
        paper.text(20, 70, 170, 6, f"お届け先 {o.ship_to.name} 様　{o.ship_to.postal_code}　"
                                   f"{o.ship_to.address}", small)
    paper.text(20, 77, 170, 6, "下記のとおり納品いたします。", f)
    y = 85.0

    def header(y: float) -> float:
        x = 20.0
        for name, width in _SLIP_COLUMNS:
            paper.text(x + 1, y, width - 2, 7, name, bold, (L if name == "商品名" else R) | V)
            x += width
        paper.pen(0.35)
        paper.line(20, y + 7, 194, y + 7)
        return y + 7.5

    y = header(y)
    for p in o.lines:
        if y > 235:
            paper.new_page()
            extra_pages += 1
            y = header(20.0)
        mark = "※" if p.tax_rate == 8 else ""
        cells = (f"{p.name}{mark}", f"{p.quantity}", yen(p.unit_price), yen(p.amount))
        x = 20.0
        for (name, width), cell in zip(_SLIP_COLUMNS, cells, strict=True):
            paper.text(x + 1, y, width - 2, 7, cell, paper.fitted(cell, f, width - 2),
                       (L if name == "商品名" else R) | V)
            x += width
        paper.pen(0.1, "#999999")
        paper.line(20, y + 7, 194, y + 7)
        y += 7
    for label, amount in (("送料", o.shipping_fee), ("代引手数料", o.cod_fee)):
        if amount:
            paper.text(21, y, 98, 7, label, f, L | V)
            paper.text(164, y, 29, 7, yen(amount), f, R | V)
            paper.line(20, y + 7, 194, y + 7)
            y += 7
    y += 4
    rows = []
    for rate in (10, 8):
        base = o.subtotal_by_rate.get(rate, 0)
        if base:
            note = "（軽減税率）" if rate == 8 else ""
            rows.append((f"{rate}%対象{note}", f"{yen(base)}（うち消費税 {yen(o.tax_by_rate.get(rate, 0))}）"))
    rows.append(("合計（税込）", yen(o.total)))
    for label, value in rows:
        ff = bold if label.startswith("合計") else f
        paper.text(100, y, 40, 7, label, ff, L | V)
        paper.text(130, y, 63, 7, value, ff, R | V)
        y += 7
    if any(p.tax_rate == 8 for p in o.lines):
        paper.text(20, y + 2, 170, 6, "※は軽減税率（8%）対象商品です。", small)
    if o.memo:
        paper.text(20, y + 10, 170, 20, f"備考: {o.memo}", small, L | T, wrap=True)
    return extra_pages
