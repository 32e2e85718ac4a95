"""SipSource: the SIP user agent as a :class:`CallerIdSource` for the app.

The agent runs on its own asyncio loop in its own thread, so a packet flood or a slow
registrar never touches the GUI thread; events and status changes leave through the base
class callbacks (the UI bridge re-emits them on the GUI thread). What the settings screen
needs is here too: :class:`SipConfig`, :meth:`SipSource.test_registration` and
:attr:`SipSource.last_invite` (the raw INVITE next to what was read from it, because no one
knows what each router really sends).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.callerid.base import CallerIdSource, SourceState
from desk_app.callerid.sip.agent import SipAgent
from desk_app.callerid.sip.config import SipConfig
from desk_app.callerid.sip.registration import Outcome, RegState
from desk_app.callerid.status_messages import reason
from desk_app.callerid.threaded import Backoff
from desk_app.domain.call_event import CallEvent
from desk_app.domain.messages import Problem

__all__ = ["LastInvite", "RegistrationResult", "SipConfig", "SipSource", "test_registration"]

log = logging.getLogger(__name__)

_STATE_MAP = {
    RegState.REGISTERING: SourceState.RECONNECTING,
    RegState.REGISTERED: SourceState.CONNECTED,
    RegState.NOT_ANSWERING: SourceState.RECONNECTING,
    RegState.WRONG_PASSWORD: SourceState.ERROR,
    RegState.REJECTED: SourceState.ERROR,
    RegState.UNREGISTERED: SourceState.DISCONNECTED,
}


@dataclass(frozen=True, slots=True)
class LastInvite:
    raw: str  # the INVITE as received, Authorization lines removed
    event: CallEvent


@dataclass(frozen=True, slots=True)
class RegistrationResult:
    ok: bool
    state: RegState
    detail: str
    status: int | None = None  # final SIP status code, if the registrar answered
    expires: int | None = None
    message: Problem | None = None  # ``detail`` as a code, for the desk's language


_STATE_WORDS = {RegState.WRONG_PASSWORD: "sip.state.wrong_password",
                RegState.NOT_ANSWERING: "sip.state.not_answering"}


def with_state(state: RegState, message: Problem | None,
               detail: str) -> tuple[Problem | None, str]:
    """What the user reads, as a code and as its English *detail* (which may be the operating
    system's own words): the state first ("wrong password"), then the particulars."""
    if state not in _STATE_WORDS:
        return message, detail
    words = Problem(_STATE_WORDS[state])

    def stated(particulars: Problem | str) -> Problem:
        return Problem("sip.state_detail", {"state": words, "detail": particulars})

    return (None if message is None else stated(message)), stated(detail).text("en")


class SipSource(CallerIdSource):
    name = "sip"

    def __init__(self, config: SipConfig,
                 on_invite: Callable[[LastInvite], None] | None = None) -> None:
        super().__init__()
        self.config = config
        self.last_invite: LastInvite | None = None
        self._on_last_invite = on_invite or (lambda invite: None)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._agent: SipAgent | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    @property
    def agent(self) -> SipAgent | None:
        return self._agent

    @property
    def running(self) -> bool:
        """True from start() until stop(): the thread keeps retrying when it cannot bind."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the listener thread; returns at once (binding happens on that thread)."""
        if self.running:
            return
        self._ready.clear()
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()  # bound to the loop on first use, in the thread
        self._thread = threading.Thread(target=self._run, args=(self._loop,), name="sip-agent",
                                        daemon=True)
        self._thread.start()

    def wait_started(self, timeout: float = 10.0) -> bool:
        """Block until the first attempt to bind is over; True when the listener is bound."""
        return self._ready.wait(timeout) and self._agent is not None

    def stop(self) -> None:
        """Unregister (briefly) and end the thread. Safe right after start()."""
        loop, thread, stop = self._loop, self._thread, self._stop
        if loop is not None and stop is not None:
            try:
                loop.call_soon_threadsafe(stop.set)  # queued even if the loop is not yet running
            except RuntimeError:
                pass  # the loop already closed
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
        self._thread = None

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:  # never raise in a thread: report it
            log.exception("sip: listener stopped")
            self._set_status(SourceState.ERROR, Problem("sip.listener_failed",
                                                        {"error": type(exc).__name__}),
                             f"SIP listener failed: {exc}")
        finally:
            self._ready.set()
            loop.close()

    async def _main(self) -> None:
        """Bind (retrying: at boot the LAN may not be up yet), then run until stop()."""
        assert self._stop is not None
        backoff = Backoff(first=1.0, maximum=60.0)
        while not self._stop.is_set():
            agent = SipAgent(self.config, on_event=self._emit,
                             on_status=self._registration_status, on_invite=self._raw_invite)
            try:
                await agent.start()
            except OSError as exc:
                agent.close()
                delay = backoff.next()
                where = f"{self.config.bind_host or 'the LAN address'}:{self.config.bind_port}"
                host = self.config.bind_host or Problem("sip.lan_address")
                self._set_status(SourceState.ERROR, Problem("sip.cannot_listen", {
                    "where": Problem("sip.host_port", {"host": host,
                                                       "port": self.config.bind_port}),
                    "reason": reason(exc), "delay": delay}),
                    f"cannot listen for SIP on {where}: {exc.strerror or exc} "
                    f"(retrying in {delay:g} s)")
                self._ready.set()
                try:
                    await asyncio.wait_for(self._stop.wait(), delay)
                except TimeoutError:
                    pass
                continue
            self._agent = agent
            self._ready.set()
            try:
                await self._stop.wait()
            finally:
                await agent.stop()

    def _registration_status(self, state: RegState, message: Problem | None,
                             detail: str) -> None:
        self._set_status(_STATE_MAP[state], *with_state(state, message, detail))

    def _raw_invite(self, raw: str, event: CallEvent) -> None:
        self.last_invite = LastInvite(raw, event)
        self._on_raw(raw.encode("utf-8"))
        self._on_last_invite(self.last_invite)

    def test_registration(self, timeout: float = 15.0) -> RegistrationResult:
        """Register now and report how it went. Blocks: call it from a worker thread.

        While the source runs, its own agent re-registers (a second registration of the same
        extension from another port could replace the running one on single-contact routers);
        otherwise a temporary agent registers and unregisters again.
        """
        loop, agent = self._loop, self._agent
        if loop is None or agent is None or not loop.is_running():
            return test_registration(self.config, timeout)

        async def refresh() -> RegistrationResult:
            return _result(await agent.refresh_now())

        try:
            return asyncio.run_coroutine_threadsafe(
                asyncio.wait_for(refresh(), timeout), loop).result(timeout + 1)
        except (TimeoutError, OSError, RuntimeError, concurrent.futures.CancelledError) as exc:
            return RegistrationResult(False, RegState.NOT_ANSWERING, f"no outcome: {exc!r}",
                                      message=Problem("sip.no_outcome",
                                                      {"error": type(exc).__name__}))


def _result(outcome: Outcome) -> RegistrationResult:
    message, detail = with_state(outcome.state, outcome.message, outcome.detail)
    return RegistrationResult(outcome.state is RegState.REGISTERED, outcome.state, detail,
                              outcome.status, outcome.expires, message)


async def probe_registration(config: SipConfig, timeout: float = 15.0) -> RegistrationResult:
    """Register once with a temporary agent, then unregister; never raises."""
    agent = SipAgent(config, on_event=lambda e: None, on_status=lambda s, m, d: None)
    try:
        await agent.open()
        outcome = await asyncio.wait_for(agent.register_once(), timeout)
        if outcome.state is RegState.REGISTERED:
            try:
                await asyncio.wait_for(agent.register_once(unregister=True), 3.0)
            except TimeoutError:
                pass
        return _result(outcome)
    except OSError as exc:
        return RegistrationResult(False, RegState.NOT_ANSWERING, f"cannot register: {exc}",
                                  message=Problem("sip.cannot_register", {"reason": reason(exc)}))
    except TimeoutError:
        return RegistrationResult(False, RegState.NOT_ANSWERING, "no outcome within timeout",
                                  message=Problem("sip.timeout"))
    finally:
        agent.close()


def test_registration(config: SipConfig, timeout: float = 15.0) -> RegistrationResult:
    """Blocking wrapper of :func:`probe_registration` for a worker thread."""
    return asyncio.run(probe_registration(config, timeout))


test_registration.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
