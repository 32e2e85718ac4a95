"""Second trial on a fresh clone (issue 10): 本日のフォロー's フォロー box showed 「すべて(」 at
1280×800 and 1600×1000: the box took its width while still empty (before the list came)
and the choice 「すべて（211）」 was cut. The box is wide enough for the choice shown; the
phone column shows numbers as every other list does (0188-83-5205, not 0188835205)."""

from __future__ import annotations

from ui_helpers import settle

from desk_app.ui.kit import fmt


def test_the_follow_up_choice_shows_whole_and_phones_are_formatted(qtbot, desk):
    services, window = desk
    follow = window.open_follow_ups()
    qtbot.waitUntil(lambda: follow.loaded > 0, timeout=10000)
    settle(qtbot, services)
    qtbot.waitExposed(follow)
    box = follow.rule_filter
    text = box.currentText()
    assert text.startswith("すべて")
    assert box.width() >= box.fontMetrics().horizontalAdvance(text) + 24
    line = next(iter(follow.follow.due))
    cells = follow._render(line)
    assert cells[-1].startswith(fmt.display_number(line.phone))
    assert "-" in cells[-1]
    follow.close()
