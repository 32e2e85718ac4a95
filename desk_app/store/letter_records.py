"""What the desk keeps about follow-up letters besides the orders they are derived from:
the rules and their change log, stored templates, what was printed (never printed twice),
and when customers can be reached by phone (the call-list channel).

The candidates and facts the rules are judged on are in :mod:`desk_app.store.letters`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk_app.domain.letters import (
    DEFAULT_RULES,
    Rule,
)
from desk_app.store.letters import among, chunks
from desk_app.store.models import (
    Call,
    LetterPrint,
    LetterRule,
    LetterRuleChange,
    LetterTemplate,
)

# -- print records ------------------------------------------------------------------------


def printed(session: Session, ids: Iterable[int], day: date) -> tuple[set[str], set[int]]:
    """(letter keys ever printed for these customers, customers with a print on *day*)."""
    keys: set[str] = set()
    today: set[int] = set()
    for part in among(session, LetterPrint.customer_id, sorted(set(ids))):
        for key, cid, on in session.execute(
                select(LetterPrint.letter_key, LetterPrint.customer_id, LetterPrint.printed_on)
                .where(part)):
            keys.add(key)
            if on == day:
                today.add(cid)
    return keys, today


@dataclass(frozen=True, slots=True)
class PrintEntry:
    letter_key: str
    rule_key: str
    customer_id: int
    channel: str
    due_date: date
    reason: str = ""


def record_prints(session: Session, entries: Sequence[PrintEntry], day: date, output: str,
                  now: datetime, operator_id: int | None) -> tuple[int, int]:
    """Record *entries* as printed on *day* as *output*; returns (first prints, reprints).
    A reprint is a letter printed again as the same output (the letter a second time, its
    label a second time); its label after the letter is a first print of the label."""
    keys = [e.letter_key for e in entries]
    seen: set[tuple[str, str]] = set()
    for part in chunks(keys):
        seen.update((key, kind) for key, kind in session.execute(
            select(LetterPrint.letter_key, LetterPrint.output)
            .where(LetterPrint.letter_key.in_(part))))
    first = reprints = 0
    for e in entries:
        again = (e.letter_key, output) in seen
        session.add(LetterPrint(letter_key=e.letter_key, rule_key=e.rule_key,
                                customer_id=e.customer_id, channel=e.channel,
                                due_date=e.due_date, reason=e.reason[:200], printed_on=day, printed_at=now,
                                operator_id=operator_id, output=output, reprint=again))
        seen.add((e.letter_key, output))
        reprints += again
        first += not again
    session.flush()
    return first, reprints


@dataclass(frozen=True, slots=True)
class PrintRecord:
    letter_key: str
    rule_key: str
    customer_id: int
    channel: str
    due_date: date
    reason: str
    printed_on: date
    printed_at: datetime
    operator_id: int | None
    output: str
    reprint: bool


def prints_on(session: Session, day: date) -> list[PrintRecord]:
    return [PrintRecord(*row) for row in session.execute(
        select(LetterPrint.letter_key, LetterPrint.rule_key, LetterPrint.customer_id,
               LetterPrint.channel, LetterPrint.due_date, LetterPrint.reason,
               LetterPrint.printed_on,
               LetterPrint.printed_at, LetterPrint.operator_id, LetterPrint.output,
               LetterPrint.reprint)
        .where(LetterPrint.printed_on == day).order_by(LetterPrint.id))]


# -- calls: when a customer can be reached -------------------------------------------------


def call_times(session: Session, ids: Iterable[int], limit_per_customer: int = 50
               ) -> dict[int, list[datetime]]:
    """Received-at times (UTC) of each customer's calls, newest first."""
    out: dict[int, list[datetime]] = defaultdict(list)
    for part in among(session, Call.customer_id, sorted(set(ids))):
        for cid, at in session.execute(select(Call.customer_id, Call.received_at)
                                       .where(part)
                                       .order_by(Call.customer_id, Call.received_at.desc())):
            if cid is not None and len(out[cid]) < limit_per_customer:
                out[cid].append(at)
    return out


# -- rules, templates, calendar -----------------------------------------------------------


def load_rules(session: Session) -> tuple[Rule, ...]:
    """The shop's rules; the shipped defaults until the shop saves its own."""
    rows = session.scalars(select(LetterRule).order_by(LetterRule.position, LetterRule.key)).all()
    if not rows:
        return DEFAULT_RULES
    return tuple(Rule.from_dict(json.loads(r.data)) for r in rows)


def save_rules(session: Session, rules: Sequence[Rule], reason: str, now: datetime,
               operator_id: int | None) -> None:
    session.execute(delete(LetterRule))
    for i, rule in enumerate(rules):
        session.add(LetterRule(key=rule.key, position=i,
                               data=json.dumps(rule.to_dict(), ensure_ascii=False)))
    session.add(LetterRuleChange(changed_at=now, operator_id=operator_id, reason=reason,
                                 rules=json.dumps([r.to_dict() for r in rules],
                                                  ensure_ascii=False)))
    session.flush()


@dataclass(frozen=True, slots=True)
class RuleChange:
    changed_at: datetime
    operator_id: int | None
    reason: str
    rules: tuple[Rule, ...]


def rule_changes(session: Session, limit: int = 50) -> list[RuleChange]:
    return [RuleChange(r.changed_at, r.operator_id, r.reason,
                       tuple(Rule.from_dict(d) for d in json.loads(r.rules)))
            for r in session.scalars(select(LetterRuleChange)
                                     .order_by(LetterRuleChange.id.desc()).limit(limit))]


def stored_template(session: Session, name: str) -> str | None:
    return session.scalar(select(LetterTemplate.body).where(LetterTemplate.name == name))


def stored_templates(session: Session) -> dict[str, str]:
    return {name: body for name, body in session.execute(
        select(LetterTemplate.name, LetterTemplate.body))}


def save_template(session: Session, name: str, body: str | None,
                  operator_id: int | None) -> None:
    """Store an edited template; ``None`` goes back to the shipped file."""
    row = session.get(LetterTemplate, name)
    if body is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(LetterTemplate(name=name, body=body, operator_id=operator_id))
    else:
        row.body, row.operator_id = body, operator_id
    session.flush()

