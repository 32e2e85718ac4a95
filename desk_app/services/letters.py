"""Follow-up letters and the call list: today's list, printing records, rules, templates.

Use cases the desk's 本日のフォロー window and ``desk-app letters`` share. Nothing here is
written when an order is saved: the list is derived from the orders and the rules each
time it is asked for (``domain.letters``), so a rule edited at one desk applies at every
desk at once; printing records each letter (``letter_prints``) so that it never comes
again, and a reprint is logged as such.

Where things live, and why:
- rules, edited templates and the shop calendar are shop-wide data in the store (tables
  ``letter_rules``, ``letter_templates``, ``shop_settings``), not per-desk settings: every
  desk sharing one PostgreSQL must print the same list; each rule change is kept with who,
  when and why (``letter_rule_changes``);
- the shipped templates are files in the package's resources (``resources/letters``);
- the shop's details (店舗情報) come from ``ctx.config.shop`` when the desk's typed settings
  carry them, else ``shop.json`` in the data folder (the file the Yamato export reads).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, overload

from desk_app.config import ShopSettings
from desk_app.domain import letter_templates, messages
from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.clock import now_utc
from desk_app.domain.letter_choice import Reach, due_from, live_windows, pick, segment_hits
from desk_app.domain.letters import (
    AggregateStage,
    Due,
    Rule,
    StageFn,
    check_rules,
    needs_history,
    stage_fn_from_aggregates,
)
from desk_app.domain.reach import usual_hours
from desk_app.domain.shop import DEMO_SHOP, ShopInfo, registration_problem
from desk_app.domain.stages import DEFAULT_SETTINGS, segment
from desk_app.domain.wareki import to_wareki
from desk_app.services.base import (
    Changes,
    Problem,
    Result,
    ServiceContext,
    ServiceError,
    no_automatic_gc,
)
from desk_app.store import letter_records as rec
from desk_app.store import letters as q
from desk_app.store import shop_calendar

messages.register({
    "letters.what": ("印刷する内容は list / letters / labels / postcards から選んでください。",
                     "Choose what to print: list, letters, labels or postcards."),
    "letters.calendar.all_closed": ("少なくとも1つの曜日は営業日にしてください。",
                                    "At least one weekday must be open."),
    "letters.nothing": ("{date}に印刷するフォローはありません。", "Nothing to print for {date}."),
    "letters.shop_file": ("店舗情報ファイル {path} を読めません: {error}",
                          "Cannot read the shop file {path}: {error}"),
})

OUTPUTS = ("list", "letters", "labels", "postcards")
LETTER_TEMPLATES = "letters"  # the shipped templates: desk_app.resources/letters/<name>.txt


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


# -- results --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FollowLine:
    """One line of 本日のフォロー: one customer, the letter (or call) due today."""

    customer_id: int
    customer_code: str
    name: str
    kana: str
    rule: str  # rule key
    rule_name: str
    channel: str  # letter / postcard / call
    template: str
    reason: str  # 初回購入 11/28
    due_date: date
    last_day: date  # last day of the window
    letter_key: str
    stage: str
    postal_code: str
    address: str
    phone: str
    usual_hours: str = ""  # call list: つながりやすい時間帯
    order_id: int | None = None
    reason_code: str = ""
    reason_params: dict[str, Any] = field(default_factory=dict)
    # (prefecture, city, address1, address2): where labels and postcards break lines
    address_parts: tuple[str, str, str, str] = ("", "", "", "")

    def to_json(self) -> dict[str, str]:
        """The CLI contract's shape."""
        return {"customer_code": self.customer_code, "name": self.name, "rule": self.rule,
                "channel": self.channel, "reason": self.reason,
                "due_date": self.due_date.isoformat()}


