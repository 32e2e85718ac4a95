"""RFM use cases the desk's analysis window and `desk-app rfm` share.

Figures over the whole customer base come from the warm analysis engine
(:mod:`desk_app.services.analysis`); one customer's figures come straight from that
customer's orders through the domain's stage model (no numpy: this is also what a card
shows). Exporting the customers behind a number is a deliberate act on personal data: the
file is written and a ``data_exports`` record (who, when, what, how many) is kept in the
same call.
"""

from __future__ import annotations

import getpass
import os
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import stages
from desk_app.domain.stages import DEFAULT_SETTINGS, Aggregates, RfmRules, StageSettings
from desk_app.services.base import Changes, NotFound, Result, ServiceContext, ServiceError
from desk_app.store.models import Customer, Order

if TYPE_CHECKING:  # numpy stays off the import path of callers that only need one customer
    from desk_app.exports.customer_list_csv import ListRow
    from desk_app.services.analysis import AnalysisEngine, Selector


def stage_settings(ctx: ServiceContext | None) -> StageSettings:
    """The ``[stages]`` section of the context's configuration (``config.StagesSettings``)
    as the domain's :class:`StageSettings`, else the defaults. Every screen and command
    reads its thresholds through here, so one edit in 設定 shows everywhere."""
    cfg = getattr(ctx, "config", None) if ctx is not None else None
    found = getattr(cfg, "stages", None) if cfg is not None else None
    if found is None:
        return DEFAULT_SETTINGS
    if isinstance(found, StageSettings):
        return found
    to_dict = getattr(found, "to_dict", None)
    if to_dict is None:
        return DEFAULT_SETTINGS
    # every lookup asks: convert a configuration object once, not per pop-up
    global _converted
    last = _converted  # one tuple, read and replaced whole: safe across the desk's threads
    if last is not None and last[0] is found:
        return last[1]
    converted = StageSettings.from_dict(to_dict())
    _converted = (found, converted)
    return converted


_converted: tuple[Any, StageSettings] | None = None  # the last section converted, and to what


_bounds_cache: dict[tuple[str, date, Any], StageSettings] = {}
_bounds_lock = threading.Lock()


def screen_settings(ctx: ServiceContext | None, session: Session, today: date
                    ) -> StageSettings:
    """The settings a one-customer screen (pop-up, card, search list) scores with: with
    RFM by quintiles, the bounds of the whole base as of *today* from the aggregates
    (:mod:`desk_app.store.rfm_bounds`), computed once per store and day (they move by a
    customer at a time; :func:`forget_bounds` drops them)."""
    settings = stage_settings(ctx)
    if settings.rfm.method != "quintiles":
        return settings
    key = (str(session.get_bind().engine.url), today, settings.rfm)
    with _bounds_lock:
        found = _bounds_cache.get(key)
    if found is None:
        from desk_app.store.rfm_bounds import quintile_bounds

        r, f, m = quintile_bounds(session, today)
        found = replace(settings, rfm=RfmRules(r, f, m, "fixed"))
        with _bounds_lock:
            _bounds_cache[key] = found
    return found


def forget_bounds() -> None:
    with _bounds_lock:
        _bounds_cache.clear()


def engine(ctx: ServiceContext, progress=None) -> AnalysisEngine:
    from desk_app.services.analysis import warm_engine

    return warm_engine(ctx.store, stage_settings(ctx), progress)


def _segment_or_error(name: str, settings: StageSettings) -> str:
    if name not in settings.cpm.segments:
        raise ServiceError.one("rfm.unknown_segment", "segment", segment=name,
                               choices="、".join(settings.cpm.segments))
    return name


# -- whole-base figures (the CLI contract) ------------------------------------------------

def overview(ctx: ServiceContext, as_of: date) -> dict[str, Any]:
    eng = engine(ctx)
    return {"as_of": as_of.isoformat(), "segments": eng.counts(as_of),
            "rfm": eng.rfm_codes(as_of)}


def monthly(ctx: ServiceContext, months: int, as_of: date) -> dict[str, Any]:
    if not 1 <= months <= 120:
        raise ServiceError.one("rfm.months_range", "months")
    return {"months": [{"month_end": d.isoformat(), "segments": counts}
                       for d, counts in engine(ctx).monthly(as_of, months)]}


def movement(ctx: ServiceContext, d1: date, d2: date) -> dict[str, Any]:
    return {"from": d1.isoformat(), "to": d2.isoformat(),
            "matrix": engine(ctx).movement(d1, d2)}


# -- one customer --------------------------------------------------------------------------

