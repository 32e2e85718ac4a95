"""The source factory: format name + where the device is → a ready (not started) source.

Apart from the format table (:mod:`desk_app.callerid.formats`) so that the sources can use the
table without an import circle. The serial source is imported only when asked for: a network
source, or ``desk-app callerid parse``, never needs pyserial.
"""

from __future__ import annotations

from typing import Any

from desk_app.callerid.base import CallerIdSource
from desk_app.callerid.formats import SerialSettings, get


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
        if settings is None:
            raise ValueError(f"{name}: the format table has no line settings for it")
        if baudrate:
            settings = SerialSettings(baudrate, settings.bytesize, settings.parity,
                                      settings.stopbits)
        return SerialSource(fmt, port, settings, init=init, **kwargs)
    from desk_app.callerid import network_sources as net

    try:
        number = int(port) if port else fmt.default_port
    except ValueError:
        raise ValueError(f"{name}: the port must be a number, not {port!r}") from None
    if number is None:
        raise ValueError(f"{name}: a port number is required (--port)")
    if fmt.transport == "ncid":
        return net.NcidSource(host or "127.0.0.1", number, **kwargs)
    if fmt.transport == "udp":
        return net.WhozzSource(host or "0.0.0.0", number, **kwargs)
    return net.YacSource(host or "0.0.0.0", number, **kwargs)