class FollowLines(Sequence[FollowLine]):
    """A list's lines in their order, each built the first time it is read.

    At a million customers a day's list runs to some 50,000 lines; the desk shows 200 at a
    time, so building them all before the window can show the first page would be most of
    the list's cost. The rule and channel of every line are known up front: the counts and
    the filters (:meth:`where`) read those without building a line. Views made by slicing
    or filtering share the built lines. Compares equal to any sequence of the same lines.
    """

    __slots__ = ("_rules", "_channels", "_make", "_at", "_built")

    def __init__(self, rules: Sequence[str], channels: Sequence[str],
                 make: Callable[[int], FollowLine], at: Sequence[int] | None = None,
                 built: list[FollowLine | None] | None = None) -> None:
        self._rules, self._channels, self._make = rules, channels, make
        self._at: Sequence[int] = range(len(rules)) if at is None else at
        self._built: list[FollowLine | None] = [None] * len(rules) if built is None else built

    @classmethod
    def of(cls, lines: Iterable[FollowLine]) -> FollowLines:
        """Lines already built (a reprint, a test)."""
        done = list(lines)
        return cls([x.rule for x in done], [x.channel for x in done], done.__getitem__,
                    built=list(done))

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, index: int) -> FollowLine: ...

    @overload
    def __getitem__(self, index: slice) -> FollowLines: ...

    def __getitem__(self, index: int | slice) -> FollowLine | FollowLines:
        if isinstance(index, slice):
            return self._view(self._at[index])
        return self._line(self._at[index])

    def __iter__(self) -> Iterator[FollowLine]:
        for j in self._at:
            yield self._line(j)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FollowLines({len(self)} lines)"

    def __add__(self, other: object) -> FollowLines:
        if not isinstance(other, FollowLines):
            return NotImplemented
        n = len(self)
        return FollowLines([*self.rule_keys(), *other.rule_keys()],
                           [*self._channel_keys(), *other._channel_keys()],
                           lambda j: self[j] if j < n else other[j - n])

    def rule_keys(self) -> Iterator[str]:
        """Each line's rule key, in order, without building the lines."""
        return (self._rules[j] for j in self._at)

    def _channel_keys(self) -> Iterator[str]:
        return (self._channels[j] for j in self._at)

    def where(self, rules: set[str], channels: set[str]) -> FollowLines:
        """The lines of these rules and channels (empty: all), without building them."""
        return self._view([j for j in self._at
                           if (not rules or self._rules[j] in rules)
                           and (not channels or self._channels[j] in channels)])

    def _view(self, at: Sequence[int]) -> FollowLines:
        return FollowLines(self._rules, self._channels, self._make, at, self._built)

    def _line(self, j: int) -> FollowLine:
        line = self._built[j]
        if line is None:
            line = self._built[j] = self._make(j)
        return line


@dataclass(frozen=True)
class FollowList:
    day: date
    due: FollowLines
    address_missing: FollowLines
    waiting: int = 0  # letters due but waiting their turn behind a higher priority one
    # first printed on this day (today's batch, done)
    printed: FollowLines = field(default_factory=lambda: FollowLines.of(()))

    def batch(self) -> FollowLines:
        """Today's batch to print: what is due and what was already printed today, so the
        letters, their labels and the postcards can be printed one after another."""
        return self.printed + self.due

    def counts(self) -> dict[str, int]:
        """Lines per rule key (the list's filter chips)."""
        return dict(Counter(self.due.rule_keys()))

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "due": [x.to_json() for x in self.due],
                "address_missing": [x.to_json() for x in self.address_missing]}


def _address(row: q.CustomerRow) -> str:
    return " ".join(p for p in (f"{row.prefecture or ''}{row.city or ''}{row.address1 or ''}",
                                row.address2 or "") if p).strip()


def _line(due: Due, row: q.CustomerRow, stage: str, hours: str = "") -> FollowLine:
    code = row.postal_code or ""
    return FollowLine(row.id, row.code, row.name, row.kana, due.rule.key, due.rule.name,
                      due.rule.channel, due.rule.template, due.reason(), due.due_date,
                      due.last_day, due.key, stage, code, _address(row), row.phone or "", hours,
                      due.order_id, due.reason_code, dict(due.reason_params),
                      (row.prefecture or "", row.city or "", row.address1 or "",
                       row.address2 or ""))


# -- today's list ---------------------------------------------------------------------------

def follow_list(ctx: ServiceContext, day: date | None = None, *,
                stage: tuple[StageFn, int | None] | None = None,
                rules: Sequence[Rule] | None = None) -> Result[FollowList]:
    """Who is due on *day* (default: the desk's today), one line per customer, and who
    would be but has no usable address. *rules* overrides the stored ones (a preview of
    an edit before it is saved)."""
    with no_automatic_gc():
        return _follow_list(ctx, day, stage=stage, rules=rules)


