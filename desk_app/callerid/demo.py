"""A simulated caller-ID source for demos, screenshots and trying the desk without a line.

It plays the calls a real desk gets, from numbers its caller hands it (the app's demo wiring
samples them from the store, ``store/demo_numbers.py``, so the pop-up shows real cards): a
number owned by one customer, a home number a family shares (the chooser), a valid number
nobody has (registration), withheld calls with each reason (非通知 P, 表示圏外 O,
公衆電話 C), two lines ringing at once, and a call the caller gives up on (a CANCELLED
state, as SIP reports it, so the call lands in the missed-calls list). Like every source it
calls back from its own thread.
"""

from __future__ import annotations

import itertools
import random
import threading
import uuid
from dataclasses import dataclass

from desk_app.callerid.base import CallerIdSource, SourceState
from desk_app.domain.call_event import CallEvent, CallState, Withheld
from desk_app.domain.messages import Problem


@dataclass(frozen=True)
class DemoNumbers:
    """The numbers the demo plays; any of the three may be empty."""

    single: tuple[str, ...]  # national numbers of exactly one customer
    family: tuple[str, ...]  # home numbers shared by several customers
    unknown: tuple[str, ...]  # valid numbers not in the store


# What the demo plays, in order, forever: (kind, line, withheld) — "pair" rings both lines.
SCRIPT = (
    ("single", "1", None), ("family", "2", None), ("unknown", "1", None),
    ("withheld", "2", Withheld.PRIVATE), ("pair", None, None), ("cancel", "2", None),
    ("withheld", "1", Withheld.UNAVAILABLE), ("single", "1", None),
    ("withheld", "2", Withheld.PAYPHONE), ("family", "1", None),
)


class DemoSource(CallerIdSource):
    name = "demo"

    def __init__(self, numbers: DemoNumbers, interval: float = 8.0, seed: int | None = None,
                 first_delay: float = 2.0) -> None:
        super().__init__()
        self.numbers = numbers
        self.interval = interval
        self.first_delay = first_delay
        self.rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._script = itertools.cycle(SCRIPT)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="demo-callerid", daemon=True)
        self._thread.start()
        self._set_status(SourceState.CONNECTED, Problem("callerid.demo"))

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(2)
        self._set_status(SourceState.DISCONNECTED)

    def _pick(self, kind: str) -> str:
        pool = {"single": self.numbers.single, "family": self.numbers.family,
                "unknown": self.numbers.unknown}[kind]
        pool = pool or self.numbers.single or ("0312345678",)
        return self.rng.choice(pool)

    def events_for(self, kind: str, line: str | None,
                   withheld: Withheld | None) -> list[tuple[float, CallEvent]]:
        """The events (with delays before each) for one script step."""
        if kind == "withheld":
            code = {Withheld.PRIVATE: "P", Withheld.UNAVAILABLE: "O", Withheld.PAYPHONE: "C"}
            letter = code.get(withheld, "P") if withheld is not None else "P"
            return [(0.0, CallEvent(self.name, withheld=withheld, line=line,
                                    raw=f"DEMO {letter}"))]
        if kind == "pair":
            return [(0.0, CallEvent(self.name, number=self._pick("single"), line="1",
                                    raw="DEMO pair 1")),
                    (0.3, CallEvent(self.name, number=self._pick("unknown"), line="2",
                                    raw="DEMO pair 2"))]
        if kind == "cancel":
            ring = CallEvent(self.name, number=self._pick("single"), line=line,
                             raw="DEMO cancel", call_id=f"demo-{uuid.uuid4().hex[:10]}")
            return [(0.0, ring), (min(5.0, self.interval * 0.6), ring.with_state(
                CallState.CANCELLED))]
        return [(0.0, CallEvent(self.name, number=self._pick(kind), line=line,
                                raw=f"DEMO {kind}"))]

    def _run(self) -> None:
        if self._stop.wait(self.first_delay):
            return
        while not self._stop.is_set():
            for delay, event in self.events_for(*next(self._script)):
                if delay and self._stop.wait(delay):
                    return
                self._emit(event)
            if self._stop.wait(self.interval):
                return
