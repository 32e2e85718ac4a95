"""Helpers every parser shares: field clean-up, repeat suppression and logging of ignored bytes.

Devices disagree on how they say "no number" or "no name"; folding that here keeps each parser
about its framing only, and makes every format follow the same corpus conventions
(``../shared/README.md``: digits only, placeholder names null, reason words → :class:`Withheld`).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Hashable

from desk_app.domain.call_event import CallEvent, Withheld

log = logging.getLogger("desk_app.callerid.parsers")

# Values that only say "there is no name" (compared case-insensitively, spaces collapsed).
_NAME_PLACEHOLDERS = frozenset(
    {
        "O", "P", "A", "C", "S", "E", "PRIVATE", "OUT-OF-AREA", "OUTOFAREA", "OUT OF AREA",
        "ANONYMOUS", "UNAVAILABLE", "UNKNOWN", "RESTRICTED", "WITHHELD", "NO NAME", "NONAME",
        "NO-CALLERID", "NOCALLERID", "-", "-UNKNOWN CALLER-",
    }
)
MAX_DIGITS = 15  # E.164: no telephone number is longer; more digits are not a number
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NOT_DIGIT = re.compile(r"[^0-9]")
_SPACES = re.compile(r"\s+")
_ignored = threading.local()  # per I/O thread: how many pieces of input were dropped


def clean_text(value: str) -> str:
    """Drop control characters (a lone 0x08 name, NUL padding) and surrounding padding."""
    return _CONTROL.sub("", value).strip()


def clean_name(value: str | None) -> str | None:
    """A displayable name, or None when the device only signalled that it has none."""
    if value is None:
        return None
    text = clean_text(value)
    if not text or _SPACES.sub(" ", text).upper() in _NAME_PLACEHOLDERS:
        return None
    return text


def parse_number(value: str | None) -> tuple[str | None, Withheld | None]:
    """Split a number field into (digits, reason).

    Digits are kept exactly as given (no trunk-prefix games: that is the store's job); a field
    without digits is either a reason word (``P``, ``PRIVATE``, ``Restricted`` …) or nothing.
    NFKC folds full-width digits (０３…) that Japanese equipment may print. More than
    :data:`MAX_DIGITS` digits are no telephone number (a hex blob, line noise): logged, None.
    """
    if value is None:
        return None, None
    text = clean_text(value)
    if not text:
        return None, None
    reason = Withheld.from_code(text)
    if reason is not None:
        return None, reason
    digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", text))
    if len(digits) > MAX_DIGITS:
        warn_ignored(f"number field of {len(digits)} digits", text)
        return None, None
    return (digits or None), None


def decode(data: bytes) -> str:
    """UTF-8 text of a device line; undecodable bytes are dropped (and logged), never guessed."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        warn_ignored("bytes that are not UTF-8", data)
        return data.decode("utf-8", errors="replace").replace("\ufffd", "")


def warn_ignored(why: str, data: bytes | str) -> None:
    """The one log line for input we drop: support needs the exact bytes to fix a device."""
    raw = data.encode("utf-8", errors="surrogateescape") if isinstance(data, str) else data
    log.warning("ignored %s: %s", why, raw[:256].hex(" "))
    _ignored.count = getattr(_ignored, "count", 0) + 1


def take_ignored_count() -> int:
    """Pieces of input dropped on this thread since the last call (sources show it as status)."""
    count = getattr(_ignored, "count", 0)
    _ignored.count = 0
    return count


class Repeats:
    """Suppresses the same call reported again within a few seconds.

    Whozz Calling units send every record up to 8 times, an ALOHA adapter resends a frame whose
    ACK it missed, some modems repeat the caller-ID block; all of those are one call. Times are
    the parser's ``now`` values, so the window is deterministic under test.
    """

    def __init__(self, window: float = 5.0) -> None:
        self.window = window
        self._seen: dict[tuple[Hashable, ...], float] = {}

    def is_repeat(self, key: tuple[Hashable, ...], now: float) -> bool:
        last = self._seen.pop(key, None)
        self._seen[key] = now  # sliding: a repeat extends the window; newest last
        if len(self._seen) > 32:  # only the last few calls can be repeated
            del self._seen[next(iter(self._seen))]
        return last is not None and 0.0 <= now - last <= self.window


def make_event(source: str, number: str | None = None, name: str | None = None,
               withheld: Withheld | None = None, line: str | None = None,
               raw: str = "") -> CallEvent:
    """A CallEvent with the shared rules: a known number is never also "withheld"; without a
    number, a reason word in the name field (``NAME*PRIVATE*``) says why."""
    if number and not (number.isascii() and number.isdigit() and len(number) <= MAX_DIGITS):
        warn_ignored("number that is not 1-15 digits", number)  # a parser's bug: never shown
        number = None
    if number:
        withheld = None
    elif withheld is None and name:
        withheld = Withheld.from_code(clean_text(name))
    return CallEvent(source=source, number=number, name=clean_name(name), withheld=withheld,
                     line=line or None, raw=raw)
