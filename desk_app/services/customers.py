"""Customer records as the desk and the CLI read and correct them.

- :func:`customer_record` — the whole record (``desk-app customer show``, the edit screen):
  the same :class:`CustomerCard` the caller lookup returns as its ``customer``.
- :func:`edit_customer` — 顧客情報の修正: the same rules as registration
  (``domain.customer_rules``), every changed field kept in 変更履歴 with who and when.
- :func:`check_registration` — a registration form's fields as a ``NewCustomer`` or a
  refusal per field (the desk's registration and any script use the same rules).
- :func:`add_number_note` / :func:`number_notes` / :func:`attach_number_notes` — notes on
  unknown numbers, given to the customer when the caller is registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from desk_app.domain import customer_rules, messages
from desk_app.domain.customer import ChangeView, CustomerCard, NoteView
from desk_app.domain.text import FieldIssue, check_length, clean, clean_field
from desk_app.services.base import (
    Changes,
    NotFound,
    Problem,
    Result,
    ServiceContext,
    ServiceError,
)
from desk_app.services.rfm import screen_settings
from desk_app.store import customer_changes, customers, notes
from desk_app.store.models import Customer

# Keys `customer show` prints that are not edited (derived or kept elsewhere): an edit
# object made from `show` output may carry them; they are ignored.
READ_ONLY = frozenset({"summary", "first_order_date", "days_since_last_order", "orders",
                       "notes", "created_at", "caution", "address_missing"})

messages.register({
    "customer.not_found": ("顧客番号「{code}」は登録されていません。",
                           "No customer with code {code}."),
    "customer.edit_shape": ("修正内容は項目名と値のオブジェクト {{...}} で指定してください。",
                            "Give the changes as an object {{field: value, ...}}."),
    "note.empty": ("応対メモが空です。", "The note is empty."),
    "note.no_number": ("番号のない着信にはメモを残せません。顧客を検索してください。",
                       "A call without a number cannot keep a note; search for the customer."),
})


def problems(issues: Iterable[FieldIssue]) -> list[Problem]:
    return [Problem(i.code, dict(i.params), i.field) for i in issues]


def _customer_id(session, key: str | int) -> int:
    if isinstance(key, int):
        if session.get(Customer, key) is None:
            raise NotFound(Problem("customer.not_found", {"code": str(key)}, "customer"))
        return key
    code = str(key).strip()
    found = session.scalar(select(Customer.id).where(Customer.code == code))
    if found is None and code.isdigit():
        found = session.scalar(select(Customer.id).where(Customer.code == code.zfill(7)))
    if found is None:
        raise NotFound(Problem("customer.not_found", {"code": code}, "customer"))
    return found


def customer_record(ctx: ServiceContext, key: str | int, *, n_orders: int = 10,
                    n_notes: int = 10) -> CustomerCard:
    """The customer by code (or id), as the lookup's ``customer``."""
    with ctx.reading() as s:
        card = customers.card(s, _customer_id(s, key), ctx.today(), n_orders=n_orders,
                              n_notes=n_notes, settings=screen_settings(ctx, s, ctx.today()))
    assert card is not None
    return card


def edit_customer(ctx: ServiceContext, key: str | int, changes: Mapping[str, Any], *,
                  n_orders: int = 10, n_notes: int = 10) -> Result[CustomerCard]:
    """Apply *changes* (fields named as ``customer show`` prints them); refused per field
    with the registration's rules. Returns the new record."""
    if not isinstance(changes, Mapping):
        raise ServiceError.one("customer.edit_shape")
    wanted = {k: v for k, v in changes.items() if k not in READ_ONLY}
    with ctx.transaction() as s:
        customer_id = _customer_id(s, key)
        current = s.get(Customer, customer_id)
        assert current is not None
        values, issues = customer_rules.check(wanted, ctx.today(), partial=True,
                                              current_flags=customer_changes.flags_of(current))
        if issues:
            raise ServiceError(problems(issues))
        changed = customer_changes.apply_changes(s, customer_id, values,
                                                 operator_id=ctx.operator_id)
        attached = []
        if "phones" in changed:  # a number added now may have notes waiting for it
            attached = notes.attach_number_notes(
                s, customer_id, [p.national for p in values["phones"]])
        card = customers.card(s, customer_id, ctx.today(), n_orders=n_orders, n_notes=n_notes,
                              settings=screen_settings(ctx, s, ctx.today()))
    assert card is not None
    return Result(card, Changes.of(customers=[customer_id] if changed else [],
                                   notes=attached))


