"""Follow-up rules as data, and which letter (or call) each customer is due on a day.

A :class:`Rule` says *when* (a trigger and an offset in days), *to whom* (a segment filter),
*what* (a template), *how* (channel: letter, postcard or call list), *which first*
(priority: 1 is the highest) and *for how long* (a window in days). Nothing is stored per
letter until it is printed: the letters due on a day are derived from the customer's
orders and the rules each time they are asked for, so an edited rule applies at once.

Derivation, for one customer and one day ``D`` (:func:`due_for_customer`):

1. each enabled rule yields its trigger events (a date and the fact behind it, e.g. the
   first order on 11/28) from the customer's non-cancelled orders up to ``D``;
2. due date = trigger date + offset, rolled forward to the shop's next open day when it
   falls on a closed day (Sunday, a public holiday, the shop's own closed days);
3. a letter is due from its due date for ``window_days`` days (the due date is day 1),
   up to its window's last day (期限), which also moves to the next open day when it falls
   on a closed day (the window never ends on a day the shop cannot print), unless it was
   printed (its :attr:`Due.key` is in the printed set);
4. no DM wanted (``dm_allowed`` false) → nothing at all, on any channel;
5. letters and postcards need a usable address: without one they go to the 住所未登録
   list (the clerk asks for it at the next call) instead of the print list;
6. a customer gets at most one a day: the highest priority (then the earliest due date);
   the others wait within their own windows. A customer who already had one printed on
   ``D`` gets no other that day.

The stage a segment filter or a ``segment_entered`` trigger needs comes from a
:data:`StageFn` passed in (the RFM stage model of ``domain.stages``), so this module holds
no stage thresholds of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from desk_app.domain import messages
from desk_app.domain.calendar import DEFAULT_CALENDAR, BusinessCalendar

TRIGGERS = ("first_order", "any_order", "since_last_order", "replenish", "birthday_month",
            "segment_entered")
CHANNELS = ("letter", "postcard", "call")
POSTAL_CHANNELS = ("letter", "postcard")
MAX_OFFSET_DAYS = 3660
MAX_WINDOW_DAYS = 366

messages.register({
    # reasons shown in 本日のフォロー and the CLI's "reason"
    "letters.reason.first_order": ("初回購入 {date}", "First order {date}"),
    "letters.reason.first_order_single": ("初回購入 {date}（購入1回）",
                                          "First order {date} (one order)"),
    "letters.reason.any_order": ("購入 {date}", "Order {date}"),
    "letters.reason.since_last_order": ("最終購入 {date}（{days}日前）",
                                        "Last order {date} ({days} days ago)"),
    "letters.reason.replenish": ("{product} {date}購入×{quantity}（{runs_out}頃なくなる）",
                                 "{product} bought {date} ×{quantity} (runs out {runs_out})"),
    "letters.reason.birthday_month": ("お誕生月 {month}月", "Birthday month {month}"),
    "letters.reason.segment_entered": ("{segment}に {date}", "Became {segment} {date}"),
    # rule validation
    "letters.rule.key": ("ルールの識別名は英数字・ハイフン・下線で入力してください。",
                         "A rule key uses letters, digits, hyphens and underscores."),
    "letters.rule.name": ("ルール名を入力してください。", "Enter the rule's name."),
    "letters.rule.trigger": ("きっかけ「{trigger}」は選べません。",
                             "Trigger \"{trigger}\" is not available."),
    "letters.rule.channel": ("送付方法「{channel}」は選べません。",
                             "Channel \"{channel}\" is not available."),
    "letters.rule.offset": ("日数は-{max}〜{max}日で入力してください。",
                            "Enter an offset between -{max} and {max} days."),
    "letters.rule.window": ("有効期間は1〜{max}日で入力してください。",
                            "Enter a window of 1 to {max} days."),
    "letters.rule.priority": ("優先順位は1以上の整数で入力してください。",
                              "Priority is a whole number from 1."),
    "letters.rule.template": ("はがき・手紙のルールにはテンプレートを選んでください。",
                              "Letters and postcards need a template."),
    "letters.rule.segment": ("「顧客ステージになったとき」には顧客ステージを選んでください。",
                             "Choose the stage for a \"segment entered\" rule."),
    "letters.rule.max_orders": ("購入回数の上限は1以上で入力してください。",
                                "The order-count limit is at least 1."),
    "letters.rule.duplicate": ("ルール「{key}」が重複しています。", "Rule \"{key}\" appears twice."),
    "letters.rule.unknown": ("ルール「{key}」は登録されていません。", "Rule \"{key}\" does not exist."),
    "letters.rule.reason_required": ("変更の理由を入力してください。", "Enter why the rules change."),
})


@dataclass(frozen=True, slots=True)
class Rule:
    """One follow-up rule. ``priority`` 1 is the highest; ``window_days`` counts the due
    date as day 1. ``segments`` filters by the customer's stage on the day ("優良" matches
    優良・現役 and 優良・離脱; a full label matches only itself; empty: everyone).
    ``max_orders``: only while the customer has at most that many orders (the
    second-purchase letter: 1). ``segment``: the stage a ``segment_entered`` rule watches."""

    key: str
    name: str
    trigger: str
    offset_days: int = 0
    channel: str = "letter"
    template: str = ""
    priority: int = 100
    window_days: int = 7
    segments: tuple[str, ...] = ()
    max_orders: int | None = None
    segment: str = ""
    enabled: bool = True

    def problems(self) -> list[tuple[str, dict[str, Any], str]]:
        """(code, params, field) for every problem; empty when the rule is usable."""
        out: list[tuple[str, dict[str, Any], str]] = []
        if not self.key or not all(c.isascii() and (c.isalnum() or c in "-_") for c in self.key):
            out.append(("letters.rule.key", {}, "key"))
        if not self.name.strip():
            out.append(("letters.rule.name", {}, "name"))
        if self.trigger not in TRIGGERS:
            out.append(("letters.rule.trigger", {"trigger": self.trigger}, "trigger"))
        if self.channel not in CHANNELS:
            out.append(("letters.rule.channel", {"channel": self.channel}, "channel"))
        if not _is_int(self.offset_days) or abs(self.offset_days) > MAX_OFFSET_DAYS:
            out.append(("letters.rule.offset", {"max": MAX_OFFSET_DAYS}, "offset_days"))
        if not _is_int(self.window_days) or not 1 <= self.window_days <= MAX_WINDOW_DAYS:
            out.append(("letters.rule.window", {"max": MAX_WINDOW_DAYS}, "window_days"))
        if not _is_int(self.priority) or self.priority < 1:
            out.append(("letters.rule.priority", {}, "priority"))
        if self.channel in POSTAL_CHANNELS and not self.template.strip():
            out.append(("letters.rule.template", {}, "template"))
        if self.trigger == "segment_entered" and not self.segment.strip():
            out.append(("letters.rule.segment", {}, "segment"))
        if self.max_orders is not None and (not _is_int(self.max_orders) or self.max_orders < 1):
            out.append(("letters.rule.max_orders", {}, "max_orders"))
        return out

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["segments"] = list(self.segments)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "segments" in values:
            values["segments"] = tuple(values["segments"] or ())
        return cls(**values)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# The shipped defaults, highest priority first (docs in README, section フォロー).
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("thanks", "お礼状", "first_order", 3, "letter", "thanks", 1),
    Rule("replenish", "お届けのご案内（そろそろなくなる頃）", "replenish", -7, "postcard",
         "replenish", 2),
    Rule("second", "2回目購入のご案内", "first_order", 30, "letter", "second", 3, max_orders=1),
    Rule("comeback365", "ご無沙汰のお客様へのご案内（1年）", "since_last_order", 365, "letter",
         "comeback", 4),
    Rule("comeback180", "ご無沙汰のお客様へのご案内（半年）", "since_last_order", 180,
         "postcard", "comeback", 5),
    Rule("birthday", "お誕生月のご挨拶", "birthday_month", 0, "letter", "birthday", 6,
         segments=("優良",)),
)


def check_rules(rules: Sequence[Rule]) -> list[tuple[str, dict[str, Any], str]]:
    """Problems of a whole rule set, fields prefixed ``rules[i].``."""
    out: list[tuple[str, dict[str, Any], str]] = []
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        out += [(code, params, f"rules[{i}].{name}") for code, params, name in rule.problems()]
        if rule.key in seen:
            out.append(("letters.rule.duplicate", {"key": rule.key}, f"rules[{i}].key"))
        seen.add(rule.key)
    return out


# -- facts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineFact:
    """A product line of an order, as far as the replenishment rule cares."""

    product: str  # product key (SKU): "ordered that product again" compares these
    name: str
    quantity: int
    runs_out_on: date | None = None  # order date + consumption days × quantity


@dataclass(frozen=True, slots=True)
class OrderFact:
    """``imported``: history the shop's previous system already followed up (an order that
    came with a history import, dated before the import's day): order-triggered rules
    (``first_order``, ``any_order``) write no letter for it; the rules that read the
    history (since the last order, replenishment, stages, birthdays) still count it."""

    order_id: int
    order_date: date
    total: int
    lines: tuple[LineFact, ...] = ()
    imported: bool = False


@dataclass(frozen=True)
class CustomerFacts:
    """What the rules read about one customer. ``orders``: non-cancelled, any order of
    dates (orders after the day asked about are ignored)."""

    customer_id: int
    orders: tuple[OrderFact, ...] = ()
    birthday: date | None = None
    dm_allowed: bool = True
    has_address: bool = True
    has_phone: bool = True


# A customer's stage label on a day from their orders up to that day: "優良・現役", "見込み".
StageFn = Callable[[Sequence[OrderFact], date], str]


def needs_history(rules: Sequence[Rule], stage_at: StageFn | None) -> bool:
    """Whether judging *rules* needs the candidates' whole histories."""
    if any(r.enabled and r.trigger == "segment_entered" for r in rules):
        return True
    return stage_at is not None and not isinstance(stage_at, AggregateStage) and any(
        r.enabled and r.segments for r in rules)


