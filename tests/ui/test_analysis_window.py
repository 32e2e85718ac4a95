"""The analysis window (分析): figures off the GUI thread; a click on a number lists exactly
the customers behind it; the list opens the card and exports a recorded CSV; PNG/PDF."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import Qt
from rfm_support import add_customer, add_note, add_order

from desk_app.services.base import ServiceContext

AS_OF = date(2026, 11, 30)


@pytest.fixture
def shop(tmp_path):
    from desk_app.services.analysis import forget
    from desk_app.store.db import Store

    store = Store(f"sqlite:///{tmp_path / 'shop.db'}")
    ids = {}
    ids["new"] = add_customer(store, "0000001", name="新井 一郎")
    add_order(store, ids["new"], date(2026, 11, 1), 3_000)
    for code in ("0000002", "0000005"):
        ids[code] = add_customer(store, code, name=f"優良 {code[-1]}")
        for d in (date(2024, 1, 10), date(2024, 6, 1), date(2025, 3, 1)):
            add_order(store, ids[code], d, 30_000)
    ids["active_loyal"] = add_customer(store, "0000006", name="現役 六")
    for d in (date(2025, 1, 10), date(2025, 6, 1), date(2026, 10, 1)):
        add_order(store, ids["active_loyal"], d, 30_000)
    ids["prospect"] = add_customer(store, "0000003", name="見込 三郎")
    add_note(store, ids["0000002"], datetime(2025, 2, 10, 3, tzinfo=timezone.utc),
             "complaint", nps=4)
    store.ids = ids
    yield store
    forget(store)
    store.dispose()


@pytest.fixture
def analysis_desk(qtbot, shop, tmp_path, monkeypatch):
    """The real desk context (its task pool runs the window's jobs)."""
    from desk_app.ui.app import desk_for

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    d = desk_for(shop, today=lambda: AS_OF, config_path=tmp_path / "config.toml")
    yield d
    qtbot.waitUntil(lambda: d.tasks.pending == 0, timeout=20_000)
    d.stop()


@pytest.fixture
def window(qtbot, shop, ja_app, analysis_desk):
    from desk_app.ui.analysis import AnalysisWindow

    opened = []
    w = AnalysisWindow(ServiceContext(shop, today=lambda: AS_OF), tasks=analysis_desk.tasks,
                       open_customer=opened.append, actor="佐藤")
    w.opened = opened
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: getattr(w, "figures", None) is not None and not w.busy,
                    timeout=20_000)
    yield w
    w.close()


def _row(table, header: str) -> int:
    return next(r for r in range(table.rowCount())
                if table.verticalHeaderItem(r).text() == header)


def _column(table, header: str) -> int:
    return next(c for c in range(table.columnCount())
                if table.horizontalHeaderItem(c).text() == header)


def _click(qtbot, table, row: int, column: int) -> None:
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _list_after_click(qtbot, w, table, row, column):
    before = len(w.lists)
    _click(qtbot, table, row, column)
    qtbot.waitUntil(lambda: len(w.lists) == before + 1, timeout=5_000)
    dialog = w.lists[-1]
    qtbot.waitUntil(lambda: not w.busy, timeout=10_000)
    return dialog


def test_segment_counts_and_a_click_lists_exactly_those_customers(qtbot, window):
    t = window.overview
    row = _row(t, "優良・離脱")
    assert t.item(row, 0).text() == "2"
    assert t.item(_row(t, "見込み"), 0).text() == "1"
    dialog = _list_after_click(qtbot, window, t, row, 0)
    assert dialog.codes() == ["0000002", "0000005"]
    assert dialog.model.item(0).stage == "優良・離脱"
    # Enter on a row opens the card
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert window.opened == [window.ctx.store.ids["0000005"]]


def test_change_since_the_comparison_date(qtbot, window):
    from PySide6.QtCore import QDate

    window.compare.setDate(QDate(2025, 6, 30))
    qtbot.waitUntil(lambda: window.figures["d0"] == date(2025, 6, 30) and not window.busy,
                    timeout=10_000)
    t = window.overview
    row = _row(t, "優良・現役")  # 0000002 and 0000005 then; 0000006 now
    assert [t.item(row, c).text() for c in range(3)] == ["1", "2", "-1"]
    dialog = _list_after_click(qtbot, window, t, row, 1)
    assert dialog.codes() == ["0000002", "0000005"]


