"""The product catalogue: the whole of it for the form and the editor, save, retire, and
CSV import and export (UTF-8 or Shift_JIS, the ``desk-app products`` contract)."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.orders import ProductInfo
from desk_app.exports.products_csv import ENCODINGS, CsvError, format_csv, parse
from desk_app.services.base import Changes, Invalid, Result, ServiceContext
from desk_app.store import products
from desk_app.store.products import (
    Catalogue,
    ImportReport,
    ProductInput,
)
from desk_app.store.products import (
    ProductRefused as StoreRefused,
)

__all__ = ["ENCODINGS", "Catalogue", "CsvExport", "CsvRefused", "ImportReport", "ProductInput",
           "ProductRefused", "export_csv", "import_csv", "load", "save_product", "set_active",
           "validate_product"]

validate_product = products.validate_product


class ProductRefused(Invalid):
    """A product (or an imported row) breaks the catalogue's rules; nothing was saved."""


class CsvRefused(Invalid):
    """A file that cannot be read as a catalogue (encoding, header, a cell that is not a
    number); nothing was saved."""


@dataclass(frozen=True, slots=True)
class CsvExport:
    data: bytes
    products: int
    encoding: str


def load(ctx: ServiceContext) -> Catalogue:
    """Every product, retired ones included (the catalogue filters them)."""
    with ctx.reading() as s:
        return products.load_catalogue(s)


def save_product(ctx: ServiceContext, data: ProductInput,
                 product_id: int | None = None) -> Result[ProductInfo]:
    """Add (*product_id* None) or edit a product; raises :class:`ProductRefused`."""
    try:
        with ctx.transaction() as s:
            saved = products.save_product(s, data, product_id)
    except StoreRefused as exc:
        raise ProductRefused.of(exc) from None
    return Result(saved, Changes(products=True))


def set_active(ctx: ServiceContext, sku: str, active: bool) -> Result[ProductInfo]:
    """Retire (販売終了) or bring back a product."""
    try:
        with ctx.transaction() as s:
            saved = products.set_active(s, sku, active)
    except StoreRefused as exc:
        raise ProductRefused.of(exc) from None
    return Result(saved, Changes(products=True))


def import_csv(ctx: ServiceContext, data: bytes) -> Result[ImportReport]:
    """Add or update products from a catalogue file, all or nothing: raises
    :class:`CsvRefused` for a file it cannot read, :class:`ProductRefused` for bad rows."""
    try:
        rows, columns = parse(data)
    except CsvError as exc:
        raise CsvRefused.of(exc) from None
    try:
        with ctx.transaction() as s:
            report = products.import_products(s, rows, columns)
    except StoreRefused as exc:
        raise ProductRefused.of(exc) from None
    return Result(report, Changes(products=True))


def export_csv(ctx: ServiceContext, encoding: str = "cp932") -> CsvExport:
    """The whole catalogue as CSV; characters Shift_JIS lacks raise ``UnicodeEncodeError``
    (export as UTF-8 then) rather than being lost."""
    items = load(ctx).products(include_retired=True)
    return CsvExport(format_csv(items, encoding), len(items), encoding)
