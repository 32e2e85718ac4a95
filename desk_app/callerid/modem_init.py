"""Modem initialisation profiles and the command/answer dialogue, over any port-like object.

Caller-ID commands differ by chipset: Conexant/Agere/USR take ``AT+VCID=1``, older Rockwell
``AT#CID=1``, some need a vendor string. So we try them in order and keep the first one the
modem accepts. A Japanese line also needs the country (``AT+GCI=00``) and, on chipsets that
support it, detection of Number Display before the first ring (``AT+VCDT=3``). The whole init
is re-sent on every open because a replugged modem has forgotten it. Kept apart from the serial
source so it can be tested with a fake port.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from desk_app.callerid.status_messages import Worded
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)

_FINAL = re.compile(rb"^(OK|ERROR|NO CARRIER|\+CME ERROR.*|\+CMS ERROR.*)$", re.M)


class PortLike(Protocol):
    def write(self, data: bytes) -> int | None: ...
    def read(self, size: int = 1) -> bytes: ...


class InitError(Worded, RuntimeError):
    """The modem did not take a command the desk cannot do without (reset, echo off)."""


@dataclass(frozen=True, slots=True)
class ModemProfile:
    name: str = "generic"
    reset: tuple[str, ...] = ("ATZ", "ATE0")
    country: str | None = None  # e.g. AT+GCI=00 (Japan); optional: failure is only logged
    cid_mode: str | None = None  # e.g. AT+VCDT=3 (caller ID before the first ring)
    cid_on: tuple[str, ...] = ("AT+VCID=1", "AT#CID=1")
    custom: str | None = None  # tried last, for modems that need a vendor string
    timeout: float = 2.0


PROFILES: dict[str, ModemProfile] = {
    "generic": ModemProfile(),
    "japan": ModemProfile("japan", country="AT+GCI=00", cid_mode="AT+VCDT=3"),
}


def profile_for(name: str = "generic", cid_commands: list[str] | None = None) -> ModemProfile:
    """A named profile; explicit ``--init`` commands replace its caller-ID fallbacks."""
    profile = PROFILES[name]
    return replace(profile, cid_on=tuple(cid_commands)) if cid_commands else profile


def command(port: PortLike, cmd: str, timeout: float = 2.0,
            clock: Callable[[], float] = time.monotonic) -> str:
    """Send one AT command; return its final result (``OK``, ``ERROR`` …) or ``TIMEOUT``."""
    port.write(cmd.encode("ascii") + b"\r")
    deadline = clock() + timeout
    seen = b""
    while clock() < deadline:
        seen += port.read(64)
        if m := _FINAL.search(seen.replace(b"\r", b"\n")):
            return m.group(1).decode("ascii", "replace")
    return "TIMEOUT"


@dataclass
class InitResult:
    cid_command: str | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def problem_message(self) -> Problem | None:
        """None when caller ID is on; otherwise what to show as the device status (the
        source names its port in front)."""
        if self.cid_command:
            return None
        tried = ", ".join(cmd for cmd, _ in self.answers if "CID" in cmd.upper())
        if not tried:
            return Problem("callerid.cid_not_enabled_any")
        return Problem("callerid.cid_not_enabled", {"tried": tried})

    @property
    def problem(self) -> str:
        """Empty when caller ID is on; otherwise the English words (for the log)."""
        problem = self.problem_message
        return "" if problem is None else problem.text("en")


def initialise(port: PortLike, profile: ModemProfile,
               clock: Callable[[], float] = time.monotonic) -> InitResult:
    """Run the profile: reset commands must succeed, the rest degrade gracefully."""
    result = InitResult()

    def ask(cmd: str) -> str:
        answer = command(port, cmd, profile.timeout, clock)
        result.answers.append((cmd, answer))
        log.debug("modem %s -> %s", cmd, answer)
        return answer

    for cmd in profile.reset:
        if (answer := ask(cmd)) != "OK":
            raise InitError(Problem("callerid.init_refused", {"answer": answer, "command": cmd}))
    for optional in (profile.country, profile.cid_mode):
        if optional and (answer := ask(optional)) != "OK":
            log.warning("modem answered %s to %s; continuing without it", answer, optional)
    for cmd in (*profile.cid_on, *((profile.custom,) if profile.custom else ())):
        if ask(cmd) == "OK":
            result.cid_command = cmd
            break
    else:
        log.warning("%s", result.problem)
    return result
