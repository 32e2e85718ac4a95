"""The engine's columns on disk, so the analysis opens in a second instead of half a minute.

Reading every active order from the store costs 6–10 s of CPU at a million customers (and
far more wall time when the database file is not in the page cache); the same columns as
numpy ``.npy`` files, memory-mapped, open in milliseconds. The cache lives in the user data
folder (``analysis-cache/<store key>/``), one generation folder per write plus
``current.json`` naming the generation and the store's change marker it was made at.

What it holds: the :class:`~desk_app.services.analysis.columns.Snapshot` columns, i.e.
customer ids, day numbers and yen amounts. No name, reading, phone number, address or
note text is ever written there; still, it sits beside the store in the same private
folder.

It never gives stale figures: before use the marker is compared with the store's
(:func:`desk_app.store.rfm_load.change_marker`): orders and customers added since (ids above
the cached maxima) and rows changed since (the ``analysis_changes`` log the database's
triggers write on every update of an order's customer, date, status or total, and of a
customer's registration date) are reloaded for just those customers; a delete, a different
store, a damaged or foreign file, too many changes, or a log pruned past the cache's marker
(each write prunes it ``rfm_load.KEEP`` rows behind; another desk's older cache may need
what went) rebuild it from the store. Deletes are logged once per run on SQLite and once
per statement and customer on PostgreSQL; a marker is never taken on a run of deletes
that later deletes would join unlogged (see ``rfm_load.change_marker``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from desk_app.services.analysis.columns import Snapshot
from desk_app.store.db import Store, data_dir
from desk_app.store.rfm_load import ChangeMarker

log = logging.getLogger(__name__)

# 2: markers are never taken on a delete row of the change log (rfm_load.change_marker);
# a format-1 cache may stand on one, with later deletes unlogged, so it is rebuilt
FORMAT = 2
COLUMNS = ("registered", "created_day", "start", "o_day", "cum_total", "d_cid", "d_day")
_DTYPES = {"registered": np.bool_, "created_day": np.int32, "start": np.int64,
           "o_day": np.int32, "cum_total": np.int64, "d_cid": np.int32, "d_day": np.int32}


def cache_root() -> Path | None:
    """``DESK_ANALYSIS_CACHE``: a folder, or ``off`` for none; default the data folder's."""
    setting = os.environ.get("DESK_ANALYSIS_CACHE", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else data_dir() / "analysis-cache"


def store_key(store: Store) -> str:
    """A folder name for *store*: a hash of its URL (no password, no path in clear)."""
    url = store.engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:20]


class DiskCache:
    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / key

    @classmethod
    def for_store(cls, store: Store) -> DiskCache | None:
        root = cache_root()
        return None if root is None else cls(root, store_key(store))

    def read(self) -> tuple[Snapshot, ChangeMarker] | None:
        """The cached columns (memory-mapped, read-only) and their marker; None when there
        is no usable cache (absent, another format, damaged)."""
        try:
            meta = json.loads((self.folder / "current.json").read_text("utf-8"))
            if meta.get("format") != FORMAT:
                return None
            gen = self.folder / str(meta["generation"])
            if gen.parent != self.folder or gen.name in ("", ".", ".."):
                return None
            arrays: dict[str, Any] = {}
            for name in COLUMNS:
                a = np.load(gen / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                if a.dtype != _DTYPES[name] or a.ndim != 1:
                    return None
                # a plain ndarray view of the mapping: numpy.memmap's own indexing
                # costs microseconds per call in Python, and the engine indexes a lot
                arrays[name] = np.asarray(a)
            marker = ChangeMarker(**meta["marker"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("analysis cache not usable (%s): rebuilding", type(exc).__name__)
            return None
        n = len(arrays["registered"])
        m = len(arrays["o_day"])
        if (len(arrays["created_day"]) != n or len(arrays["start"]) != n + 1
                or len(arrays["cum_total"]) != m + 1 or len(arrays["d_cid"]) != m
                or len(arrays["d_day"]) != m or (n and int(arrays["start"][-1]) != m)):
            log.info("analysis cache inconsistent: rebuilding")
            return None
        return Snapshot(**arrays), marker

    def write(self, snap: Snapshot, marker: ChangeMarker) -> None:
        """Store *snap* as a new generation, then point ``current.json`` at it; older
        generations are removed when nothing holds them open (best effort)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # a name of its own: two desks on one data folder may write at the same time
        gen_no = f"{time.time_ns():x}-{os.getpid()}-{secrets.token_hex(4)}"
        gen = self.folder / gen_no
        gen.mkdir()
        for name in COLUMNS:
            np.save(gen / f"{name}.npy", np.ascontiguousarray(getattr(snap, name),
                                                              _DTYPES[name]))
        meta = {"format": FORMAT, "generation": gen_no, "marker": marker.to_dict(),
                "customers": int(snap.n), "orders": int(snap.orders),
                "holds": "customer ids, order day numbers and yen totals only"}
        tmp = self.folder / f"current.json.{gen_no}.part"
        tmp.write_text(json.dumps(meta), "utf-8")
        os.replace(tmp, self.folder / "current.json")
        for other in self.folder.iterdir():
            if other.is_dir() and other.name != gen_no:
                with contextlib.suppress(OSError):
                    shutil.rmtree(other)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


assert set(COLUMNS) <= {f.name for f in fields(Snapshot)}
