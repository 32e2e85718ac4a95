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

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.clock import now_utc
from desk_app.domain.customer import NOTE_CATEGORIES, NoteView
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
             call_id: int | None = None, at: datetime | None = None) -> NoteView:
    body = (body or "").strip()
    if not body:
        raise ValueError("応対メモが空です (empty note)")
    if category not in NOTE_CATEGORIES:
        raise ValueError(f"unknown note category {category!r}")
    note = Note(customer_id=customer_id, body=body, category=category,
                needs_follow_up=needs_follow_up, operator_id=operator_id, call_id=call_id,
                created_at=_utc(at or now_utc()))
    session.add(note)
    session.flush()
    op = session.get(Operator, operator_id) if operator_id else None
    operator = op.name if op else None
    return NoteView(note.id, note.created_at, category, body, needs_follow_up, False, operator)


def set_done(session: Session, note_id: int, done: bool = True) -> None:
    """対応済み: a follow-up handled (or reopened)."""
    note = session.get(Note, note_id)
    if note is None:
        raise LookupError(f"no note {note_id}")
    note.done_at = now_utc() if done else None


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
    return [VoiceEntry(n.id, _utc(n.created_at), n.category, n.body, n.customer_id, code, name,
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
    return [VoiceEntry(n.id, _utc(n.created_at), n.category, n.body, n.customer_id, code, name,
                       op, True, False) for n, code, name, op in rows]
