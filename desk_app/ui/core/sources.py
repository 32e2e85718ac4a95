"""Which caller-ID source the desk listens to: the demo, a device format, or SIP.

Chosen by ``--source`` or the settings (``[callerid]`` and ``[sip]`` of
:mod:`desk_app.config`), which the settings screen writes. Device sources come from the
format registry the CLI uses; a source that cannot be built is reported in the status bar
instead of stopping the desk, which still works for search and notes.
"""

from __future__ import annotations

import logging

from desk_app.callerid.base import CallerIdSource
from desk_app.config import CallerIdSettings, DeskConfig, SipSettings

log = logging.getLogger(__name__)


def build_source(spec: str | None, config: DeskConfig, store=None, *,
                 demo_interval: float = 8.0, port: str | None = None,
                 host: str | None = None) -> CallerIdSource | None:
    """The configured source, or None when none is configured. Raises
    :class:`~desk_app.callerid.status_messages.SettingError` (a ValueError with a message
    code) when the configuration is wrong; the caller shows ``ui.kit.domain_text.callerid_failure``."""
    return source_from(spec, config.callerid, config.sip, store, demo_interval=demo_interval,
                       port=port, host=host)


def source_from(spec: str | None, callerid: CallerIdSettings, sip: SipSettings, store=None, *,
                demo_interval: float = 8.0, port: str | None = None,
                host: str | None = None) -> CallerIdSource | None:
    spec = (spec or callerid.source).strip()
    if not spec:
        return None
    if spec == "demo":
        from desk_app.callerid.demo import DemoNumbers, DemoSource
        from desk_app.store.demo_numbers import sample_numbers

        return DemoSource(DemoNumbers(*sample_numbers(store)), interval=demo_interval)
    if spec == "sip":
        return _sip_source(sip)
    from desk_app.callerid.sources import make_source

    profile = callerid.profile if spec == "modem" else ""
    return make_source(spec, port=port or callerid.port or None,
                       host=host or callerid.host or None,
                       **({"profile": profile} if profile else {}))


def _sip_source(sip: SipSettings) -> CallerIdSource:
    from desk_app.callerid.sip.config import SipConfig, parse_address
    from desk_app.callerid.sip.credentials import CredentialError, load_password
    from desk_app.callerid.sip.source import SipSource
    from desk_app.callerid.status_messages import SettingError

    registrar, registrar_port = parse_address(sip.registrar, 5060)
    local = sip.local  # empty: the address that routes to the registrar
    bind_host, bind_port = parse_address(local, 5062) if local else (None, 5062)
    try:
        password = load_password(None, warn=log.warning)
    except CredentialError as exc:
        log.warning("SIP password: %s", exc)  # the log may say where; staff see the code
        raise SettingError("callerid.setting.sip_password") from None
    config = SipConfig(registrar=registrar, registrar_port=registrar_port,
                       extension=sip.extension, auth_user=sip.user or None,
                       password=password, bind_host=bind_host, bind_port=bind_port)
    return SipSource(config)
