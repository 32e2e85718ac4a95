"""Phone numbers for the simulated caller-ID source (``desk-app run --demo``, benches).

The demo plays calls from real store numbers so the pop-up shows real cards: numbers owned by
exactly one customer, home numbers a family shares (the chooser) and valid numbers nobody has
(registration). The caller-ID layer never reads the store: the app's demo wiring calls
:func:`sample_numbers` and hands the result to ``callerid.demo.DemoSource``.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from sqlalchemy import func, select

from desk_app.domain.phone import try_normalize
from desk_app.store.db import Store
from desk_app.store.models import Phone


class SampledNumbers(NamedTuple):
    single: tuple[str, ...]  # national numbers of exactly one customer
    family: tuple[str, ...]  # home numbers shared by several customers
    unknown: tuple[str, ...]  # valid numbers not in the store


def sample_numbers(store: Store, rng: random.Random | None = None,
                   want: int = 12) -> SampledNumbers:
    """Sample phones by random id (fast on a million customers, no full GROUP BY)."""
    rng = rng or random.Random()
    single: list[str] = []
    family: list[str] = []
    with store.new_session() as s:
        top = s.scalar(select(func.max(Phone.id))) or 0
        for _ in range(4000 if top else 0):
            if len(single) >= want and len(family) >= want:
                break
            national = s.scalar(select(Phone.national).where(Phone.id == rng.randint(1, top)))
            if national is None or national in single or national in family:
                continue
            owners = s.scalar(select(func.count(func.distinct(Phone.customer_id)))
                              .where(Phone.national == national)) or 0
            bucket = family if owners > 1 else single
            if len(bucket) < want:
                bucket.append(national)
        unknown: list[str] = []
        while len(unknown) < want:
            prefix = rng.choice(["03", "06", "090", "080"])
            low = 2 * 10 ** 7 if len(prefix) == 2 else 10 ** 7
            candidate = prefix + str(rng.randrange(low, 10 ** 8))
            number = try_normalize(candidate)
            if number and not s.scalar(select(Phone.id).where(Phone.national == number.national)):
                unknown.append(number.national)
    return SampledNumbers(tuple(single), tuple(family), tuple(unknown))