def runs_out_on(order_date: date, consumption_days: int | None, quantity: int) -> date | None:
    """The day a product bought on *order_date* runs out: consumption days × quantity."""
    if not consumption_days or consumption_days <= 0 or quantity <= 0:
        return None
    return order_date + timedelta(days=consumption_days * quantity)


def matches_segment(label: str, wanted: Iterable[str]) -> bool:
    """Does stage *label* (優良・現役) fall under any of *wanted* (優良, 優良・現役, 離脱)?"""
    parts = label.split("・")
    for w in wanted:
        if w == label or w in parts:
            return True
    return False


# -- events -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """A rule's trigger for one customer: the date and the fact behind it."""

    trigger_date: date
    ident: str  # what makes this event unique among the rule's events for the customer
    reason_code: str
    reason_params: dict[str, Any] = field(default_factory=dict)
    order_id: int | None = None


def _md(value: date, today: date | None = None) -> str:
    """11/28 within the year of *today* (or the last 300 days), else 2025/11/28."""
    if today is None or value.year == today.year or 0 <= (today - value).days < 300:
        return f"{value.month}/{value.day}"
    return f"{value.year}/{value.month}/{value.day}"


def trigger_range(rule: Rule, day: date, calendar: BusinessCalendar = DEFAULT_CALENDAR
                  ) -> tuple[date, date]:
    """The trigger dates whose letter can be due on *day*: (earliest, latest), inclusive.
    The store narrows its candidate queries with this; :func:`due_for_customer` checks
    each event exactly."""
    # the earliest due date whose window's last day (rolled forward) reaches *day*
    first_due = calendar.earliest_raw_date(day) - timedelta(days=rule.window_days - 1)
    lo = calendar.earliest_raw_date(first_due) - timedelta(days=rule.offset_days)
    return lo, day - timedelta(days=rule.offset_days)


