"""Trial on a fresh clone (issue 10): after a refused 保存 the order form said
「入力内容を確認してください（2件）」 and kept saying 2件 while the clerk fixed the fields one by
one (the field messages went, the count stayed). The count follows the fields now."""

from __future__ import annotations

from test_enter_never_saves import open_form, repeat_customer


def test_the_problem_count_follows_the_fixes(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    assert not form.save()  # no line, no payment
    first = form.status.text()
    assert "2" in first
    form.payment.setCurrentIndex(form.payment.findData("bank"))
    assert "1" in form.status.text() and "2" not in form.status.text()
    form.items.add("F001", 1)
    assert form.status.text() == ""  # nothing left to check
    form.ctx = None
    form.close()
