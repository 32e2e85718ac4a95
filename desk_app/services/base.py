"""The shape every use case shares: a context, one transaction per call, results that say
what changed, typed errors with message codes.

A use case is a plain function (or a method of a small service class) that takes a
:class:`ServiceContext` first::

    def cancel_order(ctx: ServiceContext, order_id: int) -> Result[OrderView]:
        with ctx.transaction() as session:
            ...
            return Result(view, Changes(orders={order_id}, customers={customer_id}))

- It opens its own Session and transaction (``ctx.transaction()``) and closes both before it
  returns, so a desk never reads through an old snapshot while another desk writes.
- It returns plain frozen data (no ORM objects leave the call) and the :class:`Changes` it
  made; the desk's change hub and, later, other desks (LISTEN/NOTIFY) route them.
- It refuses input with :class:`ServiceError` (or a subclass): a message code and its
  parameters, per field where a field is at fault. Words come from ``desk_app.domain.messages``.

Nothing here imports Qt; the desk runs use cases on its task queue, the CLI calls them
directly.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Self, TypeVar

from sqlalchemy.orm import Session

from desk_app.domain.clock import today_local
from desk_app.domain.messages import Problem, Refused, describe
from desk_app.store.db import Store

__all__ = ["NO_CHANGES", "Changes", "Invalid", "NotFound", "Problem", "Result",
           "ServiceContext", "ServiceError", "missing_as"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Changes:
    """What a use case changed, by kind; empty sets mean "nothing of that kind"."""

    customers: frozenset[int] = frozenset()
    orders: frozenset[int] = frozenset()
    calls: frozenset[int] = frozenset()
    notes: frozenset[int] = frozenset()
    products: bool = False
    letters: bool = False
    imports: bool = False

    @classmethod
    def of(cls, *, customers: Iterable[int | None] = (), orders: Iterable[int | None] = (),
           calls: Iterable[int | None] = (), notes: Iterable[int | None] = (),
           products: bool = False, letters: bool = False, imports: bool = False) -> Changes:
        """Build from any iterables; ``None`` ids (an unknown caller's call) are dropped."""
        def ids(values: Iterable[int | None]) -> frozenset[int]:
            return frozenset(v for v in values if v is not None)
        return cls(ids(customers), ids(orders), ids(calls), ids(notes), products, letters,
                   imports)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.customers | other.customers, self.orders | other.orders,
                       self.calls | other.calls, self.notes | other.notes,
                       self.products or other.products, self.letters or other.letters,
                       self.imports or other.imports)

    def __bool__(self) -> bool:
        return bool(self.customers or self.orders or self.calls or self.notes
                    or self.products or self.letters or self.imports)


NO_CHANGES = Changes()


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """A use case's answer and what it changed."""

    value: T
    changes: Changes = NO_CHANGES


class ServiceError(Exception):
    """A use case refused its input. ``problems`` say why, as message codes.

    ``str(error)`` is the Japanese text (the CLI prints it; logs must not carry personal
    data, so parameters are ids and codes, never names or numbers).
    """

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems))
        super().__init__(describe(self.problems))

    @classmethod
    def one(cls, code: str, field: str = "", **params: Any) -> Self:
        return cls(Problem(code, params, field))

    @classmethod
    def of(cls, refusal: Refused) -> Self:
        """The domain's or the store's refusal, as this service error."""
        return cls(refusal.problems)

    @property
    def code(self) -> str:
        return self.problems[0].code if self.problems else ""

    @property
    def errors(self) -> list[Problem]:
        """The problems as a list (what field-error widgets take)."""
        return list(self.problems)

    def text(self, lang: str = "ja") -> str:
        """The problems as "field: message" lines in *lang*."""
        return describe(self.problems, lang)


class NotFound(ServiceError):
    """The customer, order, product … asked for does not exist (any more)."""


@contextmanager
def missing_as(code: str, field: str = "", **params: Any) -> Iterator[None]:
    """The store's ``LookupError`` (no such row) inside the block becomes :class:`NotFound`
    with *code*::

        with ctx.transaction() as s, missing_as("call.not_found", "call", call=call_id):
            calls.mark_callback_done(s, call_id, done, ctx.operator_id)
    """
    try:
        yield
    except LookupError:
        raise NotFound.one(code, field, **params) from None


class Invalid(ServiceError, ValueError):
    """The input breaks a rule (validation, a state that forbids the change); also a
    ValueError, like the domain's refusals it usually carries."""


@dataclass
class ServiceContext:
    """Who is asking and against which store: what every use case receives.

    ``today`` is the desk's day (tests and screenshots pin it). ``operator_id`` is the clerk
    signed in at this desk, recorded on what they write. ``config`` is the typed
    configuration (``desk_app.config``) when the caller loaded one.
    """

    store: Store
    operator_id: int | None = None
    today: Callable[[], date] = today_local
    config: Any = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A new Session in one transaction: committed when the block ends, rolled back on
        any exception, closed either way."""
        session = self.store.new_session()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A Session for reads only (rolled back at the end: nothing it did is kept)."""
        session = self.store.new_session()
        try:
            yield session
        finally:
            session.rollback()
            session.close()


@contextmanager
def no_automatic_gc() -> Iterator[None]:
    """Python's automatic cyclic collection paused for a bulk job that makes hundreds of
    thousands of short-lived tuples and no cycles (a history import's reading, today's list
    at a million customers): the collector's passes over them cost a fifth to a third of the
    CPU time and free nothing; reference counting frees it all. Given back as it was found:
    the desk has it off already (``ui/core/collector``, collected on the GUI thread)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