def customer_history(ctx: ServiceContext, customer_id: int,
                     limit: int = 200) -> list[ChangeView]:
    with ctx.reading() as s:
        return customer_changes.history(s, customer_id, limit)


def check_registration(ctx: ServiceContext, values: Mapping[str, Any]) -> customers.NewCustomer:
    """The registration form's fields (``name``, ``kana``, ``phones`` …, as for an edit) as
    a :class:`NewCustomer`; raises :class:`ServiceError` with a problem per field."""
    checked, issues = customer_rules.check(values, ctx.today())
    if issues:
        raise ServiceError(problems(issues))
    flags = tuple(checked.get("caution_flags") or ())
    return customers.NewCustomer(
        name=checked["name"], kana=checked["kana"],
        phones=[(p.kind, p.national) for p in checked["phones"]],
        postal_code=checked.get("postal_code"), prefecture=checked.get("prefecture"),
        city=checked.get("city"), address1=checked.get("address1"),
        address2=checked.get("address2"), email=checked.get("email"),
        birthday=checked.get("birthday"), dm_allowed=bool(checked.get("dm_allowed", True)),
        caution=customer_rules.caution_on(checked.get("caution_note"), flags),
        caution_note=checked.get("caution_note"), company=checked.get("company"),
        department=checked.get("department"), caution_flags=flags)


def add_number_note(ctx: ServiceContext, number: str | None, body: str,
                    category: str = "other", *, call_id: int | None = None) -> Result[NoteView]:
    """A note on a call from an unknown number, kept until the caller is registered."""
    if not notes.number_key(number or ""):
        raise ServiceError.one("note.no_number")
    text = clean(body, multiline=True)
    if not text:
        raise ServiceError.one("note.empty", "body")
    too_long = check_length("note", text, "body")
    if too_long:
        raise ServiceError(problems([too_long]))
    with ctx.transaction() as s:
        note = notes.add_number_note(s, number or "", text, category,
                                     operator_id=ctx.operator_id, call_id=call_id)
        if call_id is not None:
            from desk_app.store import calls
            calls.set_outcome(s, call_id, calls.NOTE, operator_id=ctx.operator_id)
    return Result(note, Changes.of(notes=[note.id], calls=[call_id]))


def number_notes(ctx: ServiceContext, number: str) -> list[NoteView]:
    with ctx.reading() as s:
        return notes.number_notes(s, number)


def attach_number_notes(ctx: ServiceContext, customer_id: int,
                        numbers: list[str]) -> Result[list[int]]:
    """After a registration: the notes kept against the customer's numbers become theirs."""
    with ctx.transaction() as s:
        ids = notes.attach_number_notes(s, customer_id, numbers)
    return Result(ids, Changes.of(customers=[customer_id] if ids else [], notes=ids))


def operator_named(ctx: ServiceContext, name: str) -> int:
    """The id of the active operator called *name*, added when new (CLI ``--operator``)."""
    from desk_app.store.models import Operator

    name = clean_field("operator", name)
    if not name:
        raise ServiceError.one("common.required", "operator", what="担当者名")
    with ctx.transaction() as s:
        found = s.scalar(select(Operator).where(Operator.name == name))
        if found is None:
            found = Operator(name=name, active=True)
            s.add(found)
            s.flush()
        found.active = True
        return found.id
