"""Run the real desk on an offscreen screen of a given size and print what a clerk would see.

    python tests/ui/desk_on_screen.py 1280x800 OUT.json

Qt's offscreen platform takes its screens from a config file, which must be given before
the application starts, so this runs in its own process (tests/ui/test_desk_layout.py starts
it once per size). It seeds a small shop, shows the main window as the app sizes it, opens a
card, rings every kind of call (a known caller, a family number, an unknown number, 非通知,
公衆電話, 表示圏外, then more calls than are shown) and writes the geometry of the windows,
the pop-ups and each of their buttons as JSON.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def main(size: str, out: str) -> int:
    w, h = (int(v) for v in size.lower().split("x"))
    folder = Path(tempfile.mkdtemp(prefix="desk-on-screen-"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": w,
                                               "height": h, "logicalDpi": 96}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["DESK_DATA_DIR"] = str(folder / "data")

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from desk_app.domain.call_event import CallEvent, Withheld
    from desk_app.store.db import Store
    from desk_app.store.models import Phone
    from desk_app.store.seed import seed
    from desk_app.ui.app import build_desk
    from desk_app.ui.kit.resources import setup_app

    app = QApplication(sys.argv[:1])
    setup_app(app, "ja")
    store = Store(f"sqlite:///{folder / 'desk.db'}")
    seed(store, 300, seed=3, today=TODAY)
    with store.new_session() as s:
        single = s.scalar(select(Phone.national).where(Phone.kind == "mobile")
                          .order_by(Phone.id).limit(1))
        family = s.scalar(select(Phone.national).group_by(Phone.national)
                          .having(func.count(func.distinct(Phone.customer_id)) > 1).limit(1))
    services, window = build_desk(store, operator_id=1, operator_name="佐藤",
                                  today=lambda: TODAY)

    def settle(cond=lambda: True, timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while not (cond() and services.tasks.pending == 0):
            if time.monotonic() > end:
                raise TimeoutError("the desk did not settle")
            app.processEvents()
            time.sleep(0.002)
        for _ in range(10):
            app.processEvents()

    def rect(widget) -> list[int]:
        g = widget.frameGeometry()
        return [g.x(), g.y(), g.width(), g.height()]

    window.show()
    window.search.box.setText("さとう")
    settle(lambda: window.search.model.rowCount() > 0)

    def search_fit() -> dict:
        table = window.search.table
        shown = [c for c in range(window.search.model.columnCount())
                 if not table.isColumnHidden(c)]
        return {"scroll_bar": table.horizontalScrollBar().isVisible(),
                "viewport": table.viewport().width(), "shown": shown,
                "widths": sum(table.columnWidth(c) for c in shown)}

    typical_fit = search_fit()
    # long data: a 40-character name and a long address in the same list
    items = list(window.search.model.items)
    items[0] = dataclasses.replace(items[0], name="長い" * 20, kana="ナガイ" * 12,
                                   address="北海道札幌市中央区" * 6)
    window.search.model.set_items(items)
    settle()
    long_fit = search_fit()
    window.open_customer(window.search.model.item(0).customer_id)
    settle(lambda: window.card.card is not None)
    card = window.card
    result: dict = {
        "screen": [0, 0, w, h],
        "available": (lambda g: [g.x(), g.y(), g.width(), g.height()])(
            app.primaryScreen().availableGeometry()),
        "window": rect(window),
        "card_buttons": [[b.text(), b.width(), b.sizeHint().width(),
                          b.mapTo(card, b.rect().topLeft()).x() + b.width() <= card.width()]
                         for b in (card.order_button, card.repeat_button, card.note_button,
                                   card.edit_button)],
        "card_name": [card.name.text(), card.name.isVisible(), card.name.width(),
                      card.name.fontMetrics().horizontalAdvance(card.name.text())],
        "card_body_fits": card.body.minimumSizeHint().width() <= card.scroll.viewport().width(),
        "recent": [window.recent.list.viewport().width(),
                   max((window.recent.list.sizeHintForColumn(0),), default=0)],
        "placeholder": [window.search.box.width(),
                        window.search.box.fontMetrics().horizontalAdvance(
                            window.search.box.placeholderText())],
        "search_fit": [typical_fit, long_fit],
        "search_columns": [window.search.table.viewport().width(),
                           sum(window.search.table.columnWidth(c) for c in range(5))],
        "popups": [],
    }
    events = [CallEvent("t", number=single, line="1"), CallEvent("t", number=family, line="2"),
              CallEvent("t", number="0311119999", line="3"),
              CallEvent("t", withheld=Withheld.PRIVATE, line="4"),
              CallEvent("t", withheld=Withheld.PAYPHONE, line="5"),
              CallEvent("t", withheld=Withheld.UNAVAILABLE, line="6")]
    for event in events:
        services.bridge.post_event(event)
        count = len(window.popups.popups) + 1
        settle(lambda n=count: len(window.popups.popups) >= n
               and window.popups.popups[-1].data is not None)
        popup = window.popups.popups[-1]
        buttons = [[b.text(), *(lambda g: [g.x(), g.y(), g.width(), g.height()])(
                        b.geometry().translated(b.parentWidget().mapTo(popup, b.parentWidget()
                                                                       .rect().topLeft()))),
                    b.sizeHint().width()]
                   for b in popup.buttons.values() if b.isVisible()]
        notes = popup.notes.save_button
        result["popups"].append({
            "kind": popup.kind, "rect": rect(popup), "size": [popup.width(), popup.height()],
            "buttons": buttons,
            "content_fits": popup.content.minimumSizeHint().width()
            <= popup.scroll.viewport().width(),
            "note_save_inside": (not notes.isVisible()) or (
                notes.mapTo(popup.content, notes.rect().topRight()).x()
                <= popup.scroll.viewport().width()),
            "title": [popup.title.width(),
                      popup.title.fontMetrics().horizontalAdvance(popup.title.text())],
        })
    shown = [p for p in window.popups.popups if p.isVisible()]
    summary = window.popups.summary
    result["shown"] = [rect(p) for p in shown]
    result["summary"] = rect(summary) if summary.isVisible() else None
    result["summary_text"] = [summary.text(), summary.width(), summary.sizeHint().width()]
    result["window_after"] = rect(window)
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for popup in list(window.popups.popups):
        popup.dismiss(ask=False)
    settle()
    services.stop()
    store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
