"""Paper geometry and addressing rules for what the desk prints, in millimetres.

Pure data and text rules (no Qt): label sheets, the 官製はがき's postal-code boxes, and
how an address is written vertically (縦書き) — numbers as 漢数字, lines broken at the
prefecture / city / building boundaries. ``ui.printing`` draws with these; the tests
measure the PDFs against them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Any

A4 = (210.0, 297.0)
POSTCARD = (100.0, 148.0)  # 通常はがき, portrait


# -- label sheets ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelSheet:
    """An A4 sheet of address labels: *rows* × *cols* labels of *width* × *height*, the
    first one at (*left*, *top*), the next ones every *pitch_x* / *pitch_y*."""

    name: str
    rows: int
    cols: int
    top: float
    left: float
    width: float
    height: float
    pitch_x: float
    pitch_y: float
    padding: float = 4.0  # text inset inside a label

    @property
    def per_sheet(self) -> int:
        return self.rows * self.cols

    def problems(self) -> list[str]:
        """Plain reasons the sheet cannot be right (labels off the paper, overlapping)."""
        out = []
        if self.rows < 1 or self.cols < 1:
            out.append("rows and columns must be at least 1")
        if min(self.width, self.height) <= 0 or self.pitch_x < self.width - 1e-6 \
                or self.pitch_y < self.height - 1e-6:
            out.append("a label is larger than its pitch (labels overlap)")
        right = self.left + (self.cols - 1) * self.pitch_x + self.width
        bottom = self.top + (self.rows - 1) * self.pitch_y + self.height
        if self.left < 0 or self.top < 0 or right > A4[0] + 1e-6 or bottom > A4[1] + 1e-6:
            out.append("the labels do not fit on A4")
        return out

    def rect(self, index: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) of label *index* on its sheet (0-based, row by row)."""
        i = index % self.per_sheet
        row, col = divmod(i, self.cols)
        return (self.left + col * self.pitch_x, self.top + row * self.pitch_y, self.width,
                self.height)

    def placements(self, count: int, start: int = 1) -> list[tuple[int, int]]:
        """(sheet, position on the sheet) for *count* labels, starting at position *start*
        (1-based, row by row) of the first sheet, to reuse a half-used sheet."""
        if not 1 <= start <= self.per_sheet:
            raise ValueError(f"start position is 1 … {self.per_sheet}")
        out = []
        for n in range(count):
            k = start - 1 + n
            out.append(divmod(k, self.per_sheet))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelSheet:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# The common A4 sheets: 12面 (2 × 6, 86.4 × 42.3 mm, no gaps) and 24面 (3 × 8,
# 64.0 × 33.9 mm). Makers differ by a millimetre or two: the desk's settings edit every
# figure, and a plain-paper test print with outlines shows the fit.
LABEL_PRESETS: dict[str, LabelSheet] = {
    "a4-12": LabelSheet("A4 12面 (86.4×42.3)", 6, 2, 21.6, 18.6, 86.4, 42.3, 86.4, 42.3),
    "a4-24": LabelSheet("A4 24面 (64.0×33.9)", 8, 3, 12.9, 7.0, 64.0, 33.9, 66.0, 33.9, 3.0),
}
DEFAULT_LABEL_SHEET = "a4-12"


# -- postcards ------------------------------------------------------------------------------

# 郵便番号枠 of a portrait postcard (Japan Post / JIS): boxes 5.7 × 8.0 mm, 12.0 mm from the
# top edge, the last box 8.0 mm from the right edge; gaps 1.3 mm between the first three,
# 1.9 mm before the fourth (the hyphen), 1.1 mm between the last four (47.7 mm in all).
POSTAL_BOX_W, POSTAL_BOX_H = 5.7, 8.0
POSTAL_BOX_TOP, POSTAL_BOX_RIGHT = 12.0, 8.0
_GAPS = (1.3, 1.3, 1.9, 1.1, 1.1, 1.1)


def postal_boxes(paper_width: float = POSTCARD[0]) -> list[tuple[float, float, float, float]]:
    """The seven boxes as (x, y, w, h) in mm from the card's top-left corner."""
    total = 7 * POSTAL_BOX_W + sum(_GAPS)
    x = paper_width - POSTAL_BOX_RIGHT - total
    out = []
    for i in range(7):
        out.append((round(x, 3), POSTAL_BOX_TOP, POSTAL_BOX_W, POSTAL_BOX_H))
        if i < 6:
            x += POSTAL_BOX_W + _GAPS[i]
    return out


# -- vertical addresses ---------------------------------------------------------------------

_KANJI_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
# hyphens and dashes of every width → ー, which the font's vertical form turns upright
_DASHES = str.maketrans({c: "ー" for c in "-‐‑‒–—―−－ｰ"})


def to_vertical_text(text: str) -> str:
    """Text as written in a vertical address: full-width, numbers as 漢数字 digit by digit
    (1-2-3 → 一ー二ー三), hyphens as ー."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    folded = folded.translate(_KANJI_DIGITS)
    out = []
    for ch in folded:
        code = ord(ch)
        if 0x21 <= code <= 0x7E:  # the rest of ASCII → full width (Ａ, ＃ …)
            out.append(chr(code + 0xFEE0))
        elif ch == " ":
            out.append("\u3000")
        else:
            out.append(ch)
    return "".join(out)


def vertical_address_lines(prefecture: str, city: str, address1: str, address2: str,
                           max_chars: int) -> list[str]:
    """The address in at most three columns of *max_chars*, broken at sensible places:
    the building (address2) always on its own column; a first column too long is broken
    after the city, else before the first number, else at the limit."""
    head = to_vertical_text(f"{prefecture or ''}{city or ''}{address1 or ''}").strip("\u3000")
    building = to_vertical_text(address2 or "").strip("\u3000")
    lines: list[str] = []
    if len(head) <= max_chars:
        lines.append(head)
    else:
        city_end = len(to_vertical_text(f"{prefecture or ''}{city or ''}"))
        number_at = next((i for i, ch in enumerate(head) if ch in "〇一二三四五六七八九"), -1)
        cut = next((c for c in (number_at, city_end) if 0 < c <= max_chars), max_chars)
        lines += _wrap(head[:cut], max_chars) + _wrap(head[cut:], max_chars)
    if building:
        lines += _wrap(building, max_chars)
    return [line for line in lines if line]


def _wrap(text: str, width: int) -> list[str]:
    text = text.strip("\u3000")
    if not text:
        return []
    # prefer a full-width space inside the limit (between a building's name and its room)
    out = []
    while len(text) > width:
        space = text.rfind("\u3000", 1, width + 1)
        cut = space if space > 0 else width
        out.append(text[:cut].strip("\u3000"))
        text = text[cut:].strip("\u3000")
    out.append(text)
    return out


def postal_digits(code: str | None) -> str:
    """The seven digits of a postal code, "" when it is not one."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", code or "") if ch.isdigit())
    return digits if len(digits) == 7 else ""
