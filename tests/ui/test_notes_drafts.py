"""Notes while talking: saved with the operator, newest first, call outcome "note";
drafts written as the clerk types and restored after the process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import numbers, post_and_wait, settle, type_text

from desk_app.domain.call_event import CallEvent
from desk_app.services import calls


def test_note_on_the_pop_up_is_saved_newest_first_with_operator(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    editor = popup.notes
    popup.trigger("note")
    editor.category.setCurrentIndex(editor.category.findData("complaint"))
    editor.follow_up.setChecked(True)
    type_text(editor.body, "箱が潰れていた")
    qtbot.waitUntil(lambda: services.drafts.load(editor.draft_key) is not None, timeout=2000)
    with qtbot.waitSignal(editor.saved, timeout=3000) as saved:
        qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    note = saved.args[0]
    assert note.operator == "佐藤" and note.category == "complaint" and note.needs_follow_up
    assert services.drafts.load(editor.draft_key) is None
    window.open_customer(popup.customer_id)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == popup.customer_id, timeout=3000)
    settle(qtbot, services)
    first = window.card.notes.topLevelItem(0)
    assert first.text(3) == "箱が潰れていた" and first.text(1) == "クレーム"
    assert first.text(2) == "未対応" and first.text(4) == "佐藤"
    rows = []
    services.tasks.submit(lambda ctx: calls.call_log(ctx), on_done=rows.extend)
    settle(qtbot, services)
    assert {r.id: r for r in rows}[popup.call_id].outcome == "note"
    # 対応済み is an explicit action: the button records who and when (see test_note_history)
    window.card.notes.setCurrentItem(first)
    window.card.note_history.mark_button.click()
    qtbot.waitUntil(lambda: window.card.notes.topLevelItem(0).text(2).startswith("対応済み"),
                    timeout=3000)
    assert window.card.notes.topLevelItem(0).text(2).endswith("佐藤")


def test_note_on_an_unknown_number_is_kept_and_attached_at_registration(qtbot, desk, store):
    from desk_app.services.base import ServiceContext
    from desk_app.services.customers import check_registration, number_notes

    services, window = desk
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number="0311112233"))
    assert popup.kind == "unknown" and popup.notes.save_button.isEnabled()
    type_text(popup.notes.body, "カタログ希望")
    qtbot.waitUntil(lambda: services.drafts.load(popup.notes.draft_key) is not None,
                    timeout=2000)
    assert services.drafts.load(popup.notes.draft_key).call_id == popup.call_id
    with qtbot.waitSignal(popup.notes.saved, timeout=3000):
        popup.notes.save()
    ctx = ServiceContext(store)
    assert [n.body for n in number_notes(ctx, "0311112233")] == ["カタログ希望"]
    data = check_registration(ctx, {"name": "資料 請求", "kana": "シリョウ セイキュウ",
                                    "phones": [{"number": "03-1111-2233"}]})
    card = []
    from desk_app.services import calldesk

    services.tasks.submit(lambda c: calldesk.register_customer(c, data).value,
                           on_done=card.append)
    settle(qtbot, services)
    assert [n.body for n in card[0].card.notes] == ["カタログ希望"]


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from desk_app.store.db import Store
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    app = QApplication([])
    setup_app(app, "ja")
    services, window = build_desk(Store(sys.argv[1]), operator_id=2, operator_name="田中")
    window.show()
    window.open_customer(int(sys.argv[2]))
    while window.card.card is None:
        app.processEvents(); time.sleep(0.01)
    window.card.focus_note()
    for ch in sys.argv[3]:  # typed key by key, as an IME commits it
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.sendEvent(window.card.editor.body,
                          QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        app.processEvents()
    end = time.monotonic() + 0.8  # longer than the 300 ms draft delay
    while time.monotonic() < end:
        app.processEvents(); time.sleep(0.01)
    print("TYPED", flush=True)
    while True:
        app.processEvents(); time.sleep(0.01)
""")


def test_draft_survives_a_kill_and_is_restored_in_a_new_process(qtbot, ja_app, store,
                                                                  data_dir, tmp_path):
    from desk_app.ui.app import build_desk
    from desk_app.ui.customers.restore import restore_drafts

    with store.new_session() as s:
        from sqlalchemy import select

        from desk_app.store.models import Customer

        customer_id = s.scalar(select(Customer.id).order_by(Customer.id).limit(1))
    text = "定期便を60日ごとに変更希望、次回から"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "DESK_DATA_DIR": str(data_dir)}
    child = subprocess.Popen([sys.executable, str(script), store.url, str(customer_id), text],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)  # no cleanup, no atexit, no Qt teardown
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    files = list(Path(data_dir, "drafts").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["fields"]["body"] == text

    services, window = build_desk(store, operator_id=1, operator_name="佐藤")
    qtbot.addWidget(window)
    window.show()
    try:
        restore_drafts(window, services)
        qtbot.waitUntil(lambda: window.card.card is not None, timeout=3000)
        settle(qtbot, services)
        assert window.card.card.summary.customer_id == customer_id
        assert window.card.editor.body.toPlainText() == text
        window.card.editor.save()
        qtbot.waitUntil(lambda: not list(Path(data_dir, "drafts").glob("*.json")), timeout=3000)
        settle(qtbot, services)
        assert window.card.notes.topLevelItem(0).text(3) == text
    finally:
        services.stop()


def test_pop_up_draft_without_customer_is_restored_in_its_own_window(qtbot, ja_app, store,
                                                                     data_dir):
    from desk_app.store.drafts import NOTE, Draft, DraftStore
    from desk_app.ui.app import build_desk
    from desk_app.ui.customers.restore import RestoredNoteWindow, restore_drafts

    DraftStore(data_dir / "drafts").save(Draft("note-popup-abc", NOTE, {
        "body": "お名前を伺う前に切れた", "category": "inquiry"}, call_id=None))
    services, window = build_desk(store, operator_id=1, operator_name="佐藤")
    qtbot.addWidget(window)
    try:
        opened = restore_drafts(window, services)
        assert len(opened) == 1 and isinstance(opened[0], RestoredNoteWindow)
        assert opened[0].editor.body.toPlainText() == "お名前を伺う前に切れた"
        assert opened[0].editor.category.currentData() == "inquiry"
        assert opened[0].attach.isVisible()
        opened[0].close()
    finally:
        services.stop()