def orders_upto(orders: Sequence[OrderFact], day: date) -> list[OrderFact]:
    return sorted((o for o in orders if o.order_date <= day),
                  key=lambda o: (o.order_date, o.order_id))


def events(rule: Rule, facts: CustomerFacts, day: date, stage_at: StageFn | None = None,
           calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[Event]:
    """The trigger events of *rule* for this customer as of *day* (conditions such as
    "still only one order" or "not ordered again since" are judged on *day*)."""
    return _events(rule, facts, orders_upto(facts.orders, day), day, stage_at, calendar)


def _events(rule: Rule, facts: CustomerFacts, orders: list[OrderFact], day: date,
            stage_at: StageFn | None, calendar: BusinessCalendar) -> list[Event]:
    """:func:`events` on the customer's *orders* up to *day*, oldest first."""
    if rule.max_orders is not None and len(orders) > rule.max_orders:
        return []
    t = rule.trigger
    if t in ("first_order", "any_order", "since_last_order", "replenish", "segment_entered") \
            and not orders:
        return []
    if t == "first_order":
        first = orders[0]
        if first.imported:
            return []  # followed up by the previous system
        return [first_event(rule, first.order_id, first.order_date, day)]
    if t == "any_order":
        return [any_order_event(rule, o.order_id, o.order_date, day)
                for o in orders if not o.imported]
    if t == "since_last_order":
        last = orders[-1]
        return [last_order_event(rule, last.order_id, last.order_date, day)]
    if t == "replenish":
        return [_replenish_event(order, line, day) for order, line in _open_lines(orders)]
    if t == "birthday_month":
        if facts.birthday is None:
            return []
        return [birthday_event(rule, year, facts.birthday.month, day)
                for year in (day.year - 1, day.year)]
    if t == "segment_entered":
        if stage_at is None:
            return []
        return segment_events(rule, orders, day, stage_at, calendar)
    return []


def _open_lines(orders: list[OrderFact]) -> list[tuple[OrderFact, LineFact]]:
    """The lines with a runs-out date whose product was not ordered again since."""
    latest: dict[str, int] = {}
    for position, order in enumerate(orders):
        for line in order.lines:
            latest[line.product] = position
    return [(order, line) for position, order in enumerate(orders) for line in order.lines
            if line.runs_out_on is not None and latest[line.product] == position]


def _replenish_event(order: OrderFact, line: LineFact, day: date) -> Event:
    assert line.runs_out_on is not None
    return replenish_event(None, order.order_id, order.order_date, line.product, line.name,
                           line.quantity, line.runs_out_on, day)


# Each trigger's event from the plain values behind it: :func:`events` builds them from a
# customer's facts, and the store's fast path (``store.letters.today``) from its rows, for
# the letters it chose only. The ident makes the letter's key (printed: never again).

def first_event(rule: Rule | None, order_id: int, order_date: date, day: date) -> Event:
    code = ("letters.reason.first_order_single" if rule is not None and rule.max_orders == 1
            else "letters.reason.first_order")
    return Event(order_date, "first", code, {"date": _md(order_date, day)}, order_id)


def any_order_event(_rule: Rule | None, order_id: int, order_date: date, day: date) -> Event:
    return Event(order_date, f"o{order_id}", "letters.reason.any_order",
                 {"date": _md(order_date, day)}, order_id)


def last_order_event(_rule: Rule | None, order_id: int, order_date: date, day: date) -> Event:
    return Event(order_date, f"last{order_date.isoformat()}", "letters.reason.since_last_order",
                 {"date": _md(order_date, day), "days": (day - order_date).days}, order_id)


def replenish_event(_rule: Rule | None, order_id: int, order_date: date, product: str,
                    name: str, quantity: int, runs_out: date, day: date) -> Event:
    return Event(runs_out, f"o{order_id}:{product}", "letters.reason.replenish",
                 {"product": name, "date": _md(order_date, day), "quantity": quantity,
                  "runs_out": _md(runs_out, day)}, order_id)


def birthday_event(_rule: Rule | None, year: int, month: int, _day: date) -> Event:
    return Event(date(year, month, 1), f"y{year}", "letters.reason.birthday_month",
                 {"month": month})


def segment_event(_rule: Rule | None, event: Event, _day: date) -> Event:
    return event


EVENT_OF: dict[str, Callable[..., Event]] = {
    "first_order": first_event, "any_order": any_order_event,
    "since_last_order": last_order_event, "replenish": replenish_event,
    "birthday_month": birthday_event, "segment_entered": segment_event}


def segment_events(rule: Rule, orders: list[OrderFact], day: date, stage_at: StageFn,
                    calendar: BusinessCalendar) -> list[Event]:
    lo, hi = trigger_range(rule, day, calendar)
    hi = min(hi, day)
    out = []
    current = d = lo - timedelta(days=1)
    before = matches_segment(stage_at(orders, d), (rule.segment,))
    while current < hi:
        current += timedelta(days=1)
        now = matches_segment(stage_at(orders, current), (rule.segment,))
        if now and not before:
            out.append(Event(current, f"s{current.isoformat()}", "letters.reason.segment_entered",
                             {"segment": rule.segment, "date": _md(current, day)}))
        before = now
    return out


# -- due letters --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Due:
    """A letter (or call) due for a customer: rule, trigger, due date and window."""

    key: str  # stable identity: printed keys never come again
    rule: Rule
    customer_id: int
    trigger_date: date
    due_date: date
    last_day: date  # the window's last day
    reason_code: str
    reason_params: dict[str, Any]
    order_id: int | None = None

    def reason(self, lang: str = "ja") -> str:
        return messages.text(self.reason_code, self.reason_params, lang)


def due_date(rule: Rule, trigger: date, calendar: BusinessCalendar = DEFAULT_CALENDAR) -> date:
    """Trigger + offset, moved to the shop's next open day when it falls on a closed day."""
    return calendar.on_or_after(trigger + timedelta(days=rule.offset_days))


def last_day(rule: Rule, due: date, calendar: BusinessCalendar = DEFAULT_CALENDAR) -> date:
    """The window's last day (期限) for a letter due on *due*: ``window_days`` days counting
    the due date, moved to the shop's next open day when it falls on a closed day."""
    return calendar.on_or_after(due + timedelta(days=rule.window_days - 1))


def letter_key(rule: Rule, customer_id: int, event: Event) -> str:
    return f"{rule.key}:{customer_id}:{event.ident}"


@lru_cache(maxsize=1024)
def _range(rule: Rule, day: date, calendar: BusinessCalendar) -> tuple[date, date]:
    return trigger_range(rule, day, calendar)


def candidates(facts: CustomerFacts, rules: Sequence[Rule], day: date,
               printed: Iterable[str] = (), stage_at: StageFn | None = None,
               calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[Due]:
    """Every letter due for this customer on *day* and not printed, before the one-a-day
    choice and the DM / address checks; best first."""
    printed = printed if isinstance(printed, (set, frozenset)) else set(printed)
    orders = orders_upto(facts.orders, day)
    out = []
    label: str | None = None
    for rule in rules:
        if not rule.enabled:
            continue
        if rule.segments:
            if stage_at is None:
                continue
            if label is None:
                label = stage_at(orders, day)
            if not matches_segment(label, rule.segments):
                continue
        lo, hi = _range(rule, day, calendar)
        for event in _events(rule, facts, orders, day, stage_at, calendar):
            if not lo <= event.trigger_date <= hi:
                continue  # cannot be due on *day* (trigger_range), whatever the calendar
            due = due_date(rule, event.trigger_date, calendar)
            last = last_day(rule, due, calendar)
            key = letter_key(rule, facts.customer_id, event)
            if due <= day <= last and key not in printed:
                out.append(Due(key, rule, facts.customer_id, event.trigger_date, due, last,
                               event.reason_code, event.reason_params, event.order_id))
    out.sort(key=lambda d: (d.rule.priority, d.due_date, d.key))
    return out


@dataclass(frozen=True)
class CustomerDue:
    """The outcome for one customer on a day: what goes on the list (at most one), what
    waits for an address, and what waits its turn."""

    due: Due | None = None
    address_missing: Due | None = None
    waiting: tuple[Due, ...] = ()


def due_for_customer(facts: CustomerFacts, rules: Sequence[Rule], day: date,
                     printed: Iterable[str] = (), printed_today: bool = False,
                     stage_at: StageFn | None = None,
                     calendar: BusinessCalendar = DEFAULT_CALENDAR) -> CustomerDue:
    """Steps 1–6 of the module docstring for one customer."""
    if not facts.dm_allowed:
        return CustomerDue()
    found = candidates(facts, rules, day, printed, stage_at, calendar)
    if not found:
        return CustomerDue()
    sendable, missing = [], []
    for d in found:
        if d.rule.channel in POSTAL_CHANNELS and not facts.has_address:
            missing.append(d)
        elif d.rule.channel == "call" and not facts.has_phone:
            continue
        else:
            sendable.append(d)
    if printed_today:
        return CustomerDue(None, missing[0] if missing else None, tuple(sendable))
    chosen = sendable[0] if sendable else None
    return CustomerDue(chosen, missing[0] if missing else None,
                       tuple(d for d in sendable[1:]))


def thank_you_due(rules: Sequence[Rule], key: str, order_date: date, stage: str,
                  dm_allowed: bool = True, calendar: BusinessCalendar = DEFAULT_CALENDAR
                  ) -> date | None:
    """The day the お礼状 (rule *key*, a ``first_order`` rule) for a first order placed on
    *order_date* comes on 本日のフォロー: trigger + the rule's offset, rolled to the shop's
    next open day (:func:`due_date`). None when no such letter will come: the rule is
    missing, disabled or not a first-order rule, the customer wants no DM, or the rule's
    segment filter leaves out the customer's stage (*stage*, after the order)."""
    rule = next((r for r in rules if r.key == key), None)
    if rule is None or not rule.enabled or rule.trigger != "first_order" or not dm_allowed:
        return None
    if rule.segments and not matches_segment(stage, rule.segments):
        return None
    return due_date(rule, order_date, calendar)


def with_changes(rule: Rule, **changes: Any) -> Rule:
    return replace(rule, **changes)


class AggregateStage:
    """A :data:`StageFn` over a stage model that labels per-customer aggregates
    (``domain.stages``: first/last order date, count, total as of the day): called with
    orders like any StageFn, and on the aggregates alone (:meth:`of_aggregates`, the store's
    fast path)."""

    def __init__(self, label_of: Callable[[Any, date], str]) -> None:
        self.label_of = label_of

    def __call__(self, orders: Sequence[OrderFact], day: date) -> str:
        from desk_app.domain.stages import Aggregates

        upto = [o for o in orders if o.order_date <= day]
        if not upto:
            return self.label_of(Aggregates(None, None, 0, 0), day)
        dates = [o.order_date for o in upto]
        return self.label_of(Aggregates(min(dates), max(dates), len(upto),
                                        sum(o.total for o in upto)), day)

    def of_aggregates(self, aggregates: tuple[date | None, date | None, int, int],
                      day: date) -> str:
        """The label from (first order, last order, order count, total) as of *day*."""
        from desk_app.domain.stages import Aggregates

        return self.label_of(Aggregates(*aggregates), day)


def stage_fn_from_aggregates(label_of: Callable[[Any, date], str]) -> StageFn:
    """A :data:`StageFn` from a stage model that labels per-customer aggregates."""
    return AggregateStage(label_of)
