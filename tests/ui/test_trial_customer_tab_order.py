"""Trial on a fresh clone (issue 10): Tab in 新規顧客登録 / 顧客情報の修正 went from 部署名 to
「電話番号を追加」 and on to the postal code; the phone rows (kind and number) came last,
after 注意, so a clerk tabbing through the form as the caller spells it out never reached
the phone number where it is shown."""

from __future__ import annotations

from test_registration_and_discard import registration
from ui_helpers import tab_walk


def assert_phones_in_place(fields) -> None:
    e = fields.edits
    seen = tab_walk(e["name"])
    at = {w: n for n, w in reversed(list(enumerate(seen)))}
    numbers = [row.number for row in fields.phone_rows]
    assert all(n in at for n in numbers)
    assert at[e["department"]] < at[fields.phone_rows[0].kind] < at[numbers[0]]
    assert [at[n] for n in numbers] == sorted(at[n] for n in numbers)
    assert at[numbers[-1]] < at[fields.add_phone] < at[e["postal"]]


def test_tab_reaches_the_phone_rows_between_the_names_and_the_postal_code(qtbot, desk):
    services, window = desk
    dialog = registration(qtbot, services)
    assert_phones_in_place(dialog.fields)
    dialog.fields.add_phone.click()  # a third number, added during the call
    assert len(dialog.fields.phone_rows) == 3
    qtbot.waitUntil(dialog.fields.phone_rows[2].number.isVisible, timeout=2000)
    dialog.activateWindow()  # the test platform drops the activation when the row shows
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert_phones_in_place(dialog.fields)
    dialog.done(0)
