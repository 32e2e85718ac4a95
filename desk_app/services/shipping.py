"""Shipping: the day's parcels as a Yamato B2 Cloud import file (ヤマトB2用CSV出力).

The desk and ``desk-app export yamato`` run the same call with the ご依頼主 from the
settings' 店舗情報 (``[shop]`` and ``[yamato]`` of :mod:`desk_app.config`, which also reads a
``shop.json`` in the data folder; ``--shop FILE`` names another file; the demo shipper when
there is none), so a file made at the desk and one
made by a script are the same bytes. The warnings (a field too wide for B2, a character
Shift_JIS lacks) are message codes: those parcels need fixing before labels are printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desk_app.domain.clock import now_utc
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.messages import Problem
from desk_app.exports.yamato_b2 import (
    DEMO_SHIPPER,
    Shipper,
    ShopFileError,
    export_b2,
    shop_shipper,
)
from desk_app.services.base import Invalid, ServiceContext
from desk_app.store import shipping as store_shipping
from desk_app.store.db import data_dir
from desk_app.store.shipping import due_parcels

__all__ = ["DEMO_SHIPPER", "B2Export", "Shipper", "ShopFileRefused", "default_shop_file",
           "export_yamato", "load_shipper", "write_yamato"]


class ShopFileRefused(Invalid):
    """shop.json exists but cannot be read as a shipper."""


@dataclass(frozen=True)
class B2Export:
    ship_date: date
    data: bytes
    orders: tuple[int, ...]
    warnings: tuple[Problem, ...] = ()
    demo_shipper: bool = False
    path: Path | None = None  # where write_yamato wrote it
    held: tuple[int, ...] = ()  # 前払い orders still 入金待ち: left out until paid

    @property
    def rows(self) -> int:
        return len(self.orders)


def default_shop_file() -> Path:
    """shop.json in the data folder: the ご依頼主 and the B2 contract numbers."""
    return data_dir() / "shop.json"


def load_shipper(shop_file: Path | None, config=None) -> Shipper | None:
    """The shipper in *shop_file*, else in the settings (*config*, a
    ``desk_app.config.DeskConfig``; loaded when None); None when neither has one. Raises
    :class:`ShopFileRefused` naming the file when it cannot be read."""
    if shop_file is None:
        from desk_app import config as desk_config

        try:
            config = config or desk_config.load()
        except desk_config.ConfigError as exc:
            raise ShopFileRefused.one("shipping.shop_file", path=str(desk_config.default_path()),
                                      error=str(exc)) from None
        return Shipper.from_dict(config.shipper_fields()) if config.shop.is_set else None
    try:
        return shop_shipper(shop_file)
    except ShopFileError as exc:
        raise ShopFileRefused.of(exc) from None


def export_yamato(ctx: ServiceContext, ship_date: date, shipper: Shipper | None = None,
                  carrier: Carrier = DEFAULT_CARRIER) -> B2Export:
    """The parcels leaving on *ship_date* as B2 CSV bytes (CP932, CRLF); without a shipper
    the demo one (``demo_shipper`` says so)."""
    with ctx.reading() as s:
        parcels, held = due_parcels(s, ship_date, carrier)
    result = export_b2(parcels, ship_date, shipper or DEMO_SHIPPER, held)
    return B2Export(ship_date, result.data, tuple(result.orders), tuple(result.warnings),
                    shipper is None, held=tuple(result.held))


def write_yamato(ctx: ServiceContext, ship_date: date, path: str | Path,
                 shop_file: Path | None = None) -> B2Export:
    """What the desk's export does: the shipper from *shop_file*, else the context's settings
    (the demo shipper when there is none), the file written to *path*."""
    shipper = load_shipper(shop_file, ctx.config)
    export = export_yamato(ctx, ship_date, shipper)
    Path(path).write_bytes(export.data)
    mark_exported(ctx, export.orders)
    return B2Export(export.ship_date, export.data, export.orders, export.warnings,
                    export.demo_shipper, Path(path), export.held)


def mark_exported(ctx: ServiceContext, order_ids: tuple[int, ...]) -> None:
    """The parcels are in a shipping file now: no 同梱 is offered for them any more (the
    first export's time is kept when a day is exported again)."""
    if not order_ids:
        return
    with ctx.transaction() as s:
        store_shipping.mark_exported(s, order_ids, now_utc())
