"""The shop's business calendar (closed weekdays, public holidays, own closed dates).

One shop-wide setting in ``shop_settings`` (every desk sharing a PostgreSQL must date
letters and parcels alike), read by the follow-up letters (due dates), the order form
(earliest delivery date), the order book (同梱 candidates) and the Yamato export (ship
dates). The rules are ``domain.calendar.BusinessCalendar``; until the shop saves its own,
the default closes Sundays and Japanese public holidays.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.calendar import BusinessCalendar
from desk_app.store.models import ShopSetting

CALENDAR_KEY = "business_calendar"
log = logging.getLogger(__name__)


def load_calendar(session: Session) -> BusinessCalendar:
    raw = session.scalar(select(ShopSetting.value).where(ShopSetting.key == CALENDAR_KEY))
    if not raw:
        return BusinessCalendar()
    try:
        return BusinessCalendar.from_dict(json.loads(raw))
    except (ValueError, TypeError) as exc:  # a damaged row must not stop orders or letters
        log.warning("stored business calendar unreadable, the default is used: %s", exc)
        return BusinessCalendar()


def save_calendar(session: Session, calendar: BusinessCalendar) -> None:
    value = json.dumps(calendar.to_dict())
    row = session.get(ShopSetting, CALENDAR_KEY)
    if row is None:
        session.add(ShopSetting(key=CALENDAR_KEY, value=value))
    else:
        row.value = value
    session.flush()
