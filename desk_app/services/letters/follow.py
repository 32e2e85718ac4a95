"""Today's list (本日のフォロー) and the printing records.

Nothing is written when an order is saved: the list is derived from the orders and the rules
each time it is asked for (``domain.letters``), so a rule edited at one desk applies at every
desk at once; printing records each letter (``letter_prints``) so that it never comes again,
and a reprint is logged as such.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, overload

from desk_app.domain import messages
from desk_app.domain.clock import now_utc
from desk_app.domain.letter_choice import Reach, due_from, live_windows, pick, segment_hits
from desk_app.domain.letters import AggregateStage, Due, Rule, StageFn, last_day, needs_history
from desk_app.domain.reach import usual_hours
from desk_app.services.base import Changes, Result, ServiceContext, ServiceError, no_automatic_gc
from desk_app.services.letters.schedule import _stage_rules, default_stage
from desk_app.store import letter_records as rec
from desk_app.store import letters as q
from desk_app.store import shop_calendar

messages.register({
    "letters.what": ("印刷する内容は list / letters / labels / postcards から選んでください。",
                     "Choose what to print: list, letters, labels or postcards."),
    "letters.nothing": ("{date}に印刷するフォローはありません。", "Nothing to print for {date}."),
})

OUTPUTS = ("list", "letters", "labels", "postcards")


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
    # letter key → the outputs (letters, labels …) it was printed as on this day
    printed_as: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def batch(self, output: str) -> Sequence[FollowLine]:
        """What a print of *output* holds: the lines due, then those printed today as
        another kind but not yet as this one (the labels for the letters just printed),
        never one already printed as *output* today: printing that again is a reprint,
        from :attr:`printed`. The list prints what is due."""
        if output == "list":
            return for_output(self.due, output)
        not_yet = FollowLines.of(x for x in self.printed
                                 if output not in self.printed_as.get(x.letter_key, ()))
        return for_output(self.due + not_yet, output)

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

    done, done_as = _printed_on(ctx, day)
    return Result(FollowList(day, lines(due, True), lines(missing, False), waiting,
                             FollowLines.of(done), done_as))


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
    return _printed_on(ctx, day or ctx.today())[0]


def _printed_on(ctx: ServiceContext, day: date
                ) -> tuple[tuple[FollowLine, ...], dict[str, frozenset[str]]]:
    """The letters first printed on *day* as list lines, and what each letter key was
    printed as that day (letters, labels …)."""
    stage_at, _ = default_stage(ctx)
    with ctx.reading() as session:
        prints = rec.prints_on(session, day)
        outputs: dict[str, set[str]] = {}
        for r in prints:
            outputs.setdefault(r.letter_key, set()).add(r.output)
        printed_as = {key: frozenset(kinds) for key, kinds in outputs.items()}
        records, listed = [], set()
        for r in prints:  # one line per letter (its letter and its label are two prints)
            if not r.reprint and r.letter_key not in listed:
                listed.add(r.letter_key)
                records.append(r)
        if not records:
            return (), printed_as
        rules_by_key = {r.key: r for r in rec.load_rules(session)}
        calendar = shop_calendar.load_calendar(session)
        facts = q.load_facts(session, {r.customer_id for r in records}, day, with_lines=False)
    out = []
    for r in records:
        if r.customer_id not in facts:
            continue  # the customer was deleted since
        row, f = facts[r.customer_id]
        rule = rules_by_key.get(r.rule_key) or Rule(r.rule_key, r.rule_key, "any_order",
                                                     channel=r.channel, template=r.rule_key)
        rule = replace(rule, channel=r.channel)
        # the window's last day, as on the due lines (the rule's window as it is now)
        last = last_day(rule, r.due_date, calendar)
        due = Due(r.letter_key, rule, r.customer_id, r.due_date, r.due_date, last, "", {})
        line = _line(due, row, stage_at(f.orders, day))
        out.append(replace(line, reason=r.reason))
    return tuple(out), printed_as


# -- filters ------------------------------------------------------------------------------

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
