"""Today's shipments as a Yamato B2 Cloud 外部データ取込 CSV (column by column in
docs/yamato-b2.md).

B2 Cloud reads CP932 with CRLF line ends; the first line is a header that the import skips
(取込開始行 2). Characters CP932 lacks are mapped to their CP932 look-alikes (〜 → ～,
− → －) and anything left becomes 〓 with a warning naming the order, so the file always
imports and nobody ships to a silently mangled address. Fields wider than B2 allows are
reported, not cut: the clerk fixes the order, the label stays right.

A pure format: parcels in (``domain.parcels``, read by ``store/shipping.py``), bytes out;
``services/shipping.py`` joins the two.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desk_app.domain.messages import Problem, Refused
from desk_app.domain.parcels import Parcel
from desk_app.domain.phone import display_form

HEADER = (
    "お客様管理番号", "送り状種類", "クール区分", "伝票番号", "出荷予定日", "お届け予定日",
    "配達時間帯", "お届け先コード", "お届け先電話番号", "お届け先電話番号枝番",
    "お届け先郵便番号", "お届け先住所", "お届け先アパートマンション名", "お届け先会社・部門１",
    "お届け先会社・部門２", "お届け先名", "お届け先名(ｶﾅ)", "敬称", "ご依頼主コード",
    "ご依頼主電話番号", "ご依頼主電話番号枝番", "ご依頼主郵便番号", "ご依頼主住所",
    "ご依頼主アパートマンション", "ご依頼主名", "ご依頼主名(ｶﾅ)", "品名コード１", "品名１",
    "品名コード２", "品名２", "荷扱い１", "荷扱い２", "記事", "ｺﾚｸﾄ代金引換額（税込)",
    "内消費税額等", "止置き", "営業所コード", "発行枚数", "個数口表示フラグ", "請求先顧客コード",
    "請求先分類コード", "運賃管理番号",
)
TYPE_PREPAID, TYPE_COLLECT = "0", "2"  # 発払い, コレクト (代金引換)
# widths in CP932 bytes (全角 = 2): B2's "全角16文字/半角32文字" is 32
WIDTH = {"address": 64, "building": 32, "name": 32, "item": 50}
_LOOKALIKE = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225",
                            "\u2014": "\u2015", "\u00a2": "\uffe0", "\u00a3": "\uffe1",
                            "\u00ac": "\uffe2", "\u00a0": " "})


@dataclass(frozen=True)
class Shipper:
    """ご依頼主 (the shop) and its B2 contract numbers."""

    name: str
    phone: str
    postal_code: str
    address: str
    billing_customer_code: str  # 請求先顧客コード: 10 digits + 2-digit branch
    freight_number: str = "01"  # 運賃管理番号
    billing_class_code: str = ""  # 請求先分類コード
    building: str = ""
    gift_sender: str = "orderer"  # ご依頼主 of a gift: the orderer, or "shop"

    @classmethod
    def from_dict(cls, data: dict) -> Shipper:
        return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})


class ShopFileError(Refused):
    """shop.json cannot be read (its problem names the file and why)."""


def shop_shipper(path: Path) -> Shipper | None:
    """The shop's ご依頼主 and B2 contract from *path* (shop.json), None when there is no
    such file; ``desk-app export yamato`` and the desk's export both read it here. Raises
    :class:`ShopFileError` (a ValueError) naming the file when it cannot be read."""
    if not path.exists():
        return None
    try:
        return Shipper.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ShopFileError([Problem("shipping.shop_file", {"path": str(path),
                                                            "error": str(exc)})]) from None


DEMO_SHIPPER = Shipper(name="デモ通販 お客様係", phone="0312345678", postal_code="1000001",
                       address="東京都千代田区千代田1-1", billing_customer_code="012345678901")


@dataclass
class Export:
    data: bytes
    orders: list[int] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    held: list[int] = field(default_factory=list)  # 前払い orders still 入金待ち, left out


def width(text: str) -> int:
    """Width as B2 counts it: 全角 = 2, 半角 = 1 (CP932 bytes, after look-alike mapping)."""
    return len(text.translate(_LOOKALIKE).encode("cp932", errors="replace"))


def split_address(address: str) -> tuple[str, str]:
    """(住所, アパートマンション名): all in the first column when it fits, else split at the
    first space that makes the head fit, else at the width limit."""
    text = " ".join(address.translate(_LOOKALIKE).split())
    if width(text) <= WIDTH["address"]:
        return text, ""
    spaces = [i for i, ch in enumerate(text) if ch == " " and width(text[:i]) <= WIDTH["address"]]
    if spaces:
        return text[:spaces[0]], text[spaces[0] + 1:]
    cut = len(text)
    while width(text[:cut]) > WIDTH["address"]:
        cut -= 1
    return text[:cut], text[cut:]


def _postal(code: str | None) -> str:
    return f"{code[:3]}-{code[3:]}" if code and len(code) == 7 else (code or "")


def _sender(parcel: Parcel, shipper: Shipper) -> tuple[str, str, str, str, str]:
    """(phone, postal, address, building, name): the orderer for a gift (under the ご依頼主
    name the clerk took when it differs from the orderer's), else the shop."""
    c = parcel.orderer
    gift = c is not None and (parcel.ship_name, parcel.ship_postal_code) != (c.name,
                                                                            c.postal_code)
    if gift and c is not None and shipper.gift_sender == "orderer" and c.postal_code and c.address1:
        return (c.phone or shipper.phone, c.postal_code, c.address, c.building,
                parcel.sender_name or c.name)
    return (shipper.phone, shipper.postal_code, shipper.address, shipper.building, shipper.name)


def _row(parcel: Parcel, ship_date: date, shipper: Shipper,
         warnings: list[Problem]) -> list[str]:
    lines = parcel.lines
    address, building = split_address(parcel.ship_address or "")
    s_phone, s_postal, s_address, s_building, s_name = _sender(parcel, shipper)
    item2 = lines[1].name if len(lines) > 1 else ""
    if len(lines) > 2:
        item2 = f"{item2} 他{len(lines) - 2}点"
    collect = parcel.payment == "cod"
    checks = {"address": (address, "address"), "building": (building, "building"),
              "name": (parcel.ship_name or "", "name"),
              "item1": (lines[0].name if lines else "", "item"), "item2": (item2, "item")}
    for column, (text, kind) in checks.items():
        if width(text) > WIDTH[kind]:
            warnings.append(Problem("b2.too_wide", {"order": parcel.order_id, "text": text,
                                                    "column": Problem(f"b2.column.{column}")}))
    return [
        str(parcel.order_id), TYPE_COLLECT if collect else TYPE_PREPAID, "0", "",
        ship_date.strftime("%Y/%m/%d"),
        parcel.delivery_date.strftime("%Y/%m/%d") if parcel.delivery_date else "",
        parcel.delivery_slot or "", "", display_form(parcel.ship_phone or ""), "",
        _postal(parcel.ship_postal_code), address, building, "", "", parcel.ship_name or "", "",
        "様", "", display_form(s_phone), "", _postal(s_postal), s_address, s_building, s_name, "",
        lines[0].sku if lines else "", lines[0].name if lines else "",
        lines[1].sku if len(lines) > 1 else "", item2, "", "", "",
        str(parcel.total) if collect else "", str(parcel.tax) if collect else "",
        "0", "", "", "", shipper.billing_customer_code, shipper.billing_class_code,
        shipper.freight_number,
    ]


def _encode(text: str, order_id: int | None, warnings: list[Problem]) -> bytes:
    text = text.translate(_LOOKALIKE)
    try:
        return text.encode("cp932")
    except UnicodeEncodeError:
        bad = sorted({ch for ch in text if not _encodable(ch)})
        warnings.append(Problem("b2.not_sjis", {"order": order_id, "chars": "".join(bad)}))
        return "".join(ch if _encodable(ch) else "〓" for ch in text).encode("cp932")


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


def export_b2(parcels: Iterable[Parcel], ship_date: date, shipper: Shipper = DEMO_SHIPPER,
              held: Iterable[int] = ()) -> Export:
    """The B2 file of *parcels* (rows in, bytes out: ``store.shipping.due_parcels`` reads
    them); *held* (前払い orders still 入金待ち) is reported, not written."""
    result = Export(b"", held=list(held))
    chunks = [_encode(_csv_line(list(HEADER)), None, result.warnings)]
    for parcel in parcels:
        line = _csv_line(_row(parcel, ship_date, shipper, result.warnings))
        chunks.append(_encode(line, parcel.order_id, result.warnings))
        result.orders.append(parcel.order_id)
    result.data = b"".join(chunks)
    return result


def _csv_line(values: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()
