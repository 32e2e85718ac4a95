"""Serial caller-ID devices (modems, ALOHA adapters, TCI and NetCallerID boxes) via pyserial.

The port is named by device path or by USB identity (``usb:VID:PID[:SERIAL]``), resolved again
on every open so that a replugged adapter that came back as ttyACM1 is still found. Each open
flushes stale input and, for modems, re-sends the init; the I/O thread then only moves bytes:
``parser.feed(bytes, monotonic())`` when bytes arrive, ``parser.flush(now)`` when a short read
times out, and for ALOHA the ACK/NAK the parser asks for. A modem that stays silent gets an
``AT`` from time to time; no ``OK`` means the line is dead and the port is reopened.
"""

from __future__ import annotations

import logging
import re
import time

import serial
from serial.tools import list_ports as _list_ports

from desk_app.callerid.base import CallParser, SourceState
from desk_app.callerid.formats import Format, SerialSettings
from desk_app.callerid.modem_init import ModemProfile, initialise, profile_for
from desk_app.callerid.status_messages import CodedOSError
from desk_app.callerid.threaded import Backoff, ThreadedSource
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)

_USB_SPEC = re.compile(r"^(?:usb:)?(?P<vid>[0-9a-f]{4}):(?P<pid>[0-9a-f]{4})(?:[:/](?P<sn>.+))?$",
                       re.I)


class PortNotFound(CodedOSError):
    """The named port (or USB device) is not plugged in right now."""


class ModemSilent(CodedOSError):
    """The modem did not answer the watchdog's AT: unplugged, powered off or wedged."""


def list_ports() -> list[dict[str, str | None]]:
    """Serial ports with what a user needs to pick the right one."""
    out = []
    for p in sorted(_list_ports.comports(), key=lambda p: p.device):
        out.append({
            "device": p.device,
            "description": p.description if p.description != "n/a" else None,
            "vid_pid": f"{p.vid:04x}:{p.pid:04x}" if p.vid is not None else None,
            "serial_number": p.serial_number,
        })
    return out


def resolve_port(spec: str) -> str:
    """Device path for *spec*; a USB identity is looked up among the ports present now."""
    m = _USB_SPEC.match(spec)
    if m is None:
        return spec
    vid, pid, sn = int(m["vid"], 16), int(m["pid"], 16), m["sn"]
    for p in _list_ports.comports():
        if p.vid == vid and p.pid == pid and (sn is None or p.serial_number == sn):
            return str(p.device)
    raise PortNotFound(Problem("callerid.usb_missing", {"spec": spec}))


class SerialSource(ThreadedSource[CallParser]):
    """One serial device; survives unplug/replug with back-off and re-init."""

    def __init__(self, fmt: Format, port: str, settings: SerialSettings, *,
                 init: list[str] | None = None, profile: str = "generic",
                 read_timeout: float = 0.05, watchdog: float = 60.0,
                 backoff: Backoff | None = None) -> None:
        super().__init__(fmt.name, fmt.make_parser, backoff)
        self.port_spec = port
        self.settings = settings
        self.read_timeout = read_timeout
        self.is_modem = fmt.name == "modem"
        self.watchdog = watchdog if self.is_modem else 0.0
        self.watchdog_reply = 3.0  # seconds the modem gets to answer the watchdog's AT
        self.profile: ModemProfile = profile_for(profile, init)
        self._port: serial.Serial | None = None

    def _where(self) -> str:
        return self.port_spec

    def _open(self) -> serial.Serial:
        device = resolve_port(self.port_spec)
        s = self.settings
        return serial.Serial(device, s.baudrate, bytesize=s.bytesize, parity=s.parity,
                             stopbits=s.stopbits, timeout=self.read_timeout, write_timeout=2,
                             exclusive=True)

    def _run(self) -> None:
        port = self._port = self._open()
        try:
            port.reset_input_buffer()  # whatever queued while we were away is stale
            self.parser = self._parser_factory()
            problem = initialise(port, self.profile).problem_message if self.is_modem else None
            self._connected(Problem("callerid.port", {"port": str(port.port)}))
            if problem:  # keep listening: some modems report caller ID without being asked
                self._set_status(SourceState.ERROR, Problem("callerid.at", {"where": port.port,
                                                                            "reason": problem}))
            self.backoff.reset()
            self._read_loop(port)
        finally:
            self._port = None
            port.close()

    def _read_loop(self, port: serial.Serial) -> None:
        last_rx = time.monotonic()
        while not self.stopping:
            data = port.read(port.in_waiting or 1)
            now = time.monotonic()
            if data:
                last_rx = now
                self._deliver(data, now)
            else:
                self._flush(now)
                if self.watchdog and now - last_rx >= self.watchdog:
                    self._check_alive(port)
                    last_rx = time.monotonic()

    def _check_alive(self, port: serial.Serial) -> None:
        """Idle watchdog: ``AT`` must get ``OK``; bytes read meanwhile still go to the parser."""
        port.write(b"AT\r")
        deadline = time.monotonic() + self.watchdog_reply
        seen = b""
        while time.monotonic() < deadline and not self.stopping:
            data = port.read(port.in_waiting or 1)
            if data:
                seen += data
                self._deliver(data)
                if b"OK" in seen:
                    return
        if not self.stopping:
            raise ModemSilent(Problem("callerid.modem_silent", {"port": port.port}))

    def _after_parse(self) -> None:
        take = getattr(self.parser, "take_replies", None)
        port = self._port
        if take is None or port is None:
            return
        for reply in take():
            port.write(reply)
