"""担当者: the clerks offered at sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.services.base import Invalid, Result, ServiceContext
from desk_app.store import operators

__all__ = ["OperatorView", "add_operator", "list_operators"]


@dataclass(frozen=True)
class OperatorView:
    id: int
    name: str


def list_operators(ctx: ServiceContext) -> list[OperatorView]:
    with ctx.reading() as s:
        return [OperatorView(i, n) for i, n in operators.active_operators(s)]


def add_operator(ctx: ServiceContext, name: str) -> Result[OperatorView]:
    """The operator called *name* (spaces trimmed), added or made active again."""
    name = name.strip()
    if not name:
        raise Invalid.one("operator.name_required", "name")
    with ctx.transaction() as s:
        op_id, op_name = operators.ensure_operator(s, name)
    return Result(OperatorView(op_id, op_name))
