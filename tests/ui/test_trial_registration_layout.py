"""Trial on a fresh clone (issue 10): at 1280×800 the 新規顧客登録 form opened 467 px tall on
an 800 px screen (sized from its scroll area's small hint), and once the field errors of a
refused registration appeared it squeezed the phone rows to half height, cutting the 携帯
number, instead of scrolling."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from test_registration_and_discard import registration
from ui_helpers import settle

from desk_app.ui.kit import placement

LAPTOP = placement.Rect(0, 0, 1280, 760)  # 1280×800 less the panel


def test_registration_uses_the_screen_and_never_squeezes_its_fields(qtbot, desk, monkeypatch):
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: LAPTOP)
    services, window = desk
    dialog = registration(qtbot, services)
    form = dialog.fields
    # tall enough for the form it holds (the screen permitting), not a third of it
    assert dialog.height() >= min(form.sizeHint().height(), LAPTOP.h - 120)
    assert dialog.height() <= LAPTOP.h
    form.edits["name"].setText("試験 花子")
    form.edits["kana"].setText("シケン ハナコ")
    form.phone_rows[0].number.setText("03-1234-9999")
    form.edits["postal"].setText("999-9999")
    dialog.submit()
    settle(qtbot, services)
    qtbot.waitUntil(lambda: any(label.isVisible() for label in form.field_errors.values()),
                    timeout=5000)
    qtbot.wait(50)
    squeezed = [(edit.objectName() or edit.placeholderText(), edit.height())
                for edit in form.findChildren(QLineEdit)
                if edit.isVisible() and edit.height() < edit.sizeHint().height()]
    assert squeezed == []
    dialog.fields.edits["name"].setText("")
    dialog.done(0)
