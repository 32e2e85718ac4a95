"""Trial on a fresh clone (issue 10): a 10,000-character note pasted into a pop-up came back
as 「復元した応対メモ」; its 保存 failed (the limit is 4,000) with a message on one line that
widened the window past the screen's edge, the 保存 button off screen. The editor now says
the note is too long while the clerk types, before 保存, and its status wraps in the width
it has: no message ever widens the window."""

from __future__ import annotations

from sqlalchemy import select
from ui_helpers import settle

from desk_app.domain.text import LIMITS
from desk_app.store.models import Customer

LONG = "\n".join(f"メモ行{n} 長いメモのテスト。" * 3 for n in range(400))[:10_000]


def restored_window(qtbot, ja_app, store, data_dir, body):
    from desk_app.store.drafts import NOTE, Draft, DraftStore
    from desk_app.ui.app import build_desk
    from desk_app.ui.customers.restore import RestoredNoteWindow, restore_drafts

    with store.new_session() as s:
        customer = s.scalars(select(Customer).order_by(Customer.id).limit(1)).one()
        cid, name = customer.id, customer.name
    DraftStore(data_dir / "drafts").save(Draft("note-popup-long", NOTE, {
        "body": body, "category": "inquiry"}, customer_id=cid, customer_name=name))
    services, window = build_desk(store, operator_id=1, operator_name="佐藤")
    qtbot.addWidget(window)
    opened = restore_drafts(window, services)
    restored = next(w for w in opened if isinstance(w, RestoredNoteWindow))
    return services, window, restored


def test_a_too_long_restored_note_says_so_and_keeps_its_window_on_screen(qtbot, ja_app, store,
                                                                         data_dir):
    services, window, restored = restored_window(qtbot, ja_app, store, data_dir, LONG)
    try:
        qtbot.waitExposed(restored)
        width = restored.width()
        editor = restored.editor
        # said while typing, before 保存: the limit and how much there is
        assert f"{LIMITS['note']:,}" in editor.status.text() or str(LIMITS["note"]) in \
            editor.status.text()
        assert not restored.save_button.isEnabled()
        editor.save()  # Ctrl+Enter anyway
        settle(qtbot, services)
        qtbot.wait(50)
        assert restored.width() == width
        assert restored.minimumSizeHint().width() <= width
        assert restored.isVisible()  # nothing was thrown away
        assert editor.body.toPlainText() == LONG
        editor.body.setPlainText(LONG[:3000])  # the clerk shortens it: it can be saved again
        qtbot.waitUntil(restored.save_button.isEnabled, timeout=2000)
        assert str(LIMITS["note"]) not in editor.status.text().replace(",", "")
        restored.close()
    finally:
        services.stop()


def test_a_long_status_text_never_widens_the_note_editor(qtbot, ja_app, store, data_dir):
    services, window, restored = restored_window(qtbot, ja_app, store, data_dir, "短いメモ")
    try:
        qtbot.waitExposed(restored)
        width = restored.width()
        restored.editor.status.setText("保存できません（下書きは残っています）: " + "長い理由" * 60)
        qtbot.wait(50)
        assert restored.minimumSizeHint().width() <= width
        assert restored.width() == width
        restored.close()
    finally:
        services.stop()
