"""When a customer can be reached: つながりやすい時間帯 from the times they called.

Seeds: contact people when they can answer. The desk's own call log knows when each
customer calls (and so is at home and free); the two-hour band they call in most often,
with 平日 or 土日 when all those calls fall on one kind of day, is what the call list
shows, e.g. 「平日 10〜12時」. A second band is added when it is nearly as common.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from desk_app.domain.clock import to_local

BAND_HOURS = 2


def _band(hour: int) -> int:
    return hour // BAND_HOURS * BAND_HOURS


def usual_hours(times: Iterable[datetime]) -> str:
    """e.g. 「平日 10〜12時」, 「10〜12時、土日 14〜16時」; "" without any call."""
    local = [to_local(t) for t in times]
    if not local:
        return ""
    bands = Counter(_band(t.hour) for t in local)
    ranked = sorted(bands.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [ranked[0]]
    if len(ranked) > 1 and ranked[1][1] >= 2 and ranked[1][1] * 2 >= ranked[0][1]:
        chosen.append(ranked[1])
    out = []
    for band, _count in sorted(chosen):
        kinds = {t.weekday() >= 5 for t in local if _band(t.hour) == band}
        prefix = "" if len(kinds) != 1 else ("土日 " if kinds == {True} else "平日 ")
        out.append(f"{prefix}{band}〜{band + BAND_HOURS}時")
    return "、".join(out)
