"""What a catalogue product must be: its code's form, the fields a clerk or a CSV row gives,
and the checks on them (no store: ``store/products.py`` saves what passes, the CSV format in
``exports/products_csv.py`` reads rows into :class:`ProductInput`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from desk_app.domain.kana import to_katakana_reading
from desk_app.domain.messages import Problem
from desk_app.domain.money import TAX_RATES

_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")


def sku_key(sku: str | None) -> str:
    """What a clerk types and what is stored compare equal: ｆ００１ → F001."""
    return unicodedata.normalize("NFKC", sku or "").strip().upper()


@dataclass(frozen=True, slots=True)
class ProductInput:
    """A product as typed in the catalogue editor or read from a CSV row."""

    sku: str
    name: str
    price: int
    tax_rate: int
    kana: str = ""
    consumption_days: int | None = None
    upgrade_sku: str | None = None
    active: bool = True

    def normalized(self) -> ProductInput:
        return replace(self, sku=sku_key(self.sku), name=self.name.strip(),
                       kana=to_katakana_reading(self.kana),
                       upgrade_sku=sku_key(self.upgrade_sku) or None)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_product(p: ProductInput) -> list[Problem]:
    errors = []
    if not _SKU.match(sku_key(p.sku)):
        errors.append(Problem("product.sku_format", field="sku"))
    if not p.name.strip() or len(p.name) > 120:
        errors.append(Problem("product.name", field="name"))
    if len(p.kana) > 120:
        errors.append(Problem("product.kana_length", field="kana"))
    if not _is_int(p.price) or not 0 <= p.price <= 9_999_999:
        errors.append(Problem("product.price", field="price"))
    if p.tax_rate not in TAX_RATES:
        errors.append(Problem("product.tax_rate", field="tax_rate"))
    days = p.consumption_days
    if days is not None and (not _is_int(days) or not 1 <= days <= 3650):
        errors.append(Problem("product.consumption_days", field="consumption_days"))
    if p.upgrade_sku and sku_key(p.upgrade_sku) == sku_key(p.sku):
        errors.append(Problem("product.upgrade_self", field="upgrade_sku"))
    return errors


def row_field(row: int, name: str) -> str:
    """A CSV cell as a field path: 行3.price (line 1 is the header)."""
    return f"行{row}.{name}"
