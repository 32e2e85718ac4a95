"""Registry: format name → its parser factory, line settings and transport.

The CLI, the settings screen and the tests all go through here, so adding a device kind is
one entry. Parsers are imported lazily: ``desk-app callerid parse`` must start fast and must
not need pyserial. This module imports no source: the sources import it, and the source that
carries a format is built by :func:`desk_app.callerid.sources.make_source`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desk_app.callerid.base import CallParser


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
        parser: CallParser = getattr(importlib.import_module(module), cls)(**kwargs)
        return parser


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
        from desk_app.callerid.status_messages import SettingError, source_name

        raise SettingError("callerid.setting.unknown_source", name=name,
                           known=tuple(source_name(n) for n in FORMATS)) from None


def make_parser(name: str, **kwargs: Any) -> CallParser:
    return get(name).make_parser(**kwargs)