def _follow_list(ctx: ServiceContext, day: date | None, *,
                 stage: tuple[StageFn, int | None] | None,
                 rules: Sequence[Rule] | None) -> Result[FollowList]:
    day = day or ctx.today()
    stage_at, lapse = stage or default_stage(ctx)
    with ctx.reading() as session:
        rules = tuple(rules) if rules is not None else rec.load_rules(session)
        calendar = shop_calendar.load_calendar(session)
        windows = [live_windows(r, day, calendar) if r.enabled else None for r in rules]
        found = q.today(session, rules, windows, day, lapse,
                        _stage_rules(ctx).loyal_amount if stage is None else None,
                        history_for_all=needs_history(
                            [r for r in rules if r.trigger != "segment_entered"], stage_at))
        hits = found.hits
        for i, ids in found.segment_ids.items():
            for cid in ids:
                hits += segment_hits(i, rules[i], cid, found.histories.get(cid, ()), day,
                                     stage_at, calendar)
        printed, printed_today = rec.printed(session, found.rows, day)
        stages = _Stages(stage_at, found.aggregates, found.histories, day)
        none = (None, None, 0, 0)
        aggs = found.aggregates
        reach = {cid: Reach(row.dm_allowed, q.usable_address(row), row.phone is not None,
                            aggs.get(cid, none)[2]) for cid, row in found.rows.items()}
        picked = pick(hits, rules, day, windows, reach, printed, printed_today, stages.label)
        del reach, hits
        # what a line is built from when it is read: (letter key, rule index, trigger date,
        # the event's args, the customer's row), a few objects each (the collector walks
        # whatever the list keeps: some 50,000 lines at a million customers)
        due: list[tuple[str, int, date, tuple[Any, ...], q.CustomerRow]] = []
        missing: list[tuple[str, int, date, tuple[Any, ...], q.CustomerRow]] = []
        waiting = 0
        rows = found.rows
        for cid, outcome in picked.items():
            if outcome.due is not None:
                e = outcome.due
                due.append((e[2], e[4], e[5][2], e[5][5], rows[cid]))
            if outcome.address_missing is not None:
                e = outcome.address_missing
                missing.append((e[2], e[4], e[5][2], e[5][5], rows[cid]))
            waiting += len(outcome.waiting)
        del picked, found
        stages.keep({item[4].id for item in due} | {item[4].id for item in missing})
        callers = [item[4].id for item in due if rules[item[1]].channel == "call"]
        hours = {cid: usual_hours(times) for cid, times in rec.call_times(session, callers).items()}
    order = {r.key: i for i, r in enumerate(rules)}
    rank = [order[r.key] for r in rules]  # a rule's place among those of its priority
    keys = [r.key for r in rules]
    channels = [r.channel for r in rules]

    def lines(items: list[tuple[str, int, date, tuple[Any, ...], q.CustomerRow]],
              with_hours: bool) -> FollowLines:
        def sort_key(item):
            _key, i, trigger, _args, row = item
            window = windows[i]
            assert window is not None
            return (rules[i].priority, rank[i], window[trigger][0], row.kana or row.name,
                    row.code)
        items.sort(key=sort_key)

        def make(j: int) -> FollowLine:
            key, i, trigger, args, row = items[j]
            due = due_from(key, i, row.id, trigger, args, rules, windows, day)
            return _line(due, row, stages.label(row.id),
                         hours.get(row.id, "") if with_hours else "")
        return FollowLines([keys[x[1]] for x in items], [channels[x[1]] for x in items], make)

    done = FollowLines.of(lines_for_reprint(ctx, day))
    return Result(FollowList(day, lines(due, True), lines(missing, False), waiting, done))


class _Stages:
    """Each customer's stage label on the day, worked out once, from the aggregates (or
    the histories, for a stage model that needs the orders)."""

    def __init__(self, stage_at: StageFn, aggregates: dict[int, Any],
                 histories: dict[int, Any], day: date) -> None:
        self.stage_at, self.aggregates, self.histories, self.day = \
            stage_at, aggregates, histories, day
        self.labels: dict[int, str] = {}

    def label(self, cid: int) -> str:
        label = self.labels.get(cid)
        if label is None:
            stage_at = self.stage_at
            if isinstance(stage_at, AggregateStage):
                label = stage_at.of_aggregates(self.aggregates.get(cid, (None, None, 0, 0)),
                                               self.day)
            else:
                label = stage_at(self.histories.get(cid, ()), self.day)
            self.labels[cid] = label
        return label

    def keep(self, ids: set[int]) -> None:
        """Forget what is not needed for the customers *ids* (the lines kept)."""
        self.aggregates = {cid: a for cid, a in self.aggregates.items() if cid in ids}
        self.histories = {cid: h for cid, h in self.histories.items() if cid in ids}
        self.labels = {cid: x for cid, x in self.labels.items() if cid in ids}


