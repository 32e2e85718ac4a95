"""One [stages] section drives every screen and the CLI: change a threshold in the settings
file and the pop-up (a ringing call's lookup), the card, the search list, the analysis
engine and `desk-app rfm customer` all show the new stage and RFM code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest
from rfm_support import add_customer, add_order

from desk_app import config
from desk_app.domain.call_event import CallEvent
from desk_app.domain.phone import reversed_digits
from desk_app.services import calldesk, rfm
from desk_app.services.analysis import forget
from desk_app.services.base import ServiceContext
from desk_app.services.calls import CallDesk
from desk_app.store.models import Phone

TODAY = date(2026, 11, 30)
NUMBER = "0312345678"


@pytest.fixture
def shop(store):
    cid = add_customer(store, "0000001", name="段田 一郎", kana="ダンダ イチロウ")
    with store.new_session() as s, s.begin():
        s.add(Phone(customer_id=cid, kind="home", national=NUMBER, e164="+81312345678",
                    national_rev=reversed_digits(NUMBER)))
    # two orders ¥40,000 each, 120 days apart; the last one 150 days before TODAY
    add_order(store, cid, date(2026, 3, 3), 40_000)
    add_order(store, cid, date(2026, 7, 3), 40_000)
    other = add_customer(store, "0000002", name="他山 二郎", kana="タヤマ ジロウ")
    add_order(store, other, date(2026, 11, 1), 2_000)
    store.cid = cid
    yield store
    forget(store)
    rfm.forget_bounds()


def _views(store, folder, monkeypatch):
    """(pop-up, card, search list, analysis, CLI) as (segment, rfm code) pairs."""
    cfg = config.load(folder / config.FILE_NAME, migrate=False)
    ctx = ServiceContext(store, today=lambda: TODAY, config=cfg)
    popup = CallDesk().handle_event(ctx, CallEvent("test", number=NUMBER)).value.lookup.card
    card = calldesk.card(ctx, store.cid)
    (listed,) = [r for r in calldesk.search(ctx, "ダンダ") if r.customer_id == store.cid]
    forget(store)
    eng = rfm.engine(ctx).figures_of(store.cid, TODAY)
    env = {**os.environ, "DESK_DATA_DIR": str(folder)}
    out = subprocess.run([sys.executable, "-m", "desk_app", "rfm", "customer", "0000001",
                          "--as-of", TODAY.isoformat(), "--json", "--db", store.url],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    return [(popup.summary.stage, popup.summary.rfm_code), (card.summary.stage,
            card.summary.rfm_code), (listed.stage, listed.rfm_code),
            (eng["segment"], eng["rfm"]), (cli["segment"], cli["rfm"])]


def test_a_changed_threshold_shows_on_every_screen_and_the_cli(shop, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    # defaults: tenure 122 days ≥ 90, total ¥80,000 ≥ ¥70,000, tenure < 210 → 流行;
    # 150 days since the last order < 240 → 現役; R by 150 days → 2
    assert set(_views(shop, folder, monkeypatch)) == {("流行・現役", "R2F2M5")}
    stages = config.StagesSettings(
        replace(config.StageCpmSettings(), lapse_days=120, trend_tenure_days=100),
        replace(config.StageRfmSettings(), recency_days=[30, 60, 90, 150]))
    config.save(config.DeskConfig(stages=stages), folder / config.FILE_NAME)
    # lapse 150 ≥ 120 → 離脱; tenure 122 ≥ 100 → 優良; 150 days ≤ 150 → R2 → still R2?
    # no: the fourth bound is 150 now, so 150 days scores 2 and 151 would score 1
    views = _views(shop, folder, monkeypatch)
    assert set(views) == {("優良・離脱", "R2F2M5")}, views
    stages = replace(stages, rfm=replace(stages.rfm, recency_days=[30, 60, 90, 149]))
    config.save(config.DeskConfig(stages=stages), folder / config.FILE_NAME)
    assert set(_views(shop, folder, monkeypatch)) == {("優良・離脱", "R1F2M5")}


def test_the_four_rank_variant_and_quintiles_agree_too(shop, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    stages = config.StagesSettings(replace(config.StageCpmSettings(), variant="rank4"),
                                   replace(config.StageRfmSettings(), method="quintiles"))
    config.save(config.DeskConfig(stages=stages), folder / config.FILE_NAME)
    views = _views(shop, folder, monkeypatch)
    # rank4: two orders, ¥80,000 ≥ ¥70,000 → 優良 (150 days < 240: not 離脱).
    # quintiles of two customers: the bounds are (low, low, high, high), so the higher
    # figure (2 orders, ¥80,000, 150 days) has two bounds below it: 3 in F and M, and R
    # reversed 6 − 3 = 3. With fixed bounds it would be R2F2M5.
    assert set(views) == {("優良", "R3F3M3")}, views


def test_a_bad_value_in_the_file_is_a_clear_message(tmp_path):
    path = tmp_path / config.FILE_NAME
    path.write_text('[stages.cpm]\nvariant = "cpm9"\n', "utf-8")
    with pytest.raises(config.ConfigError, match="stages.cpm.variant"):
        config.load(path, migrate=False)
    path.write_text("[stages.rfm]\nmonetary = [5000, 1000, 20000, 50000]\n", "utf-8")
    with pytest.raises(config.ConfigError, match="stages.rfm.monetary"):
        config.load(path, migrate=False)


def test_quintile_bounds_from_the_aggregates_equal_the_engines(store):
    """The one-customer screens' quintiles (customer_stats through its indexes) and the
    analysis engine's (every order as columns) are the same bounds."""
    import random

    from desk_app.domain.stages import RfmRules, StageSettings
    from desk_app.services.analysis import AnalysisEngine
    from desk_app.store.rfm_bounds import quintile_bounds

    rnd = random.Random(7)
    for i in range(40):
        cid = add_customer(store, f"{i + 1:07d}")
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3, 5, 8])):
            add_order(store, cid, date(2024, 1, 1) + timedelta(days=rnd.randrange(1060)),
                      rnd.randrange(0, 60_000, 500))
    with store.new_session() as s:
        r, f, m = quintile_bounds(s, TODAY)
    eng = AnalysisEngine.load(store, StageSettings(rfm=RfmRules(method="quintiles")),
                              cache=False)
    expected = eng.rfm_rules(eng.state(TODAY))
    assert (r, f, m) == (expected.recency_days, expected.frequency, expected.monetary)
    assert len(set(m)) > 1  # a spread, not a degenerate case
