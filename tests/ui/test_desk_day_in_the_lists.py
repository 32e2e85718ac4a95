"""The call log's day and the customer voices' period start from the desk's day (Japan's,
from the desk context), not from the machine's clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from ui_helpers import TODAY, settle

from desk_app.domain.clock import JST


def test_the_call_log_opens_on_the_desks_day(desk):
    services, window = desk
    assert window.call_log.day.date().toPython() == TODAY


def test_the_voices_period_counts_back_from_the_desks_day(qtbot, desk, monkeypatch):
    from desk_app.ui.desk import voices

    services, window = desk
    asked = []
    real = voices.notes.voices
    monkeypatch.setattr(voices.notes, "voices",
                        lambda ctx, since, *a: asked.append(since) or real(ctx, since, *a))
    view = window.voices
    view.period.setCurrentIndex(next(i for i in range(view.period.count())
                                     if view.period.itemData(i) is not None))
    view.refresh()
    settle(qtbot, services)
    days = view.period.currentData()
    assert asked and asked[-1] == datetime.combine(TODAY - timedelta(days=days - 1), time(0),
                                                   JST)