def mark_printed(ctx: ServiceContext, lines: Iterable[FollowLine], output: str,
                 day: date | None = None) -> Result[tuple[int, int]]:
    """Record *lines* as printed on *day* as *output*: (first prints, reprints). A letter
    printed once never comes on a list again; printing it again is logged as a reprint."""
    if output not in OUTPUTS:
        raise ServiceError.one("letters.what")
    day = day or ctx.today()
    entries = [rec.PrintEntry(x.letter_key, x.rule, x.customer_id, x.channel, x.due_date,
                            x.reason) for x in lines]
    with ctx.transaction() as session:
        counts = rec.record_prints(session, entries, day, output, now_utc(), ctx.operator_id)
    return Result(counts, Changes.of(customers=[e.customer_id for e in entries], letters=True))


def prints_on(ctx: ServiceContext, day: date | None = None) -> list[rec.PrintRecord]:
    """What was printed on *day* (for a reprint), oldest first."""
    with ctx.reading() as session:
        return rec.prints_on(session, day or ctx.today())


def lines_for_reprint(ctx: ServiceContext, day: date | None = None) -> tuple[FollowLine, ...]:
    """The letters first printed on *day*, as list lines again (to print them once more)."""
    day = day or ctx.today()
    stage_at, _ = default_stage(ctx)
    with ctx.reading() as session:
        records = [r for r in rec.prints_on(session, day) if not r.reprint]
        if not records:
            return ()
        rules_by_key = {r.key: r for r in rec.load_rules(session)}
        facts = q.load_facts(session, {r.customer_id for r in records}, day, with_lines=False)
    out = []
    for r in records:
        if r.customer_id not in facts:
            continue  # the customer was deleted since
        row, f = facts[r.customer_id]
        rule = rules_by_key.get(r.rule_key) or Rule(r.rule_key, r.rule_key, "any_order",
                                                     channel=r.channel, template=r.rule_key)
        rule = replace(rule, channel=r.channel)
        due = Due(r.letter_key, rule, r.customer_id, r.due_date, r.due_date, r.due_date,
                  "", {})
        line = _line(due, row, stage_at(f.orders, day))
        out.append(replace(line, reason=r.reason))
    return tuple(out)


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


# -- templates ------------------------------------------------------------------------------

def _shipped_dir() -> Path | None:
    import desk_app.resources as package_resources  # (this form: see pyproject's mypy notes)

    return package_resources.path(LETTER_TEMPLATES)


def shipped_templates() -> dict[str, str]:
    folder = _shipped_dir()
    if folder is None:
        return {}
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


def templates(ctx: ServiceContext) -> dict[str, str]:
    """Every template by name: the shipped files, overridden by the shop's edits."""
    out = shipped_templates()
    with ctx.reading() as session:
        out.update(rec.stored_templates(session))
    return out


def template_names(ctx: ServiceContext) -> list[str]:
    return sorted(templates(ctx))


def template(ctx: ServiceContext, name: str) -> str:
    body = templates(ctx).get(name)
    if body is None:
        raise ServiceError.one("letters.template.missing", "template", template=name)
    return body


def save_template(ctx: ServiceContext, name: str, body: str | None) -> Result[None]:
    """Store an edited template (checked first: an unknown placeholder is refused);
    ``None`` restores the shipped file."""
    if not letter_templates.valid_name(name):
        raise ServiceError.one("letters.template.name", "name")
    if body is not None:
        problem = letter_templates.check(name, body)
        if problem is not None:
            raise ServiceError(Problem(problem.code, problem.params, "body"))
    with ctx.transaction() as session:
        rec.save_template(session, name, body, ctx.operator_id)
    return Result(None, Changes(letters=True))


# -- shop -----------------------------------------------------------------------------------

def shop_info(ctx: ServiceContext, path: Path | None = None) -> ShopInfo:
    """店舗情報: the typed settings' shop when present, else *path* or ``shop.json`` in
    the data folder, else the demo shop (so a fresh install still prints)."""
    configured = getattr(ctx.config, "shop", None)
    if isinstance(configured, ShopInfo):
        return configured
    if isinstance(configured, ShopSettings) and any(asdict(configured).values()):
        data = asdict(configured)  # config's [shop]: its invoice_number is the 登録番号
        data["registration_number"] = data.pop("invoice_number")
        return ShopInfo.from_dict(data)
    # [shop] not filled in at all: shop.json, else the demo shop
    if path is None:
        from desk_app.store.db import data_dir

        path = data_dir() / "shop.json"
    if not path.exists():
        return DEMO_SHOP
    try:
        return ShopInfo.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ServiceError.one("letters.shop_file", path=str(path), error=str(exc)) from None


def check_shop(shop: ShopInfo) -> list[Problem]:
    code = registration_problem(shop.registration_number)
    return [Problem(code, {}, "registration_number")] if code else []


# -- merged letters -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MergedLetter:
    line: FollowLine
    body: str


