"""Integration with real peers on loopback: kamailio as the ひかり電話-like registrar/proxy,
sipp as the caller, and sipp as a bare registrar."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import threading
import time

import pytest
from sip_helpers import APP, free_port, wait_for
from sip_peers import kamailio, sipp_call, sipp_registrar

from desk_app.callerid.sip.source import SipConfig, SipSource, test_registration
from desk_app.domain.call_event import CallState, Withheld

pytestmark = pytest.mark.integration


def make_source(registrar_port: int, password: str = "secret", **overrides) -> SipSource:
    options = dict(registrar="127.0.0.1", registrar_port=registrar_port, extension="3",
                   auth_user="3", password=password, bind_host="127.0.0.1",
                   bind_port=free_port(), register_timeout=3.0)
    options.update(overrides)
    return SipSource(SipConfig(**options))


class Recorder:
    def __init__(self, source: SipSource) -> None:
        self.events, self.statuses = [], []
        source.connect(self.events.append, self.statuses.append)

    def state(self) -> str | None:
        return self.statuses[-1].state.value if self.statuses else None


def test_register_with_challenge_then_calls_ring_and_cancel(tmp_path):
    with kamailio(tmp_path) as port:
        source = make_source(port)
        rec = Recorder(source)
        source.start()
        assert source.wait_started(5)
        try:
            assert wait_for(lambda: rec.state() == "connected", 10), rec.statuses
            agent = source.agent
            assert agent.stats["register_sent"] == 2  # REGISTER → 401 → REGISTER with digest
            assert agent.registration.expires == 600

            done = sipp_call(port, caller="0312345678", name="Yamada")
            assert done.returncode == 0, done.stdout + done.stderr  # got 180, 200 and 487
            assert wait_for(lambda: len(rec.events) == 2)
            ringing, cancelled = rec.events
            assert (ringing.state, cancelled.state) == (CallState.RINGING, CallState.CANCELLED)
            assert (ringing.number, ringing.name, ringing.withheld) == ("0312345678", "Yamada", None)
            assert ringing.line == "3" and ringing.call_id == cancelled.call_id
            assert "P-Asserted-Identity: <sip:0312345678@hgw.test>" in ringing.raw

            hidden = sipp_call(port, caller="0398765432", name="Secret", privacy="Privacy: id")
            assert hidden.returncode == 0, hidden.stdout + hidden.stderr
            assert wait_for(lambda: len(rec.events) == 4)
            assert (rec.events[2].number, rec.events[2].name, rec.events[2].withheld) == (
                None, None, Withheld.PRIVATE)
            assert rec.events[3].state is CallState.CANCELLED
            assert agent.stats["drop_malformed"] == agent.stats["drop_error"] == 0
        finally:
            source.stop()


def test_wrong_password_is_reported_without_a_retry_storm(tmp_path):
    with kamailio(tmp_path) as port:
        source = make_source(port, password="not-the-password")
        rec = Recorder(source)
        source.start()
        assert source.wait_started(5)
        try:
            assert wait_for(lambda: rec.state() == "error", 10), rec.statuses
            assert rec.statuses[-1].detail.startswith("wrong password")
            time.sleep(4.0)
            assert source.agent.stats["register_sent"] == 2  # then it waits 30 s
            assert source.agent.registration.retry_in == 30.0
        finally:
            source.stop()


def test_reregisters_before_expiry_and_survives_stale_nonces(tmp_path):
    params = ('modparam("registrar", "min_expires", 1)',
              'modparam("auth", "nonce_expire", 2)')  # every refresh meets an expired nonce
    with kamailio(tmp_path, modparams=params, stale_aware=True) as port:
        source = make_source(port, expires=4)
        rec = Recorder(source)
        source.start()
        assert source.wait_started(5)
        try:
            times = []
            deadline = time.monotonic() + 12
            while len(times) < 4 and time.monotonic() < deadline:
                count = source.agent.stats["register_registered"] if source.agent else 0
                if count > len(times):
                    times.append(time.monotonic())
                time.sleep(0.02)
            assert len(times) == 4, source.agent.stats
            assert source.agent.registration.expires == 4
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert all(2.0 < gap < 4.0 for gap in gaps), gaps  # refreshed before the 4 s expiry
            # cached credentials are sent on refresh, kamailio says stale=true, we answer it;
            # none of this may be reported as "wrong password"
            assert source.agent.stats["register_stale"] >= 2, source.agent.stats
            assert all(s.state.value != "error" for s in rec.statuses)
            done = sipp_call(port)  # the binding is alive well after the first expiry
            assert done.returncode == 0, done.stdout + done.stderr
            assert wait_for(lambda: len(rec.events) == 2)
        finally:
            source.stop()


def test_listen_cli_prints_json_lines_and_status(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("secret\n")
    secret.chmod(0o600)
    with kamailio(tmp_path) as port:
        bind = free_port()
        proc = subprocess.Popen(
            [*APP, "sip", "listen", "--registrar", f"127.0.0.1:{port}", "--user", "3",
             "--password-file", str(secret), "--extension", "3", "--bind", f"127.0.0.1:{bind}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        err_lines: list[str] = []
        reader = threading.Thread(target=lambda: err_lines.extend(proc.stderr), daemon=True)
        reader.start()
        try:
            assert wait_for(lambda: any("registered as" in line for line in err_lines), 10), \
                err_lines
            done = sipp_call(port, caller="+81312345678", name="Sato",
                             pai="<tel:+81312345678>")
            assert done.returncode == 0, done.stdout + done.stderr
            time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGTERM)
            out = proc.stdout.read()
            proc.wait(10)
            reader.join(5)
        err = "".join(err_lines)
        lines = [json.loads(line) for line in out.splitlines()]
        assert [line["state"] for line in lines] == ["ringing", "cancelled"], out + err
        assert {k: lines[0][k] for k in ("number", "name", "withheld")} == {
            "number": "0312345678", "name": "Sato", "withheld": None}
        assert lines[0]["received_at"] and lines[0]["call_id"] == lines[1]["call_id"]
        assert "registered as extension 3" in err and "Traceback" not in err
        assert "secret" not in err


def test_tcp_registration_and_call(tmp_path):
    with kamailio(tmp_path, tcp=True) as port:
        source = make_source(port, transport="tcp")
        rec = Recorder(source)
        source.start()
        assert source.wait_started(5)
        try:
            assert wait_for(lambda: rec.state() == "connected", 10), rec.statuses
            done = sipp_call(port)
            assert done.returncode == 0, done.stdout + done.stderr
            assert wait_for(lambda: len(rec.events) == 2)
            assert rec.events[0].number == "0312345678"
        finally:
            source.stop()


def test_sipp_registrar_accepts_the_digest():
    with sipp_registrar(user="3", password="secret") as port:
        config = SipConfig(registrar="127.0.0.1", registrar_port=port, extension="3",
                           auth_user="3", password="secret", bind_host="127.0.0.1", bind_port=0)
        result = test_registration(config, timeout=10)
        assert result.ok, result
        assert (result.status, result.expires) == (200, 60)


def test_sipp_registrar_rejects_a_wrong_password():
    with sipp_registrar(user="3", password="secret") as port:
        config = SipConfig(registrar="127.0.0.1", registrar_port=port, extension="3",
                           auth_user="3", password="wrong", bind_host="127.0.0.1", bind_port=0)
        result = test_registration(config, timeout=10)
        assert not result.ok
        assert result.state.value == "wrong password" and result.status == 403
        assert result.detail.startswith("wrong password")


def test_registrar_not_answering():
    silent = free_port()
    config = SipConfig(registrar="127.0.0.1", registrar_port=silent, extension="3",
                       password="x", bind_host="127.0.0.1", bind_port=0, register_timeout=1.5)
    started = time.monotonic()
    result = test_registration(config, timeout=10)
    assert not result.ok and result.detail.startswith("registrar not answering")
    assert time.monotonic() - started < 5
