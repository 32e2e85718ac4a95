"""Product catalogue as CSV, in UTF-8 or Shift_JIS (CP932) — both are what shops have.

Excel in Japan saves CSV as CP932 unless told otherwise, and web shop systems export
UTF-8, often with a BOM; the reader accepts all three without asking. Columns are the
contract of ``desk-app products import``: ``sku,name,kana,price,tax_rate,consumption_days``,
plus the optional ``upgrade_sku`` and ``active`` that the export writes so that an
export → import round trip loses nothing.
"""

from __future__ import annotations

import csv
import io

from desk_app.domain.messages import Problem, Refused
from desk_app.domain.orders import ProductInfo
from desk_app.domain.products import ProductInput, row_field

REQUIRED = ("sku", "name", "kana", "price", "tax_rate", "consumption_days")
OPTIONAL = ("upgrade_sku", "active")
ENCODINGS = ("cp932", "utf-8")
_TRUE = {"1", "true", "yes", "y", "販売中", "有効"}
_FALSE = {"0", "false", "no", "n", "販売終了", "無効"}


class CsvError(Refused):
    """A file that cannot be read as a catalogue; ``errors`` lists every bad cell."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else CP932."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise CsvError([Problem("csv.encoding", field="file")]) from None


def _int(value: str, row: int, name: str, errors: list[Problem], *,
         blank_ok: bool = False) -> int | None:
    text = (value or "").strip().replace(",", "").replace("¥", "").replace("円", "")
    if not text and blank_ok:
        return None
    try:
        return int(text)
    except ValueError:
        errors.append(Problem("csv.not_integer", {"value": value}, row_field(row, name)))
        return None


def parse(data: bytes) -> tuple[list[ProductInput], frozenset[str]]:
    """Rows of a catalogue file and the optional columns it had; :class:`CsvError` lists
    every bad cell with its line number (line 1 is the header)."""
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise CsvError([Problem("csv.header_missing", {"missing": ", ".join(missing),
                                                       "required": ",".join(REQUIRED)},
                                "header")])
    reader.fieldnames = header
    rows: list[ProductInput] = []
    errors: list[Problem] = []
    for n, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # blank line
        active_text = (raw.get("active") or "").strip().lower()
        if active_text and active_text not in _TRUE | _FALSE:
            errors.append(Problem("csv.active", field=row_field(n, "active")))
        price = _int(raw["price"], n, "price", errors)
        rate = _int(raw["tax_rate"], n, "tax_rate", errors)
        days = _int(raw["consumption_days"], n, "consumption_days", errors, blank_ok=True)
        rows.append(ProductInput(
            sku=(raw["sku"] or "").strip(), name=(raw["name"] or "").strip(),
            kana=(raw["kana"] or "").strip(), price=price if price is not None else -1,
            tax_rate=rate if rate is not None else 0, consumption_days=days,
            upgrade_sku=(raw.get("upgrade_sku") or "").strip() or None,
            active=active_text not in _FALSE))
    if errors:
        raise CsvError(errors)
    return rows, frozenset(h for h in OPTIONAL if h in header)


def format_csv(products: list[ProductInfo], encoding: str = "cp932") -> bytes:
    """CRLF lines (what Excel writes); UTF-8 gets a BOM so Excel opens it as UTF-8.
    Characters CP932 cannot hold raise ``UnicodeEncodeError`` rather than being lost."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REQUIRED + OPTIONAL)
    for p in products:
        writer.writerow([p.sku, p.name, p.kana, p.price, p.tax_rate,
                         "" if p.consumption_days is None else p.consumption_days,
                         p.upgrade_sku or "", 1 if p.active else 0])
    text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8") if encoding == "utf-8" else text.encode("cp932")
