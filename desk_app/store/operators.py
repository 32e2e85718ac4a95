"""The clerks who sign in at a desk (担当者)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.store.models import Operator


def active_operators(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the operators offered at sign-in, in the order they were added."""
    return [(o.id, o.name) for o in session.scalars(
        select(Operator).where(Operator.active.is_(True)).order_by(Operator.id))]


def ensure_operator(session: Session, name: str) -> tuple[int, str]:
    """The operator called *name*, added (or made active again) if needed."""
    found = session.scalar(select(Operator).where(Operator.name == name))
    if found is None:
        found = Operator(name=name, active=True)
        session.add(found)
        session.flush()
    found.active = True
    return found.id, found.name
