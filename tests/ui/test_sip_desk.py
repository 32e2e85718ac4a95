"""The whole SIP path on a real desk: kamailio as the ひかり電話 router, sipp as the caller.

The app registers as extension 3 (401 challenge and all), sipp rings a seeded customer's
number through kamailio, the desk pops up that customer's card, the caller hangs up (CANCEL →
200/487) and the call is logged as missed with the pop-up saying so.
"""

from __future__ import annotations

import threading

from settings_peers import load
from sqlalchemy import func, select
from ui_helpers import settle

from desk_app.callerid.base import SourceState
from desk_app.callerid.sip.config import SipConfig
from desk_app.callerid.sip.source import SipSource
from desk_app.services import calls
from desk_app.store.models import Customer, Phone


def _single_owner_number(store) -> tuple[str, str]:
    with store.new_session() as s:
        national = s.scalar(select(Phone.national).where(Phone.kind == "home")
                            .group_by(Phone.national)
                            .having(func.count(func.distinct(Phone.customer_id)) == 1).limit(1))
        name = s.scalar(select(Customer.name).join(Phone).where(Phone.national == national))
    return national, name


def test_sipp_call_through_kamailio_pops_up_the_customer_then_is_missed(
        qtbot, slot_desk, store, tmp_path):  # noqa: F811
    sip_peers = load("sip_peers", "sip")
    sip_helpers = load("sip_helpers", "sip")
    services, window = slot_desk
    national, name = _single_owner_number(store)
    with sip_peers.kamailio(tmp_path) as router_port:
        source = SipSource(SipConfig(
            registrar="127.0.0.1", registrar_port=router_port, extension="3",
            password="secret", bind_host="127.0.0.1", bind_port=sip_helpers.free_port()))
        window.source_slot.replace(source)
        qtbot.waitUntil(lambda: source.status.state is SourceState.CONNECTED, timeout=10000)

        dialog = window.open_settings()  # its SIP page shows the desk's INVITEs live

        # sipp sends "+81…" in P-Asserted-Identity, as an NTT router does
        result: dict = {}
        caller = threading.Thread(target=lambda: result.setdefault("sipp", sip_peers.sipp_call(
            router_port, caller=national, name="Caller",
            pai=f"<sip:+81{national[1:]}@ntt-east.ne.jp>")))
        caller.start()
        qtbot.waitUntil(lambda: len(window.popups.popups) == 1, timeout=10000)
        popup = window.popups.popups[0]
        qtbot.waitUntil(lambda: popup.card is not None, timeout=5000)
        assert popup.card.summary.name == name
        assert popup.data.lookup.number.national == national
        qtbot.waitUntil(lambda: dialog.sip.invite_number.text() == national, timeout=3000)
        assert "INVITE sip:" in dialog.sip.raw.toPlainText()
        dialog.reject()

        qtbot.waitUntil(lambda: not caller.is_alive(), timeout=30000)
        assert result["sipp"].returncode == 0, result["sipp"].stdout + result["sipp"].stderr
        qtbot.waitUntil(lambda: popup.state.text() == "不在着信", timeout=5000)
        settle(qtbot, services)
        rows = []
        services.tasks.submit(lambda ctx: calls.call_log(ctx), on_done=rows.extend)
        settle(qtbot, services)
        entry = next(r for r in rows if r.id == popup.call_id)
        assert entry.outcome == "missed" and entry.source == "sip"
        assert len(window.popups.popups) == 1  # the CANCEL updated the pop-up, no second one
        window.source_slot.replace(None).result(10)
