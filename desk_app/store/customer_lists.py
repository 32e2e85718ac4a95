"""The customers behind a number: their contact rows in chunks, and the export record.

The analysis engine says *which* customers (ids) and their figures as of the date; this
module fetches what a list and a DM run need (code, name, reading, DM permission, postal
code, address, first phone) in id chunks, and writes the :class:`DataExport` record that
every deliberate export of personal data leaves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.phone import display_form
from desk_app.store.models import Customer, DataExport, Phone

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class ContactRow:
    customer_id: int
    code: str
    name: str
    kana: str
    dm_allowed: bool
    postal_code: str
    address: str
    phone: str


def contact_rows(session: Session, ids: Sequence[int]) -> Iterator[ContactRow]:
    """Rows for *ids*, in the order given (missing ids are skipped)."""
    for i in range(0, len(ids), CHUNK):
        chunk = [int(x) for x in ids[i:i + CHUNK]]
        first_phone = (select(Phone.national).where(Phone.customer_id == Customer.id)
                       .order_by(Phone.id).limit(1).scalar_subquery())
        rows = session.execute(
            select(Customer.id, Customer.code, Customer.name, Customer.kana,
                   Customer.dm_allowed, Customer.postal_code, Customer.prefecture,
                   Customer.city, Customer.address1, Customer.address2, first_phone)
            .where(Customer.id.in_(chunk))).all()
        by_id = {r.id: r for r in rows}
        for cid in chunk:
            r = by_id.get(cid)
            if r is None:
                continue
            yield ContactRow(
                r.id, r.code, r.name, r.kana or "", bool(r.dm_allowed), r.postal_code or "",
                "".join(p for p in (r.prefecture, r.city, r.address1) if p)
                + (f" {r.address2}" if r.address2 else ""),
                display_form(r[-1]) if r[-1] else "")


def ids_by_codes(session: Session, codes: Sequence[str]) -> dict[str, int]:
    return dict(session.execute(select(Customer.code, Customer.id)
                                .where(Customer.code.in_(list(codes)))).tuples().all())


def record_export(session: Session, *, actor: str, kind: str, rows: int,
                  description: str = "", destination: str = "", encoding: str = "",
                  operator_id: int | None = None, at: datetime | None = None) -> int:
    """Write who exported what and how many rows (never the rows); returns the record id."""
    rec = DataExport(created_at=at or datetime.now(timezone.utc), actor=actor[:100],
                     operator_id=operator_id, kind=kind[:30], description=description[:300],
                     rows=rows, destination=destination[:300], encoding=encoding[:12])
    session.add(rec)
    session.flush()
    return rec.id


def recent_exports(session: Session, limit: int = 50) -> list[DataExport]:
    return list(session.scalars(select(DataExport).order_by(DataExport.created_at.desc(),
                                                            DataExport.id.desc()).limit(limit)))


def count_exports(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DataExport)) or 0
