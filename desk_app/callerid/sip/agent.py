"""The asyncio SIP user agent: keeps the extension registered and feeds packets onward.

Every packet goes through the guard (size, source, rate) and the pure parser; responses feed
the REGISTER loop, requests go to :class:`RequestServer` (what to answer, when to pop up).
Everything that could go wrong with one packet is caught here, so the loop (and with it the
caller-ID thread) never dies.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from desk_app.callerid.sip.caller import national_form
from desk_app.callerid.sip.config import SipConfig, resolve, route_source
from desk_app.callerid.sip.guard import Guard, RateLimiter
from desk_app.callerid.sip.headers import ParseError
from desk_app.callerid.sip.message import SipMessage, parse_message
from desk_app.callerid.sip.registration import (
    Outcome,
    RegistrationClient,
    RegistrationParams,
    RegState,
)
from desk_app.callerid.sip.server import Address, RequestServer, Send
from desk_app.callerid.sip.stream import StreamTransport
from desk_app.callerid.sip.transactions import T1, T2, CallTable
from desk_app.callerid.status_messages import reason
from desk_app.domain.call_event import CallEvent
from desk_app.domain.messages import Problem

log = logging.getLogger(__name__)

_HOUSEKEEPING = 0.25  # seconds between retransmission/expiry checks


class SipAgent:
    def __init__(self, config: SipConfig, *, on_event: Callable[[CallEvent], None],
                 on_status: Callable[[RegState, Problem | None, str], None],
                 on_invite: Callable[[str, CallEvent], None] | None = None) -> None:
        self.config = config
        self._on_event, self._on_status = on_event, on_status
        self._invite_sink = on_invite or (lambda raw, event: None)
        self.stats: Counter[str] = Counter()
        self.calls = CallTable(max_calls=config.max_ringing, ring_timeout=config.ring_timeout)
        self.server = RequestServer(self.calls, self.stats, line=config.extension,
                                    contact=self._contact, deliver=self._deliver)
        self.registration: Outcome | None = None
        self.local_address: Address | None = None
        self._udp: asyncio.DatagramTransport | None = None
        self._stream: StreamTransport | None = None
        self._registrar: Address | None = None
        self._client: RegistrationClient | None = None
        self._waiter: asyncio.Future[SipMessage] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._wake = asyncio.Event()
        self._outcome_waiters: list[asyncio.Future[Outcome]] = []
        self._reported: tuple[RegState, str] | None = None

    # -- life cycle ---------------------------------------------------------------------
    async def open(self) -> Address:
        """Resolve the registrar and bind the local socket; no packet is sent yet."""
        cfg = self.config
        loop = asyncio.get_running_loop()
        addresses = await loop.run_in_executor(None, resolve, cfg.registrar, cfg.registrar_port)
        if not addresses:
            raise OSError(f"cannot resolve registrar {cfg.registrar!r}")
        self._registrar = (addresses[0], cfg.registrar_port)
        allowed = set(addresses)
        for extra in cfg.allowed_sources:
            allowed.update(await loop.run_in_executor(None, resolve, extra, 5060))
        self.guard = Guard(allowed, limiter=RateLimiter(cfg.rate_per_source, cfg.burst_per_source))
        bind_host = cfg.bind_host or route_source(addresses[0], cfg.registrar_port)
        if cfg.transport == "tcp":
            self._stream = StreamTransport(self._on_packet, self.guard)
            self.local_address = await self._stream.listen(bind_host, cfg.bind_port)
        else:
            self._udp, _ = await loop.create_datagram_endpoint(
                lambda: _Protocol(self), local_addr=(bind_host, cfg.bind_port))
            self.local_address = self._udp.get_extra_info("sockname")[:2]
        contact_host = self.local_address[0]
        if contact_host in ("0.0.0.0", "::"):
            contact_host = route_source(addresses[0], cfg.registrar_port)
        self._client = RegistrationClient(RegistrationParams(
            registrar_host=cfg.registrar, registrar_port=cfg.registrar_port,
            extension=cfg.extension, auth_user=cfg.digest_user, password=cfg.password,
            local_host=contact_host, local_port=self.local_address[1], expires=cfg.expires,
            transport=cfg.transport.upper(), domain=cfg.domain))
        national_form("81312345678")  # load phonenumbers' metadata now, not on the first call
        return self.local_address

    async def start(self) -> Address:
        address = await self.open()
        self._tasks = [asyncio.create_task(self._register_loop()),
                       asyncio.create_task(self._housekeeping())]
        return address

    async def stop(self, *, unregister: bool = True) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if unregister and self.registration and self.registration.state is RegState.REGISTERED:
            try:
                await asyncio.wait_for(self.register_once(unregister=True), 2.0)
            except (TimeoutError, OSError):
                pass
        self.close()
        self._report(Outcome(RegState.UNREGISTERED, message=Problem("sip.stopped")))

    def close(self) -> None:
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    # -- registration -------------------------------------------------------------------
    async def _register_loop(self) -> None:
        self._report(Outcome(RegState.REGISTERING, message=Problem(
            "sip.registering", {"registrar": self.config.registrar})))
        while True:
            try:
                outcome = await self.register_once()
            except Exception as exc:  # a bug must not end registration for good
                log.exception("sip: registration attempt failed")
                outcome = Outcome(RegState.REJECTED, retry_in=30.0, message=Problem(
                    "sip.attempt_failed", {"error": repr(exc)}))
                self._report(outcome)
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), outcome.retry_in or 30.0)
            except TimeoutError:
                pass

    def refresh_now(self) -> asyncio.Future[Outcome]:
        """Re-register at once (the settings screen's "test" button); resolves on the outcome."""
        fut: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._outcome_waiters.append(fut)
        self._wake.set()
        return fut

    async def register_once(self, *, unregister: bool = False) -> Outcome:
        """One REGISTER attempt including digest rounds; never raises for network trouble."""
        assert self._client is not None, "open() first"
        data = self._client.request(unregister=unregister)
        while True:
            try:
                response = await self._transact(data)
            except OSError as exc:
                outcome = self._client.on_unreachable(
                    Problem("sip.unreachable", {"registrar": self.config.registrar,
                                                "reason": reason(exc)}),
                    f"{self.config.registrar}: {exc.strerror or exc}")
                break
            if response is None:
                outcome = self._client.on_timeout()
                break
            answer = self._client.on_response(response)
            if answer is None:
                continue
            outcome = answer
            if outcome.resend is None:
                break
            self.stats["register_stale" if outcome.stale else "register_challenged"] += 1
            data = outcome.resend
        self.registration = outcome
        self.stats["register_" + outcome.state.name.lower()] += 1
        self._report(outcome)
        for fut in self._outcome_waiters:
            if not fut.done():
                fut.set_result(outcome)
        self._outcome_waiters.clear()
        return outcome

    async def _transact(self, data: bytes) -> SipMessage | None:
        """Send a REGISTER (retransmitting over UDP, T1 doubling to T2) until a final answer."""
        loop = asyncio.get_running_loop()
        self._waiter = loop.create_future()
        deadline = loop.time() + self.config.register_timeout
        interval = T1
        try:
            while True:
                self.stats["register_sent"] += 1
                await self._send_to_registrar(data)
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return None
                wait = remaining if self._stream else min(interval, remaining)
                try:
                    return await asyncio.wait_for(asyncio.shield(self._waiter), wait)
                except TimeoutError:
                    if loop.time() >= deadline:
                        return None
                    interval = min(interval * 2, T2)
        finally:
            self._waiter = None

    async def _send_to_registrar(self, data: bytes) -> None:
        assert self._registrar is not None
        if self._stream is not None:
            await self._stream.send_to(data, self._registrar)
        elif self._udp is not None:
            self._udp.sendto(data, self._registrar)
        else:
            raise OSError("listener is closed")

    def _on_response(self, msg: SipMessage) -> None:
        if self._client and self._client.matches(msg) and self._waiter and (msg.status or 0) >= 200:
            if not self._waiter.done():
                self._waiter.set_result(msg)
        else:
            self.stats["stray_response"] += 1

    def _report(self, outcome: Outcome) -> None:
        now = (outcome.state, outcome.detail)
        if now != self._reported:
            self._reported = now
            try:
                self._on_status(outcome.state, outcome.message, outcome.detail)
            except Exception:
                log.exception("sip: status consumer failed")

    # -- incoming packets ---------------------------------------------------------------
    def _on_packet(self, data: bytes, source: Address, send: Send, reliable: bool) -> None:
        """Entry for every datagram/stream message; never raises."""
        now = time.monotonic()
        self.stats["received"] += 1
        reason = self.guard.admit(len(data), source, now)
        if reason:
            self.stats["drop_" + reason] += 1
            return
        try:
            msg = parse_message(data)
            if msg.status is not None:
                self._on_response(msg)
            else:
                self.server.handle(msg, source, send, reliable, now)
        except ParseError as exc:
            self.stats["drop_malformed"] += 1
            log.debug("sip: ignored %d bytes from %s (%s): %s", len(data), source, exc,
                      data[:32].hex())
        except Exception:  # a bug with one packet must not stop the listener
            self.stats["drop_error"] += 1
            log.exception("sip: failed on %d bytes from %s: %s", len(data), source,
                          data[:32].hex())

    def _contact(self) -> str:
        return self._client.params.contact_uri if self._client else ""

    def _deliver(self, event: CallEvent, raw: str | None) -> None:
        """Hand an event (and, for a new call, the raw INVITE) to the consumers; a broken
        consumer is logged, never allowed to stop the listener."""
        if raw is not None:
            try:
                self._invite_sink(raw, event)
            except Exception:
                log.exception("sip: raw INVITE consumer failed")
        try:
            self._on_event(event)
        except Exception:
            log.exception("sip: event consumer failed")

    async def _housekeeping(self) -> None:
        while True:
            await asyncio.sleep(_HOUSEKEEPING)
            try:
                self.server.tick(time.monotonic(), self._udp.sendto if self._udp else None)
            except Exception:  # keep retransmitting and expiring whatever happens
                log.exception("sip: housekeeping failed")


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, agent: SipAgent) -> None:
        self.agent = agent

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        udp = self.agent._udp
        if udp is not None:
            self.agent._on_packet(data, addr[:2], udp.sendto, False)

    def error_received(self, exc: Exception) -> None:
        """ICMP port unreachable after a REGISTER: say so now instead of after the timeout."""
        waiter = self.agent._waiter
        if waiter is not None and not waiter.done() and isinstance(exc, OSError):
            waiter.set_exception(exc)
