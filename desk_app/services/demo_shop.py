"""The deterministic demo shop (``desk-app seed``, ``desk-app run --demo``, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from desk_app.services.base import ServiceContext
from desk_app.store.seed import SeedReport, seed

__all__ = ["SeedReport", "seed_demo"]


def seed_demo(ctx: ServiceContext, customers: int, seed_value: int = 1,
              today: date | None = None, *, progress: Callable[[str], None] | None = None,
              orders_factor: float = 1.0) -> SeedReport:
    """Write *customers* demo customers with their order history ending on *today* (the
    context's day when None); the same seed always writes the same shop."""
    return seed(ctx.store, customers, seed_value, today or ctx.today(),
                progress=progress or (lambda _s: None), orders_factor=orders_factor)