def test_month_ends_movement_cohorts_and_rfm_cells_list_their_customers(qtbot, window):
    m = window.monthly_table
    assert m.rowCount() == 24 and m.verticalHeaderItem(23).text() == "2026-11-30"
    r, c = _row(m, "2025-06-30"), _column(m, "優良・現役")
    assert m.item(r, c).text() == "2"
    assert _list_after_click(qtbot, window, m, r, c).codes() == ["0000002", "0000005"]

    mv = window.movement_table  # 2025-11-30 → 2026-11-30
    r, c = _row(mv, "優良・離脱"), _column(mv, "優良・離脱")
    assert mv.item(r, c).text().startswith("2")
    assert _list_after_click(qtbot, window, mv, r, c).codes() == ["0000002", "0000005"]
    r, c = _row(mv, "見込み"), _column(mv, "初回・現役")
    assert _list_after_click(qtbot, window, mv, r, c).codes() == ["0000001"]

    co = window.cohort_table
    r = _row(co, "2025-01")
    assert [co.item(r, i).text() for i in range(5)] == ["1", "1", "100.0%", "1", "100.0%"]
    assert _list_after_click(qtbot, window, co, r, 3).codes() == ["0000006"]

    g = window.rfm_table  # 0000001: 29 days, 1 order → R5 F1
    r, c = _row(g, "R5"), _column(g, "F1")
    assert g.item(r, c).text().startswith("1")
    assert _list_after_click(qtbot, window, g, r, c).codes() == ["0000001"]
    assert g.item(_row(g, "R4"), _column(g, "F2")).text() == "·"


def test_voices_per_segment_per_month(qtbot, window):
    # 0000002 on 2025-02-28: two orders, ¥60,000, nine months since the last → コツコツ・離脱
    window.voice_segment.setCurrentIndex(window.voice_segment.findData("コツコツ・離脱"))
    v = window.voice_table
    r = _row(v, "2025-02")
    assert [v.item(r, i).text() for i in range(4)] == ["1", "0", "1", "-100"]
    assert _list_after_click(qtbot, window, v, r, 0).codes() == ["0000002"]


def test_export_from_the_list_is_recorded(qtbot, window, tmp_path):
    from desk_app.store.customer_lists import recent_exports

    dialog = _list_after_click(qtbot, window, window.overview,
                               _row(window.overview, "優良・離脱"), 0)
    target = tmp_path / "dm.csv"
    got = []
    dialog.exported.connect(got.append)
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("utf-8"))
    dialog.export(str(target), confirmed=True)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    text = target.read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == 3 and "0000005" in text
    with window.ctx.store.new_session() as s:
        rec = recent_exports(s)[0]
    assert (rec.actor, rec.rows, rec.encoding, rec.kind) == ("佐藤", 2, "utf-8", "rfm_list")


def test_a_new_order_refreshes_the_warm_figures(qtbot, window):
    shop = window.ctx.store
    add_order(shop, shop.ids["prospect"], date(2026, 11, 29), 2_000)
    window.customers_changed([shop.ids["prospect"]])
    qtbot.waitUntil(lambda: not window.busy and window.figures["now"]["見込み"] == 0,
                    timeout=10_000)
    assert window.overview.item(_row(window.overview, "初回・現役"), 0).text() == "2"


def test_png_and_pdf(qtbot, window, tmp_path):
    window.tabs.setCurrentIndex(1)  # the chart
    window.save_current(str(tmp_path / "a.png"))
    window.save_current(str(tmp_path / "a.pdf"))
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "a.pdf").stat().st_size > 5_000


def test_f9_on_the_desk_opens_the_analysis_and_a_listed_customer_opens_the_card(qtbot, desk):
    """The real desk: F9 opens 分析 on the desk's store and day; Enter on a listed customer
    shows their card in the main window; a second F9 raises the same window."""
    from desk_app.domain.stages import Aggregates, segment
    from desk_app.services.analysis import forget
    from desk_app.store.models import CustomerStats

    services, main = desk
    main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_F9)
    w = main._analysis_window
    try:
        qtbot.waitUntil(lambda: getattr(w, "figures", None) is not None and not w.busy,
                        timeout=20_000)
        assert w.figures["as_of"] == services.today()
        row = _row(w.overview, "初回・離脱")
        with services.store.new_session() as s:  # the stored aggregates say the same
            expected = sorted(st.customer_id for st in s.query(CustomerStats)
                              if segment(Aggregates(st.first_order_date, st.last_order_date,
                                                    st.orders_count, st.total_amount),
                                         services.today()) == "初回・離脱")
        assert w.overview.item(row, 0).text() == f"{len(expected):,}"
        dialog = _list_after_click(qtbot, w, w.overview, row, 0)
        assert sorted(r.customer_id for r in dialog.rows) == expected
        dialog.table.setFocus()
        dialog.table.selectRow(0)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        opened = dialog.rows[0].customer_id
        qtbot.waitUntil(lambda: main.card.card is not None
                        and main.card.card.summary.customer_id == opened, timeout=5_000)
        main.open_analysis()
        assert main._analysis_window is w
    finally:
        w.close()
        forget(services.store)


