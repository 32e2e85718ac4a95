"""What decides when a letter comes: the rules (and the log of their changes), the shop's
business calendar, and the stage model the rules' segment filters use.

Rules and the calendar are shop-wide data in the store (tables ``letter_rules``,
``shop_settings``), not per-desk settings: every desk sharing one PostgreSQL must print the
same list; each rule change is kept with who, when and why (``letter_rule_changes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desk_app.domain import messages
from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.clock import now_utc
from desk_app.domain.letters import Rule, StageFn, check_rules, stage_fn_from_aggregates
from desk_app.domain.stages import DEFAULT_SETTINGS, segment
from desk_app.services.base import Changes, Problem, Result, ServiceContext, ServiceError
from desk_app.services.letters.texts import template_names
from desk_app.store import letter_records as rec
from desk_app.store import shop_calendar

messages.register({
    "letters.calendar.all_closed": ("少なくとも1つの曜日は営業日にしてください。",
                                    "At least one weekday must be open."),
})


# -- stage model ----------------------------------------------------------------------------

def default_stage(ctx: ServiceContext | None = None) -> tuple[StageFn, int | None]:
    """The stage model the rules' segment filters use, and its lapse in days (for the
    ``segment_entered`` candidates): step 09's CPM stages with the shop's stage settings
    (``services.rfm.stage_settings``), the same every screen and the CLI show."""
    rules = _stage_rules(ctx)
    return stage_fn_from_aggregates(lambda agg, day: segment(agg, day, rules)), \
        rules.lapse_days


def _stage_rules(ctx: ServiceContext | None):
    from desk_app.services.rfm import stage_settings

    return stage_settings(ctx).cpm if ctx is not None else DEFAULT_SETTINGS.cpm


# -- rules ----------------------------------------------------------------------------------

def rules(ctx: ServiceContext) -> tuple[Rule, ...]:
    with ctx.reading() as session:
        return rec.load_rules(session)


def save_rules(ctx: ServiceContext, new_rules: Sequence[Rule], reason: str) -> Result[None]:
    """Replace the shop's rules (the order given is the editor's order). Refused with every
    problem at once; *reason* is required and kept with the change."""
    problems = [Problem(code, params, where) for code, params, where in check_rules(new_rules)]
    if not reason.strip():
        problems.append(Problem("letters.rule.reason_required", {}, "reason"))
    templates = set(template_names(ctx))
    for i, rule in enumerate(new_rules):
        if rule.channel != "call" and rule.template and rule.template not in templates:
            problems.append(Problem("letters.template.missing", {"template": rule.template},
                                    f"rules[{i}].template"))
    if problems:
        raise ServiceError(problems)
    with ctx.transaction() as session:
        rec.save_rules(session, new_rules, reason.strip(), now_utc(), ctx.operator_id)
    return Result(None, Changes(letters=True))


def rule_changes(ctx: ServiceContext) -> list[rec.RuleChange]:
    with ctx.reading() as session:
        return rec.rule_changes(session)


def calendar(ctx: ServiceContext) -> BusinessCalendar:
    with ctx.reading() as session:
        return shop_calendar.load_calendar(session)


def save_calendar(ctx: ServiceContext, value: BusinessCalendar) -> Result[None]:
    """The shop's business calendar (letters' due dates, parcels' ship dates); refused
    when it closes every weekday."""
    if len(value.closed_weekdays) >= 7:
        raise ServiceError.one("letters.calendar.all_closed", "closed_weekdays")
    with ctx.transaction() as session:
        shop_calendar.save_calendar(session, value)
    return Result(None, Changes(letters=True))


def with_rule_edit(rules_: Sequence[Rule], key: str, **changes: Any) -> tuple[Rule, ...]:
    """The rule set with one rule changed (the editor builds its draft with this)."""
    found = False
    out = []
    for r in rules_:
        if r.key == key:
            out.append(replace(r, **changes))
            found = True
        else:
            out.append(r)
    if not found:
        raise ServiceError.one("letters.rule.unknown", key=key)
    return tuple(out)
