"""Getting the engine's columns: from the store, through the disk cache, kept warm.

- :func:`load_snapshot`: the columns as the store has them now. With the disk cache
  (:mod:`.cache`) a valid cache is memory-mapped and brought up to date with the
  customers that changed since (a few reads); otherwise every active order is read
  (:mod:`desk_app.store.rfm_load`) and the cache written for next time.
- :func:`refreshed`: a snapshot with some customers read again (what the desk's change hub
  triggers after a saved order).
- :func:`warm_engine` / :func:`changed` / :func:`forget`: the one engine per store a
  process keeps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from desk_app.domain.stages import DEFAULT_SETTINGS, StageSettings
from desk_app.services.analysis.cache import DiskCache
from desk_app.services.analysis.columns import (
    Progress,
    Snapshot,
    build,
    replace_customers,
)
from desk_app.store import rfm_load
from desk_app.store.db import Store

if TYPE_CHECKING:
    from desk_app.services.analysis.engine import AnalysisEngine

log = logging.getLogger(__name__)

# More changed customers than this share of the base: reading everything is as quick.
REBUILD_SHARE = 0.2


def read_all(store: Store, progress: Progress | None = None) -> Snapshot:
    """Every customer and active order from the store, as columns."""
    report = progress or (lambda done, total: None)
    report(0, 4)
    cust = rfm_load.load_customers(store)
    report(1, 4)
    orders = rfm_load.load_orders(store)
    report(2, 4)
    voices = rfm_load.load_voices(store)
    report(3, 4)
    snap = build(cust.customer_id, cust.created_day, orders.customer_id, orders.day,
                 orders.total, voices)
    report(4, 4)
    return snap


def with_voices(snap: Snapshot, voices: rfm_load.VoiceRows) -> Snapshot:
    from dataclasses import replace

    return replace(snap, v_cid=voices.customer_id, v_day=voices.day, v_kind=voices.kind,
                   v_nps=voices.nps)


def load_snapshot(store: Store, progress: Progress | None = None, *, cache: bool = True
                  ) -> Snapshot:
    disk = DiskCache.for_store(store) if cache else None
    if disk is None:
        return read_all(store, progress)
    report = progress or (lambda done, total: None)
    report(0, 4)
    marker = rfm_load.change_marker(store)  # before reading: a change meanwhile shows next time
    if marker is None:  # a run of deletes not settled: nothing cached is sure, nor will be
        return read_all(store, progress)
    cached = disk.read()
    if cached is not None:
        snap, old = cached
        report(1, 4)
        up_to_date = _bring_up_to_date(store, snap, old, marker)
        if up_to_date is not None:
            snap, rewrite = up_to_date
            report(2, 4)
            snap = with_voices(snap, rfm_load.load_voices(store))
            if rewrite:
                _write(store, disk, snap, marker)
            report(4, 4)
            return snap
    snap = read_all(store, progress)
    _write(store, disk, snap, marker)
    return snap


def _bring_up_to_date(store: Store, snap: Snapshot, old: rfm_load.ChangeMarker,
                      now: rfm_load.ChangeMarker) -> tuple[Snapshot, bool] | None:
    """(columns as of *now*, whether they changed), or None to rebuild."""
    if old == now:
        return snap, False
    if (now.orders_max_id < old.orders_max_id or now.customers_max_id < old.customers_max_id
            or now.change_seq < old.change_seq):
        log.info("analysis cache from another state of the store: rebuilding")
        return None
    since = rfm_load.changes_since(store, old, now)
    if since.deleted:
        log.info("rows deleted since the analysis cache was written: rebuilding")
        return None
    if since.cut:
        log.info("the change log was pruned past the analysis cache: rebuilding")
        return None
    if (old.orders_count + since.new_orders != now.orders_count
            or len(since.customer_ids) > REBUILD_SHARE * max(snap.n, 1)
            or since.new_orders > REBUILD_SHARE * max(snap.orders, 1)):
        return None
    return refreshed(store, snap, since.customer_ids, voices=False), True


def _write(store: Store, disk: DiskCache, snap: Snapshot,
           marker: rfm_load.ChangeMarker) -> None:
    """Write the cache at *marker*, then prune the change log behind it (the rows a cache
    that recent, or some way older, never reads again)."""
    try:
        disk.write(snap, marker)
    except OSError as exc:  # a full disk or a read-only folder: work on without a cache
        log.warning("analysis cache not written: %s", exc.strerror or type(exc).__name__)
        return
    pruned = rfm_load.prune_changes(store, marker)
    if pruned:
        log.info("analysis change log: %d old rows pruned", pruned)


def refreshed(store: Store, snap: Snapshot, customer_ids: Iterable[int], *,
              voices: bool = False) -> Snapshot:
    ids = sorted({int(i) for i in customer_ids})
    cust = rfm_load.load_customers(store, ids)
    orders = rfm_load.load_orders(store, ids)
    new_voices = rfm_load.load_voices(store) if voices else None
    if not ids:
        return with_voices(snap, new_voices) if new_voices is not None else snap
    return replace_customers(snap, ids, cust, orders, new_voices)


# -- the engine a process keeps warm --------------------------------------------------

_engines: dict[str, AnalysisEngine] = {}
_engines_lock = threading.Lock()


def warm_engine(store: Store, settings: StageSettings = DEFAULT_SETTINGS,
                progress: Progress | None = None) -> AnalysisEngine:
    """The process's engine for *store*, loaded on first use and kept (the desk refreshes
    it from its change hub; see :func:`changed`)."""
    from desk_app.services.analysis.engine import AnalysisEngine

    with _engines_lock:
        engine = _engines.get(store.url)
        if engine is None:
            engine = AnalysisEngine.load(store, settings, progress)
            _engines[store.url] = engine
        elif engine.settings != settings:
            engine = engine.with_settings(settings)
            _engines[store.url] = engine
        return engine


def changed(store: Store, customer_ids: Iterable[int], *, notes: bool = False) -> None:
    """Orders or customers changed: refresh the warm engine for *store*, if there is one.
    (The disk cache notices the same change itself the next time it is read.)"""
    engine = _engines.get(store.url)
    ids = list(customer_ids)
    if engine is not None and (ids or notes):
        engine.refresh(ids, voices=notes)


def forget(store: Store) -> None:
    with _engines_lock:
        _engines.pop(store.url, None)

