"""設定 › 顧客ステージ: the thresholds are edited in one dialog, saved to config.toml, and the
open analysis window, the card and the next lookups follow them."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import Qt

from desk_app.domain.stages import segments_for

RANK4 = set(segments_for("rank4"))


def analysis_first_customer(services) -> int:
    from desk_app.store.models import CustomerStats

    with services.store.new_session() as s:
        return s.query(CustomerStats.customer_id).filter(CustomerStats.orders_count > 1).first()[0]


def _figures_ready(w):
    return getattr(w, "figures", None) is not None and not w.busy


def test_saved_thresholds_drive_the_analysis_the_card_and_the_lookup(qtbot, desk, data_dir):
    from desk_app.services import calldesk
    from desk_app.services.analysis import forget

    services, main = desk
    analysis = main.open_analysis()
    try:
        qtbot.waitUntil(lambda: _figures_ready(analysis), timeout=30_000)
        assert "優良・現役" in analysis.figures["segments"]
        shown = analysis_first_customer(services)
        main.open_customer(shown)
        qtbot.waitUntil(lambda: main.card.card is not None
                        and main.card.card.summary.customer_id == shown, timeout=10_000)
        assert main.card.card.summary.stage not in RANK4
        dialog = main.open_stage_settings()
        dialog.variant.setCurrentIndex(dialog.variant.findData("rank4"))
        assert not dialog.young.isEnabled()  # the four ranks need no tenure thresholds
        dialog.lapse.setValue(60)
        qtbot.keyClick(dialog.lapse, Qt.Key.Key_Return)  # Enter never saves
        assert dialog.isVisible()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        saved = tomllib.loads((data_dir / "config.toml").read_text("utf-8"))
        assert saved["stages"]["cpm"]["variant"] == "rank4"
        assert saved["stages"]["cpm"]["lapse_days"] == 60
        assert services.config.stages.cpm.lapse_days == 60
        # the card on screen follows at once
        qtbot.waitUntil(lambda: main.card.card.summary.stage in RANK4, timeout=10_000)
        # the open analysis window recomputes under the new thresholds
        qtbot.waitUntil(lambda: _figures_ready(analysis)
                        and set(analysis.figures["segments"]) == RANK4, timeout=30_000)
        # the card and the search list the clerk sees next
        found = []
        services.tasks.submit(lambda ctx: calldesk.search(ctx, "1", 20), found.append)
        qtbot.waitUntil(lambda: bool(found), timeout=10_000)
        assert found[0] and {r.stage for r in found[0]} <= RANK4
        cid = found[0][0].customer_id
        main.open_customer(cid)
        qtbot.waitUntil(lambda: main.card.card is not None
                        and main.card.card.summary.customer_id == cid, timeout=10_000)
        assert main.card.card.summary.stage in RANK4
    finally:
        analysis.close()
        forget(services.store)


def test_bounds_out_of_order_are_refused_and_nothing_is_saved(qtbot, desk, data_dir):
    services, main = desk
    before = services.config
    dialog = main.open_stage_settings()
    dialog.recency.set_values([90, 60, 30, 180])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "R" in dialog.error.text()
    assert services.config == before
    assert not (data_dir / "config.toml").exists() or "stages" not in tomllib.loads(
        (data_dir / "config.toml").read_text("utf-8"))
    dialog.close()