def customer_figures(ctx: ServiceContext, code: str, as_of: date) -> dict[str, Any]:
    """One customer's figures, scores and segment as of *as_of*, from their orders."""
    settings = stage_settings(ctx)
    with ctx.reading() as session:
        c = session.scalars(select(Customer).where(Customer.code == code)).first()
        if c is None:
            raise NotFound.one("rfm.customer_not_found", "code", customer_code=code)
        orders = session.execute(select(Order.order_date, Order.total).where(
            Order.customer_id == c.id, Order.status == "active")).all()
        cid = c.id
    agg = Aggregates.of_orders(((d, t) for d, t in orders), as_of)
    rfm_rules = settings.rfm
    if rfm_rules.method == "quintiles":
        eng = engine(ctx)
        rfm_rules = eng.rfm_rules(eng.state(as_of))
    score = stages.rfm_score(agg, as_of, rfm_rules)
    out = {"code": code, "customer_id": cid, **stages.figures(agg, as_of).to_json_dict(),
           "segment": stages.segment(agg, as_of, settings.cpm),
           "rfm": score.text if score else None,
           "scores": {"r": score.r, "f": score.f, "m": score.m} if score else None}
    return out


# -- the customers behind a number ------------------------------------------------------

def list_rows(ctx: ServiceContext, eng: AnalysisEngine, selector: Selector,
              limit: int | None = None, *, dm_only: bool = False) -> list[ListRow]:
    """The customers behind *selector*'s number, with their figures as of its date."""
    from desk_app.exports.customer_list_csv import ListRow
    from desk_app.services.analysis import from_day
    from desk_app.store.customer_lists import contact_rows

    ids = eng.customers(selector)
    st = eng.state(selector.as_of)
    r, f, m = eng.scores(st)
    out: list[ListRow] = []
    with ctx.reading() as session:
        for row in contact_rows(session, ids.tolist()):
            if dm_only and not row.dm_allowed:
                continue
            c = row.customer_id
            has = st.count[c] > 0
            out.append(ListRow(
                c, row.code, row.name, row.kana, st.segments[st.code[c]],
                f"R{r[c]}F{f[c]}M{m[c]}" if has else "",
                from_day(st.last[c]) if has else None, int(st.count[c]), int(st.total[c]),
                row.dm_allowed, row.postal_code, row.address, row.phone))
            if limit is not None and len(out) >= limit:
                break
    return out


@dataclass(frozen=True)
class ExportDone:
    path: str
    rows: int
    encoding: str
    replaced: int  # characters CP932 lacks, written as 〓
    record_id: int

    def to_json_dict(self) -> dict[str, Any]:
        return {"file": self.path, "rows": self.rows, "encoding": self.encoding,
                "replaced_characters": self.replaced, "export_id": self.record_id}


def default_actor(ctx: ServiceContext) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (some services)
        user = ""
    return f"{user or 'unknown'}@{os.uname().nodename if hasattr(os, 'uname') else ''}"


def export_rows(ctx: ServiceContext, rows: list[ListRow], path: str | Path, encoding: str,
                *, description: str, actor: str | None = None, kind: str = "rfm_list"
                ) -> Result[ExportDone]:
    """Write *rows* as CSV to *path* and record the export; the record is only kept when
    the file was written."""
    from desk_app.exports.customer_list_csv import normalize_encoding, to_csv
    from desk_app.store.customer_lists import record_export

    try:
        enc = normalize_encoding(encoding)
    except ValueError:
        raise ServiceError.one("export.encoding", "encoding") from None
    encoded = to_csv(rows, enc)
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_bytes(encoded.data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError.one("export.write_failed", "file", reason=exc.strerror or "") from None
    with ctx.transaction() as session:
        rec = record_export(session, actor=actor or default_actor(ctx), kind=kind,
                            rows=encoded.rows, description=description,
                            destination=target.name, encoding=enc,
                            operator_id=ctx.operator_id)
    return Result(ExportDone(str(target), encoded.rows, enc, encoded.replaced, rec),
                  Changes())


def export_list(ctx: ServiceContext, eng: AnalysisEngine, selector: Selector, path: str | Path,
                encoding: str = "cp932", *, dm_only: bool = False, actor: str | None = None
                ) -> Result[ExportDone]:
    rows = list_rows(ctx, eng, selector, dm_only=dm_only)
    text = selector.describe() + (" (DM allowed only)" if dm_only else "")
    return export_rows(ctx, rows, path, encoding, description=text, actor=actor)


def segment_selector(ctx: ServiceContext, name: str, as_of: date):
    from desk_app.services.analysis import SegmentCell

    return SegmentCell(as_of, _segment_or_error(name, stage_settings(ctx)))
