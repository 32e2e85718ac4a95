"""Trial on a fresh clone (issue 10): at 1280×800 本日のフォロー (and the follow-up rules
editor) opened 1,200 px wide, under the pop-up column: a ringing call's pop-up covered the
list's 期限 and phone columns. Like every working window they fit beside the call column."""

from __future__ import annotations

from ui_helpers import settle

from desk_app.ui.kit import placement

LAPTOP = placement.Rect(0, 0, 1280, 760)


def test_follow_ups_and_their_rules_fit_beside_the_call_column(qtbot, desk, monkeypatch):
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: LAPTOP)
    services, window = desk
    work = placement.work_area(LAPTOP)
    follow = window.open_follow_ups()
    rules = window.open_follow_rules()
    settle(qtbot, services)
    for shown in (follow, rules):
        qtbot.waitExposed(shown)
        frame = shown.frameGeometry()
        assert frame.right() < work.right, type(shown).__name__
        assert frame.bottom() < LAPTOP.bottom, type(shown).__name__
    rules.close()
    follow.close()
