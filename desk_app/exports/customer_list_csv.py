"""A list of customers as CSV for a DM run: rows in, bytes out.

CP932 (what Japanese spreadsheet and label software open without asking) or UTF-8 with a
BOM (so Excel still reads it as UTF-8). Characters CP932 lacks are mapped to their CP932
look-alikes (〜 → ～, − → －); anything left becomes 〓 and is counted, so the caller can
say how many names or addresses need a look before the letters go out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ENCODINGS = {"cp932": "cp932", "shift_jis": "cp932", "sjis": "cp932", "utf-8": "utf-8",
             "utf8": "utf-8"}
HEADER = ("顧客番号", "氏名", "フリガナ", "顧客ステージ", "RFM", "最終購入日", "購入回数",
          "累計購入金額", "DM送付", "郵便番号", "住所", "電話番号")  # shared/glossary-ja.md
_LOOKALIKE = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225",
                            "\u2014": "\u2015", "\u00a2": "\uffe0", "\u00a3": "\uffe1",
                            "\u00ac": "\uffe2", "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class ListRow:
    """One customer behind a number, as the list shows and the CSV carries."""

    customer_id: int
    code: str
    name: str
    kana: str
    stage: str
    rfm: str
    last_order_date: date | None
    orders_count: int
    total_amount: int
    dm_allowed: bool
    postal_code: str
    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class Encoded:
    data: bytes
    rows: int
    replaced: int  # characters that became 〓 (CP932 only)


def normalize_encoding(name: str) -> str:
    """``cp932`` or ``utf-8``; ValueError for anything else."""
    key = (name or "").strip().lower().replace("-", "_").replace("_", "-")
    key = {"shift-jis": "shift_jis"}.get(key, key)
    if key not in ENCODINGS:
        raise ValueError(name)
    return ENCODINGS[key]


def to_csv(rows: Iterable[ListRow], encoding: str = "cp932") -> Encoded:
    enc = normalize_encoding(encoding)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    n = 0
    for r in rows:
        postal = f"{r.postal_code[:3]}-{r.postal_code[3:]}" if len(r.postal_code) == 7 else (
            r.postal_code)
        w.writerow((r.code, r.name, r.kana, r.stage, r.rfm,
                    r.last_order_date.isoformat() if r.last_order_date else "",
                    r.orders_count, r.total_amount, "可" if r.dm_allowed else "不可", postal,
                    r.address, r.phone))
        n += 1
    text = buf.getvalue()
    if enc == "utf-8":
        return Encoded(b"\xef\xbb\xbf" + text.encode("utf-8"), n, 0)
    text = text.translate(_LOOKALIKE)
    try:
        return Encoded(text.encode("cp932"), n, 0)
    except UnicodeEncodeError:
        pass
    out, replaced, pos = [], 0, 0
    while True:
        try:
            out.append(text[pos:].encode("cp932"))
            break
        except UnicodeEncodeError as exc:
            out.append(text[pos:pos + exc.start].encode("cp932"))
            out.append("〓".encode("cp932") * (exc.end - exc.start))
            replaced += exc.end - exc.start
            pos += exc.end
    return Encoded(b"".join(out), n, replaced)
