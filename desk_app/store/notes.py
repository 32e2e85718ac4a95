"""応対メモ: notes written while talking, their follow-up state, and お客様の声.

Notes are shown newest first everywhere (the card, the pop-up, the voices view) because
the last thing a customer said is what the next clerk needs. The operator is recorded by
the caller from the desk's chosen operator, never typed. Customer voices (クレーム and
お褒め across all customers) come from the ``created_at`` index so the view stays instant
however many notes the shop has collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from desk_app.domain.clock import now_utc
from desk_app.domain.customer import NOTE_CATEGORIES, NoteView
from desk_app.domain.phone import try_normalize
from desk_app.domain.text import LIMITS, clean
from desk_app.store import customers
from desk_app.store.models import Customer, Note, Operator

VOICE_CATEGORIES = ("complaint", "praise")


@dataclass(frozen=True, slots=True)
class VoiceEntry:
    """A クレーム or お褒め note with the customer it came from (for the link)."""

    note_id: int
    created_at: datetime
    category: str
    body: str
    customer_id: int
    customer_code: str
    customer_name: str
    operator: str | None
    needs_follow_up: bool
    done: bool


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def add_note(session: Session, customer_id: int, body: str, category: str = "other", *,
             needs_follow_up: bool = False, operator_id: int | None = None,
             call_id: int | None = None, at: datetime | None = None,
             nps: int | None = None) -> NoteView:
    """*nps* is the answer to "how likely are you to recommend us" (推奨度, 0–10), when the
    clerk asked it on this call; the analysis shows NPS per segment from it."""
    if nps is not None and not (isinstance(nps, int) and 0 <= nps <= 10):
        raise ValueError(f"recommend answer must be 0-10, not {nps!r}")
    body = _checked_body(body, category)
    note = Note(customer_id=customer_id, body=body, category=category,
                needs_follow_up=needs_follow_up, operator_id=operator_id, call_id=call_id,
                created_at=_utc(at or now_utc()), nps=nps)
    session.add(note)
    session.flush()
    op = session.get(Operator, operator_id) if operator_id else None
    operator = op.name if op else None
    return NoteView(note.id, note.created_at, category, body, needs_follow_up, False, operator)


def _checked_body(body: str, category: str) -> str:
    body = clean(body, multiline=True)
    if not body:
        raise ValueError("応対メモが空です (empty note)")
    if len(body) > LIMITS["note"]:
        raise ValueError(f"応対メモは{LIMITS['note']}文字以内です (note too long)")
    if category not in NOTE_CATEGORIES:
        raise ValueError(f"unknown note category {category!r}")
    return body


def add_number_note(session: Session, number: str, body: str, category: str = "other", *,
                    operator_id: int | None = None, call_id: int | None = None,
                    at: datetime | None = None) -> NoteView:
    """A note on a call from an unknown number (資料請求, a wrong number): kept against the
    number's national digits until the caller is registered (:func:`attach_number_notes`)."""
    body = _checked_body(body, category)
    national = number_key(number)
    if not national:
        raise ValueError("電話番号がありません (no number for the note)")
    note = Note(customer_id=None, number=national, body=body, category=category,
                operator_id=operator_id, call_id=call_id, created_at=_utc(at or now_utc()))
    session.add(note)
    session.flush()
    op = session.get(Operator, operator_id) if operator_id else None
    return NoteView(note.id, note.created_at, category, body, False, False,
                    op.name if op else None)


def number_key(number: str) -> str:
    """National digits of a number as devices and clerks give it ("" when there is none)."""
    parsed = try_normalize(number)
    return parsed.national if parsed else "".join(ch for ch in (number or "") if ch.isdigit())


