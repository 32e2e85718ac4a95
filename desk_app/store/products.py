"""The product catalogue: list, add, edit, retire, bulk import; and its in-memory copy.

A shop's catalogue is small (tens to a few thousand items), so the order form keeps the
whole of it in memory (:class:`Catalogue`) and resolves product codes and name/kana search
without a query per keystroke. Products are never deleted, only retired: order lines keep
pointing at them, and a retired product can come back next season. What a product must be
(``ProductInput``, ``validate_product``) is a rule of ``domain.products``, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.kana import fold_kana, fold_name
from desk_app.domain.messages import Problem, Refused
from desk_app.domain.orders import ProductInfo
from desk_app.domain.products import ProductInput, row_field, sku_key, validate_product
from desk_app.store.models import Product

__all__ = ["Catalogue", "ImportReport", "ProductInput", "ProductRefused", "import_products",
           "info", "load_catalogue", "row_field", "save_product", "set_active", "sku_key",
           "validate_product"]


class Catalogue:
    """Products by SKU with search by code, name or reading; immutable once built."""

    def __init__(self, products: list[ProductInfo]) -> None:
        self._by_key = {sku_key(p.sku): p for p in products}
        self._index = [(p, sku_key(p.sku), fold_kana(p.kana), fold_name(p.name))
                       for p in sorted(products, key=lambda p: p.sku)]

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, sku: str) -> ProductInfo | None:
        return self._by_key.get(sku_key(sku))

    def products(self, include_retired: bool = False) -> list[ProductInfo]:
        return [p for p, *_k in self._index if include_retired or p.active]

    def search(self, text: str, limit: int = 20, include_retired: bool = False) -> list[ProductInfo]:
        """Exact code, code prefix, reading prefix, then name or reading containing *text*."""
        code, kana, name = sku_key(text), fold_kana(text), fold_name(text)
        if not code:
            return []
        ranked = []
        for p, k_sku, k_kana, k_name in self._index:
            if not (include_retired or p.active):
                continue
            if k_sku == code:
                rank = 0
            elif k_sku.startswith(code):
                rank = 1
            elif kana and k_kana.startswith(kana):
                rank = 2
            elif (name and name in k_name) or (kana and kana in k_kana):
                rank = 3
            else:
                continue
            ranked.append((rank, p.sku, p))
        return [p for *_r, p in sorted(ranked, key=lambda t: t[:2])[:limit]]


def info(p: Product) -> ProductInfo:
    return ProductInfo(sku=p.sku, name=p.name, price=p.price, tax_rate=p.tax_rate, kana=p.kana,
                       consumption_days=p.consumption_days, upgrade_sku=p.upgrade_sku,
                       active=p.active, id=p.id)


def load_catalogue(session: Session, skus: list[str] | None = None) -> Catalogue:
    """All products, or only those with the given SKUs (what an order save needs)."""
    query = select(Product)
    if skus is not None:
        keys = {sku_key(s) for s in skus} | {s for s in skus}
        query = query.where(Product.sku.in_(keys))
    return Catalogue([info(p) for p in session.scalars(query)])


class ProductRefused(Refused):
    """A product (or an import) with errors; ``errors`` says where and why."""


def save_product(session: Session, data: ProductInput, product_id: int | None = None) -> ProductInfo:
    """Add (``product_id`` None) or edit a product; raises :class:`ProductRefused`."""
    data = data.normalized()
    errors = validate_product(data)
    clash = session.scalar(select(Product).where(Product.sku == data.sku))
    if clash is not None and clash.id != product_id:
        errors.append(Problem("product.sku_taken", {"sku": data.sku}, "sku"))
    if data.upgrade_sku and not session.scalar(
            select(Product.id).where(Product.sku == data.upgrade_sku)):
        errors.append(Problem("product.upgrade_missing", {"sku": data.upgrade_sku}, "upgrade_sku"))
    if errors:
        raise ProductRefused(errors)
    product = session.get(Product, product_id) if product_id is not None else Product()
    if product is None:
        raise ProductRefused([Problem("product.not_found", field="sku")])
    _assign(product, data)
    session.add(product)
    session.flush()
    return info(product)


def _assign(product: Product, data: ProductInput) -> None:
    product.sku, product.name, product.kana = data.sku, data.name, data.kana
    product.kana_key = fold_kana(data.kana)
    product.price, product.tax_rate = data.price, data.tax_rate
    product.consumption_days, product.upgrade_sku = data.consumption_days, data.upgrade_sku
    product.active = data.active


def set_active(session: Session, sku: str, active: bool) -> ProductInfo:
    """Retire (販売終了) or bring back a product."""
    product = session.scalar(select(Product).where(Product.sku == sku_key(sku)))
    if product is None:
        raise ProductRefused([Problem("product.sku_unknown", {"sku": sku}, "sku")])
    product.active = active
    session.flush()
    return info(product)


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int
    updated: int


def import_products(session: Session, rows: list[ProductInput],
                    columns: frozenset[str] = frozenset({"upgrade_sku", "active"})) -> ImportReport:
    """Upsert by SKU, all or nothing: the caller's transaction is rolled back on errors.

    *columns* says which optional columns the file had: a file without ``upgrade_sku`` or
    ``active`` leaves those of existing products alone. Upgrade SKUs may point at products
    added by the same file, so they are checked once every row is in.
    """
    rows = [r.normalized() for r in rows]
    errors = [e.at(row_field(i + 2, e.field))
              for i, r in enumerate(rows) for e in validate_product(r)]
    seen: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.sku in seen:
            errors.append(Problem("product.sku_repeated", {"sku": r.sku, "line": seen[r.sku] + 2},
                                  row_field(i + 2, "sku")))
        seen.setdefault(r.sku, i)
    if errors:
        raise ProductRefused(errors)
    existing = {p.sku: p for p in session.scalars(select(Product))}
    added = updated = 0
    for r in rows:
        product = existing.get(r.sku)
        if product is None:
            product = existing[r.sku] = Product()
            session.add(product)
            added += 1
        else:
            updated += 1
            if "upgrade_sku" not in columns:
                r = replace(r, upgrade_sku=product.upgrade_sku)
            if "active" not in columns:
                r = replace(r, active=product.active)
        _assign(product, r)
    missing = [Problem("product.upgrade_missing", {"sku": r.upgrade_sku},
                       row_field(i + 2, "upgrade_sku"))
               for i, r in enumerate(rows) if r.upgrade_sku and r.upgrade_sku not in existing]
    if missing:
        raise ProductRefused(missing)
    session.flush()
    return ImportReport(added, updated)