def _postal(code: str) -> str:
    return f"{code[:3]}-{code[3:]}" if len(code) == 7 else code


def _long_date(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def letter_values(line: FollowLine, shop: ShopInfo, day: date,
                  facts: dict[str, Any] | None = None) -> dict[str, str]:
    facts = facts or {}
    return {
        "宛名": f"{line.name} 様", "氏名": line.name, "郵便番号": _postal(line.postal_code),
        "住所": line.address, "日付": _long_date(day), "和暦日付": to_wareki(day),
        "店名": shop.name, "店舗郵便番号": _postal(shop.postal_code),
        "店舗住所": shop.full_address, "店舗電話": _phone(shop.phone),
        "初回購入日": _long_date(facts.get("first")), "最終購入日": _long_date(facts.get("last")),
        "購入回数": str(facts.get("count", "")),
        "商品名": str(line.reason_params.get("product", "")) if line.rule else "",
        "誕生月": f"{facts['birth_month']}月" if facts.get("birth_month") else "",
        "理由": line.reason,
    }


def _phone(number: str) -> str:
    from desk_app.domain.phone import display_form

    return display_form(number) if number else ""


def merge_letters(ctx: ServiceContext, lines: Sequence[FollowLine], day: date | None = None,
                  shop: ShopInfo | None = None) -> list[MergedLetter]:
    """Each line's template filled in. Every template is checked before any is merged: one
    that names an unknown placeholder refuses the whole run (nothing half-filled)."""
    day = day or ctx.today()
    shop = shop or shop_info(ctx)
    bodies = templates(ctx)
    problems = []
    for name in sorted({x.template for x in lines if x.channel != "call"}):
        body = bodies.get(name)
        if body is None:
            problems.append(Problem("letters.template.missing", {"template": name}, "template"))
        elif (problem := letter_templates.check(name, body)) is not None:
            problems.append(Problem(problem.code, problem.params, "template"))
    if problems:
        raise ServiceError(problems)
    with ctx.reading() as session:
        facts = q.load_facts(session, {x.customer_id for x in lines}, day, with_lines=False)
    out = []
    for line in lines:
        if line.channel == "call":
            continue
        f = facts.get(line.customer_id)
        info: dict[str, Any] = {}
        if f is not None:
            orders = f[1].orders
            if orders:
                info = {"first": orders[0].order_date, "last": orders[-1].order_date,
                        "count": len(orders)}
            if f[1].birthday:
                info["birth_month"] = f[1].birthday.month
        body = letter_templates.render(line.template, bodies[line.template],
                                       letter_values(line, shop, day, info))
        out.append(MergedLetter(line, body))
    return out


def preview_template(name: str, body: str, shop: ShopInfo, day: date) -> str:
    """The template filled with a sample customer (the editor's preview); raises
    :class:`ServiceError` for a template that cannot print."""
    problem = letter_templates.check(name, body)
    if problem is not None:
        raise ServiceError(Problem(problem.code, problem.params, "body"))
    sample = FollowLine(0, "C000000", "山田 花子", "ヤマダ ハナコ", name, name, "letter", name,
                        "初回購入 11/28", day, day, "", "初回・現役", "1000001",
                        "東京都千代田区千代田1-1", "0312345678",
                        reason_params={"product": "青汁 30包"},
                        address_parts=("東京都", "千代田区", "千代田1-1", ""))
    info = {"first": day, "last": day, "count": 3, "birth_month": day.month}
    return letter_templates.render(name, body, letter_values(sample, shop, day, info))


def filter_lines(lines: Iterable[FollowLine], *, rules: Iterable[str] = (),
                 channels: Iterable[str] = ()) -> Sequence[FollowLine]:
    """The list's filters: by rule keys and channels (empty: all). Today's lines stay
    unbuilt until read."""
    rules, channels = set(rules), set(channels)
    if isinstance(lines, FollowLines):
        return lines.where(rules, channels)
    return tuple(x for x in lines if (not rules or x.rule in rules)
                 and (not channels or x.channel in channels))


OUTPUT_CHANNELS = {"letters": {"letter"}, "postcards": {"postcard"},
                   "labels": {"letter", "postcard"}, "list": set()}


def for_output(lines: Iterable[FollowLine], output: str) -> Sequence[FollowLine]:
    """The lines an output prints: letters → letter channel; postcards → postcard channel;
    labels → both postal channels (the envelopes and cards to address); list → all."""
    channels = OUTPUT_CHANNELS.get(output)
    if channels is None:
        raise ServiceError.one("letters.what")
    return filter_lines(lines, channels=channels)


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

