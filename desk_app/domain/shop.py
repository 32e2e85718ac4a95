"""店舗情報: the shop as its letters, postcards and delivery slips name it.

The 適格請求書発行事業者 registration number is ``T`` + 13 digits; for a corporation the 13
digits are its 法人番号, whose first digit is a check digit (国税庁's formula), so a typo
is caught before it is printed on every slip. Sole proprietors get a number that is not a
法人番号 but has the same form and check digit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Any

from desk_app.domain import messages

messages.register({
    "shop.registration_number": ("登録番号は T＋13桁の数字で入力してください（例: T1234567890123）。",
                                 "A registration number is T and 13 digits (T1234567890123)."),
    "shop.registration_check": ("登録番号の数字が正しくありません（チェックデジットが合いません）。",
                                "The registration number's check digit does not match."),
})


def registration_problem(number: str) -> str | None:
    """None for a valid T+13-digit number (or an empty one), else a message code."""
    text = unicodedata.normalize("NFKC", number or "").strip().upper().replace("-", "")
    if not text:
        return None
    if len(text) != 14 or text[0] != "T" or not text[1:].isdigit():
        return "shop.registration_number"
    digits = text[1:]
    base = digits[1:]  # 12 digits; weights 1, 2 alternating from the lowest digit
    total = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base), start=1))
    check = 9 - total % 9
    return None if check == int(digits[0]) else "shop.registration_check"


def clean_registration(number: str) -> str:
    return unicodedata.normalize("NFKC", number or "").strip().upper().replace("-", "")


@dataclass(frozen=True)
class ShopInfo:
    name: str
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    registration_number: str = ""  # T + 13 digits (適格請求書発行事業者)
    building: str = ""
    sender: str = ""  # 差出人 line under the shop's name on letters (e.g. お客様係 山田)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShopInfo:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known and v is not None})

    @property
    def full_address(self) -> str:
        return " ".join(p for p in (self.address, self.building) if p)


DEMO_SHOP = ShopInfo(name="デモ通販", postal_code="1000001", address="東京都千代田区千代田1-1",
                     phone="0312345678", registration_number="T7000012050002",
                     sender="お客様係")
