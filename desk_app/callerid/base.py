"""The small interface every caller-ID source implements.

A source owns its I/O (a thread or an asyncio loop) and only moves bytes into a pure parser;
the parser turns bytes into :class:`CallEvent` values. Sources never touch Qt: they call the
``on_event`` / ``on_status`` callbacks from their own thread and the UI's bridge object
re-emits them on the GUI thread.
"""

from __future__ import annotations

import enum
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from desk_app.callerid import status_messages  # noqa: F401  (registers the status codes)
from desk_app.domain.call_event import CallEvent
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)


class SourceState(str, enum.Enum):
    CONNECTED = "connected"  # 接続中
    RECONNECTING = "reconnecting"  # 再接続中
    DISCONNECTED = "disconnected"  # 未接続
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A source's state and its particulars. ``message`` is the particulars as a message code
    with parameters (the desk words it in the clerk's language); ``detail`` is the English
    rendering, for logs and the CLI (given explicitly when it is an exception's own text)."""

    source: str
    state: SourceState
    detail: str = ""
    message: Problem | None = None

    def __post_init__(self) -> None:
        if self.message is not None and not self.detail:
            object.__setattr__(self, "detail", self.message.text("en"))

    @property
    def code(self) -> str:
        return self.message.code if self.message is not None else ""

    @property
    def params(self) -> dict[str, object]:
        return dict(self.message.params) if self.message is not None else {}

    def text(self, lang: str = "ja") -> str:
        """The particulars in *lang* (``detail`` when the source gave no code)."""
        return self.message.text(lang) if self.message is not None else self.detail


EventSink = Callable[[CallEvent], None]
StatusSink = Callable[[SourceStatus], None]
RawSink = Callable[[bytes], None]


class CallParser(Protocol):
    """Pure, incremental parser: bytes in, finished calls out. No I/O, no clock reads.

    ``now`` is passed in (monotonic seconds) so that quiet-time completion and duplicate
    suppression are deterministic in tests.
    """

    def feed(self, data: bytes, now: float = 0.0) -> list[CallEvent]: ...

    def flush(self, now: float = 0.0) -> list[CallEvent]:
        """Complete a pending call after a quiet time (or at end of input)."""
        ...


class CallerIdSource(ABC):
    """start/stop/status, events out through callbacks. Implementations must never let an
    exception kill their I/O thread: log it with the hex of what was ignored, report a
    status, carry on."""

    name: str = "source"

    def __init__(self) -> None:
        self._on_event: EventSink = lambda e: None
        self._on_status: StatusSink = lambda s: None
        self._on_raw: RawSink = lambda b: None
        self._status = SourceStatus(self.name, SourceState.DISCONNECTED)

    def connect(self, on_event: EventSink, on_status: StatusSink | None = None,
                on_raw: RawSink | None = None) -> None:
        self._on_event = on_event
        if on_status:
            self._on_status = on_status
        if on_raw:
            self._on_raw = on_raw

    @property
    def status(self) -> SourceStatus:
        return self._status

    def _set_status(self, state: SourceState, message: Problem | None = None,
                    detail: str = "") -> None:
        """Report *state* with its particulars as a code (*detail*: the English text when it
        is not the code's English wording, e.g. an exception's own message)."""
        new = SourceStatus(self.name, state, detail, message)
        if new != self._status:
            self._status = new
            log.info("%s: %s %s", self.name, state.value, new.detail)
            self._on_status(new)

    def _emit(self, event: CallEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a broken consumer must not kill the listener
            log.exception("%s: event consumer failed", self.name)

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...
