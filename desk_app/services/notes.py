"""応対メモ: notes written during a call, follow-ups, and the customers' voices."""

from __future__ import annotations

from datetime import datetime

from desk_app.domain.customer import NoteView
from desk_app.services.base import Changes, Invalid, NotFound, Result, ServiceContext
from desk_app.store import calls, notes
from desk_app.store.notes import VOICE_CATEGORIES, VoiceEntry

__all__ = ["VoiceEntry", "add_note", "customer_notes", "note", "set_note_done", "voices"]


def add_note(ctx: ServiceContext, customer_id: int, body: str, category: str = "other", *,
             needs_follow_up: bool = False, call_id: int | None = None,
             nps: int | None = None) -> Result[NoteView]:
    """A note by the signed-in clerk (*nps*: the 推奨度 answer 0–10, if asked); written
    during a call, the call's outcome becomes "note" in the same transaction."""
    if not (body or "").strip():
        raise Invalid.one("note.empty", "body")
    with ctx.transaction() as s:
        note = notes.add_note(s, customer_id, body, category, needs_follow_up=needs_follow_up,
                              operator_id=ctx.operator_id, call_id=call_id, nps=nps)
        if call_id is not None:
            calls.set_outcome(s, call_id, calls.NOTE, operator_id=ctx.operator_id,
                              customer_id=customer_id)
    return Result(note, Changes.of(customers=[customer_id], notes=[note.id], calls=[call_id]))


def set_note_done(ctx: ServiceContext, note_id: int, done: bool = True) -> Result[NoteView]:
    """対応済み: a follow-up handled (or reopened with *done* False), by the signed-in clerk.
    The note comes back with who marked it and when (``done_by``, ``done_at``); the
    customer's card is among the changes."""
    with ctx.transaction() as s:
        try:
            notes.set_done(s, note_id, done, ctx.operator_id)
        except LookupError:
            raise NotFound.one("note.not_found", "note", note=note_id) from None
        view = notes.note_view(s, note_id)
        customer_id = notes.customer_of(s, note_id)
    assert view is not None
    return Result(view, Changes.of(notes=[note_id], customers=[customer_id]))


def note(ctx: ServiceContext, note_id: int) -> NoteView:
    """One note, whole (the card's 応対履歴 opens it)."""
    with ctx.reading() as s:
        view = notes.note_view(s, note_id)
    if view is None:
        raise NotFound.one("note.not_found", "note", note=note_id)
    return view


def customer_notes(ctx: ServiceContext, customer_id: int, limit: int = 100) -> list[NoteView]:
    with ctx.reading() as s:
        return notes.customer_notes(s, customer_id, limit)


def voices(ctx: ServiceContext, since: datetime | None = None, until: datetime | None = None,
           categories: tuple[str, ...] = VOICE_CATEGORIES) -> list[VoiceEntry]:
    """Recent クレーム / お褒め across all customers, newest first."""
    with ctx.reading() as s:
        return notes.voices(s, since, until, categories)