def test_a_recommend_answer_on_a_note_is_kept_in_the_draft_and_stored(qtbot, desk):
    """推奨度 on the card's note editor: in the draft while typing, stored with the note,
    counted by the analysis in the customer's segment and month."""
    from ui_helpers import settle, type_text

    from desk_app.services.analysis import AnalysisEngine
    from desk_app.store.models import Note

    services, window = desk
    with services.store.new_session() as s:
        cid = s.query(Note.customer_id).first()[0]
    window.open_customer(cid)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == cid, timeout=3000)
    editor = window.card.editor
    editor.category.setCurrentIndex(editor.category.findData("praise"))
    editor.nps.setCurrentIndex(editor.nps.findData(9))
    type_text(editor.body, "また頼みたいとのこと")
    qtbot.waitUntil(lambda: (services.drafts.load(editor.draft_key) or None) is not None
                    and services.drafts.load(editor.draft_key).fields.get("nps") == 9,
                    timeout=2000)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        editor.save()
    settle(qtbot, services)
    assert editor.nps.currentData() is None  # reset for the next note
    with services.store.new_session() as s:
        note = s.query(Note).order_by(Note.id.desc()).first()
    assert (note.customer_id, note.nps, note.category) == (cid, 9, "praise")
    from desk_app.domain.clock import today_local

    eng = AnalysisEngine.load(services.store)
    today = today_local()  # the note's day is its Japan date (from 15:00 UTC, tomorrow's)
    month = eng.voices(today, 1)[0]["segments"]
    answered = {k: v for k, v in month.items() if v["answers"]}
    assert any(v["nps"] == 100 and v["praise"] >= 1 for v in answered.values()), answered


def test_the_popup_and_card_chips_agree_with_rfm_customer(qtbot, desk):
    """A call from a known number: the pop-up's stage and RFM chip, the card's, and
    `desk-app rfm customer` as of the desk's day say the same."""
    import json
    import subprocess
    import sys

    from ui_helpers import numbers, post_and_wait

    from desk_app.domain.call_event import CallEvent

    services, window = desk
    single, _, _ = numbers(services.store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    known = popup.known
    window.open_customer(popup.customer_id)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == popup.customer_id, timeout=3000)
    code = window.card.card.summary.code
    out = subprocess.run([sys.executable, "-m", "desk_app", "rfm", "customer", code, "--as-of",
                          services.today().isoformat(), "--json", "--db", services.store.url],
                         capture_output=True, text=True, timeout=120)
    data = json.loads(out.stdout)
    assert known.stage.text() == window.card.stage.text() == data["segment"]
    expected = f"RFM {data['rfm']}" if data["rfm"] else ""
    assert known.rfm.text() == window.card.rfm.text() == expected


def test_the_window_jobs_are_pool_jobs_that_stop_when_cancelled(qtbot, window):
    """Figures run on the desk's task pool: closing the window cancels a job at its next
    step (job.check), so nothing is delivered to a closed window and the lane is freed."""
    import threading

    from desk_app.ui.core.tasks import Cancelled

    gate, seen = threading.Event(), []

    def slow(job):
        gate.wait(5)
        try:
            job.check()
        except Cancelled:
            seen.append("cancelled")
            raise
        seen.append("ran")
        return 1

    delivered = []
    window.jobs.start(slow, delivered.append)
    assert window.busy
    window.jobs.cancel_all()
    gate.set()
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)
    assert seen == ["cancelled"] and delivered == []
    # the lane still works afterwards, with a context of the job's own
    got = []

    def url(job):
        with job.context() as ctx:
            return ctx.store.url

    window.jobs.start(url, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert got == [window.ctx.store.url]
