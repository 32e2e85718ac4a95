"""Trial on a fresh clone (issue 10): Tab through the order form goes as the form reads.
「このお届け先を登録する」 came after 保存 and 「前回と同じ内容で受注」 (so a clerk tabbing
through the ship-to passed Save and the replace-lines button before reaching it), and Tab
from 保存 landed on 「前回と同じ内容で受注」."""

from __future__ import annotations

from test_enter_never_saves import open_form, repeat_customer
from ui_helpers import tab_walk


def test_tab_goes_through_the_ship_to_before_payment_and_save(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    form.ship.source.setCurrentIndex(form.ship.source.count() - 1)  # 別のお届け先
    qtbot.waitUntil(form.ship.remember.isVisible, timeout=2000)
    seen = tab_walk(form.items.code)
    where = {w: n for n, w in reversed(list(enumerate(seen)))}
    path = [form.items.code, form.delivery.slot, form.ship.name, form.ship.phone,
            form.ship.remember, form.payment, form.save_button]
    assert all(w in where for w in path), [w.objectName() for w in path if w not in where]
    assert [where[w] for w in path] == sorted(where[w] for w in path)
    assert where[form.ship.remember] == where[form.ship.phone] + 1
    assert where[form.payment] == where[form.ship.remember] + 1
    after_save = seen[where[form.save_button] + 1]
    assert after_save is not form.repeat  # Tab from 保存 is not the replace-lines button
    form.ctx = None
    form.close()
