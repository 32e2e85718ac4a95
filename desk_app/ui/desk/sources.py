"""Which caller-ID source the desk listens to: the demo, a device format, or SIP.

Chosen by ``--source`` or the settings file (``callerid/source``, ``callerid/port``,
``callerid/host``, ``callerid/profile``, ``sip/registrar``, ``sip/extension``, ``sip/user``,
``sip/local``), which the settings screen writes. Device sources come
from the format registry the CLI uses; a source that cannot be built is reported in the
status bar instead of stopping the desk, which still works for search and notes.
"""

from __future__ import annotations

import logging

from desk_app.callerid.base import CallerIdSource

log = logging.getLogger(__name__)


def _value(settings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return "" if value is None else str(value)


def build_source(spec: str | None, settings, store=None, *, demo_interval: float = 8.0,
                 port: str | None = None, host: str | None = None) -> CallerIdSource | None:
    """The configured source, or None when none is configured. Raises ValueError when the
    configuration is wrong (the caller shows the message)."""
    spec = (spec or _value(settings, "callerid/source")).strip()
    if not spec:
        return None
    if spec == "demo":
        from desk_app.callerid.demo import DemoNumbers, DemoSource
        from desk_app.store.demo_numbers import sample_numbers

        return DemoSource(DemoNumbers(*sample_numbers(store)), interval=demo_interval)
    if spec == "sip":
        return _sip_source(settings)
    from desk_app.callerid.sources import make_source

    profile = _value(settings, "callerid/profile") if spec == "modem" else ""
    return make_source(spec, port=port or _value(settings, "callerid/port") or None,
                       host=host or _value(settings, "callerid/host") or None,
                       **({"profile": profile} if profile else {}))


def _sip_source(settings) -> CallerIdSource:
    from desk_app.callerid.sip.config import SipConfig, parse_address
    from desk_app.callerid.sip.credentials import load_password
    from desk_app.callerid.sip.source import SipSource

    registrar, registrar_port = parse_address(_value(settings, "sip/registrar"), 5060)
    local = _value(settings, "sip/local")  # empty: the address that routes to the registrar
    bind_host, bind_port = parse_address(local, 5062) if local else (None, 5062)
    config = SipConfig(registrar=registrar, registrar_port=registrar_port,
                       extension=_value(settings, "sip/extension"),
                       auth_user=_value(settings, "sip/user") or None,
                       password=load_password(None, warn=log.warning),
                       bind_host=bind_host, bind_port=bind_port)
    return SipSource(config)