def number_notes(session: Session, number: str, limit: int = 50) -> list[NoteView]:
    """Notes waiting on an unknown number, newest first."""
    rows = session.execute(
        select(Note, Operator.name).outerjoin(Operator, Operator.id == Note.operator_id)
        .where(Note.customer_id.is_(None), Note.number == number_key(number))
        .order_by(Note.created_at.desc(), Note.id.desc()).limit(limit)).all()
    return [NoteView(n.id, n.created_at, n.category, n.body, n.needs_follow_up,
                     n.done_at is not None, op) for n, op in rows]


def attach_number_notes(session: Session, customer_id: int, numbers: list[str]) -> list[int]:
    """Give the notes kept against *numbers* to the customer just registered; their ids."""
    keys = sorted({number_key(n) for n in numbers} - {""})
    if not keys:
        return []
    ids = list(session.scalars(select(Note.id).where(Note.customer_id.is_(None),
                                                     Note.number.in_(keys))))
    if ids:
        session.execute(update(Note).where(Note.id.in_(ids)).values(customer_id=customer_id)
                        .execution_options(synchronize_session=False))
    return ids


def set_done(session: Session, note_id: int, done: bool = True,
             operator_id: int | None = None) -> None:
    """対応済み: a follow-up handled (or reopened), with who marked it."""
    note = session.get(Note, note_id)
    if note is None:
        raise LookupError(f"no note {note_id}")
    note.done_at = now_utc() if done else None
    note.done_by_id = operator_id if done else None


def customer_of(session: Session, note_id: int) -> int | None:
    return session.scalar(select(Note.customer_id).where(Note.id == note_id))


def note_view(session: Session, note_id: int) -> NoteView | None:
    """One note as the card shows it: who wrote it, and who marked it 対応済み and when."""
    done_by = aliased(Operator)
    row = session.execute(
        select(Note, Operator.name, done_by.name)
        .outerjoin(Operator, Operator.id == Note.operator_id)
        .outerjoin(done_by, done_by.id == Note.done_by_id)
        .where(Note.id == note_id)).first()
    if row is None:
        return None
    n, op, by = row
    return NoteView(n.id, n.created_at, n.category, n.body, n.needs_follow_up,
                    n.done_at is not None, op, n.done_at, by)


def customer_notes(session: Session, customer_id: int, limit: int = 100) -> list[NoteView]:
    return customers.recent_notes(session, customer_id, limit)


def voices(session: Session, since: datetime | None = None, until: datetime | None = None,
           categories: tuple[str, ...] = VOICE_CATEGORIES, limit: int = 300) -> list[VoiceEntry]:
    """Recent クレーム / お褒め across all customers, newest first."""
    stmt = (select(Note, Customer.code, Customer.name, Operator.name)
            .join(Customer, Customer.id == Note.customer_id)
            .outerjoin(Operator, Operator.id == Note.operator_id)
            .where(Note.category.in_(categories)))
    if since is not None:
        stmt = stmt.where(Note.created_at >= since.astimezone(UTC))
    if until is not None:
        stmt = stmt.where(Note.created_at < until.astimezone(UTC))
    rows = session.execute(stmt.order_by(Note.created_at.desc(), Note.id.desc()).limit(limit))
    return [VoiceEntry(n.id, _utc(n.created_at), n.category, n.body,
                       cast(int, n.customer_id), code, name,  # joined to its customer
                       op, n.needs_follow_up, n.done_at is not None)
            for n, code, name, op in rows]


def open_follow_ups(session: Session, limit: int = 200) -> list[VoiceEntry]:
    """All 要対応 notes not yet 対応済み, newest first (any category)."""
    rows = session.execute(
        select(Note, Customer.code, Customer.name, Operator.name)
        .join(Customer, Customer.id == Note.customer_id)
        .outerjoin(Operator, Operator.id == Note.operator_id)
        .where(Note.needs_follow_up.is_(True), Note.done_at.is_(None))
        .order_by(Note.created_at.desc(), Note.id.desc()).limit(limit))
    return [VoiceEntry(n.id, _utc(n.created_at), n.category, n.body,
                       cast(int, n.customer_id), code, name,  # joined to its customer
                       op, True, False) for n, code, name, op in rows]
