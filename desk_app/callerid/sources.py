"""The source factory: format name + where the device is → a ready (not started) source.

Apart from the format table (:mod:`desk_app.callerid.formats`) so that the sources can use the
table without an import circle. The serial source is imported only when asked for: a network
source, or ``desk-app callerid parse``, never needs pyserial.
"""

from __future__ import annotations

from typing import Any

from desk_app.callerid.base import CallerIdSource
from desk_app.callerid.formats import SerialSettings, get
from desk_app.callerid.status_messages import SettingError, source_name


def make_source(name: str, *, port: str | None = None, host: str | None = None,
                baudrate: int | None = None, init: list[str] | None = None,
                **kwargs: Any) -> CallerIdSource:
    """Build the source for *name*. ``port`` is a serial device (or ``usb:VID:PID[:SERIAL]``)
    for serial formats and a TCP/UDP port number for network ones; ``host`` is the NCID server
    or the local address a listener binds."""
    fmt = get(name)
    source = source_name(name)
    if fmt.transport == "serial":
        from desk_app.callerid.serial_source import SerialSource

        if not port:
            raise SettingError("callerid.setting.no_device", source=source)
        settings = fmt.serial
        if settings is None:
            raise SettingError("callerid.setting.no_line_settings", source=source)
        if baudrate:
            settings = SerialSettings(baudrate, settings.bytesize, settings.parity,
                                      settings.stopbits)
        return SerialSource(fmt, port, settings, init=init, **kwargs)
    from desk_app.callerid import network_sources as net

    try:
        number = int(port) if port else fmt.default_port
    except ValueError:
        raise SettingError("callerid.setting.bad_port", source=source, port=port) from None
    if number is None:
        raise SettingError("callerid.setting.no_port", source=source)
    if fmt.transport == "ncid":
        return net.NcidSource(host or "127.0.0.1", number, **kwargs)
    if fmt.transport == "udp":
        return net.WhozzSource(host or "0.0.0.0", number, **kwargs)
    return net.YacSource(host or "0.0.0.0", number, **kwargs)
