"""Registry: format name → parser factory and the source that carries it.

The CLI, the settings screen and the tests all go through here, so adding a device kind is
one entry. Parsers and sources are imported lazily: ``desk-app callerid parse`` must start
fast and must not need pyserial.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desk_app.callerid.base import CallerIdSource, CallParser


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """Line settings a device needs; the ALOHA adapter talks 7E1, everything else 8N1."""

    baudrate: int
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    parser: str  # "module:Class"
    transport: str  # serial | ncid (TCP client) | udp | tcp-listen
    serial: SerialSettings | None = None
    default_port: int | None = None
    description: str = ""

    def make_parser(self, **kwargs: Any) -> CallParser:
        module, _, cls = self.parser.partition(":")
        return getattr(importlib.import_module(module), cls)(**kwargs)


_P = "desk_app.callerid.parsers."
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("modem", _P + "modem:ModemParser", "serial", SerialSettings(115200),
               description="AT modem with caller ID (NMBR = …)"),
        Format("aloha", _P + "aloha:AlohaParser", "serial", SerialSettings(9600, 7, "E"),
               description="ナンバー・ディスプレイ adapter, アロハUSB kind (STX…ETX, ACK)"),
        Format("ncid", _P + "ncid:NcidParser", "ncid", default_port=3333,
               description="NCID server (TCP client)"),
        Format("whozz", _P + "whozz:WhozzParser", "udp", default_port=3520,
               description="Whozz Calling Ethernet Link (UDP)"),
        Format("tci", _P + "tci:TciParser", "serial", SerialSettings(9600),
               description="TCI / Whozz Calling serial in TCI mode"),
        Format("netcallerid", _P + "netcallerid:NetCallerIdParser", "serial",
               SerialSettings(4800), description="NetCallerID serial box"),
        Format("yac", _P + "yac:YacParser", "tcp-listen", default_port=10629,
               description="YAC listener (TCP)"),
    )
}


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown caller-ID format {name!r} (one of: {', '.join(FORMATS)})") from None


def make_parser(name: str, **kwargs: Any) -> CallParser:
    return get(name).make_parser(**kwargs)


def make_source(name: str, *, port: str | None = None, host: str | None = None,
                baudrate: int | None = None, init: list[str] | None = None,
                **kwargs: Any) -> CallerIdSource:
    """Build the source for *name*. ``port`` is a serial device (or ``usb:VID:PID[:SERIAL]``)
    for serial formats and a TCP/UDP port number for network ones; ``host`` is the NCID server
    or the local address a listener binds."""
    fmt = get(name)
    if fmt.transport == "serial":
        from desk_app.callerid.serial_source import SerialSource

        if not port:
            raise ValueError(f"{name}: a serial port is required (--port)")
        settings = fmt.serial
        assert settings is not None
        if baudrate:
            settings = SerialSettings(baudrate, settings.bytesize, settings.parity, settings.stopbits)
        return SerialSource(fmt, port, settings, init=init, **kwargs)
    from desk_app.callerid import network_sources as net

    number = int(port) if port else fmt.default_port
    assert number is not None
    if fmt.transport == "ncid":
        return net.NcidSource(host or "127.0.0.1", number, **kwargs)
    if fmt.transport == "udp":
        return net.WhozzSource(host or "0.0.0.0", number, **kwargs)
    return net.YacSource(host or "0.0.0.0", number, **kwargs)
