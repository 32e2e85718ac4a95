"""設定 › フォロー (the rules editor and its template page) as a clerk's trial used it:
nothing typed is lost — switching template or closing with unsaved edits asks first
(default いいえ), saving keeps the selected rule and says so, the template chooser shows
names, not internal keys."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton


@pytest.fixture
def desk(qapp, qtbot, store, tmp_path, monkeypatch):
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    setup_app(qapp, "ja")
    services, window = build_desk(store, operator_id=None, operator_name="")
    qtbot.addWidget(window)
    window.show()
    yield services, window
    for w in list(qapp.topLevelWidgets()):
        if w is not window and w.isVisible():
            w.close()
    services.stop()


class Questions:
    """Every message box the dialog opens, answered with *answer* (Qt's own exec patched)."""

    def __init__(self, monkeypatch) -> None:
        self.asked: list[tuple[str, QMessageBox.StandardButton]] = []
        self.answer = QMessageBox.StandardButton.No
        questions = self

        def exec_(box):
            questions.asked.append((box.text(), box.standardButton(box.defaultButton())))
            return questions.answer

        monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.fixture
def questions(monkeypatch):
    return Questions(monkeypatch)


def open_rules(qtbot, desk):
    _services, window = desk
    dialog = window.open_follow_rules()
    qtbot.waitUntil(lambda: dialog.loaded >= 1, timeout=10000)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    return dialog, closed


def settle(qtbot, services):
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=10000)
    qtbot.wait(20)


def close_button(dialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "閉じる")


def pick_template(dialog, key: str) -> None:
    dialog.template_list.setCurrentIndex(dialog.template_list.findData(key))


def select_rule(dialog, key: str) -> int:
    row = next(i for i, r in enumerate(dialog.rules) if r.key == key)
    dialog.table.setCurrentCell(row, 1)
    return row


def stored_rule(services, key: str):
    from desk_app.store.letter_records import load_rules

    with services.store.new_session() as s:
        return next(r for r in load_rules(s) if r.key == key)


def test_the_template_choosers_show_names_and_keep_the_keys(qtbot, desk):
    dialog, _closed = open_rules(qtbot, desk)
    keys = ["birthday", "comeback", "replenish", "second", "thanks"]
    for chooser in (dialog.template_list, dialog.template):
        shown = {chooser.itemData(i): chooser.itemText(i) for i in range(chooser.count())}
        assert set(keys) <= set(shown)
        for key in keys:
            assert key not in shown[key]
        assert shown["thanks"] == "お礼状"
        assert shown["birthday"] == "お誕生月のご挨拶"
    select_rule(dialog, "second")
    assert dialog.template.currentData() == "second"
