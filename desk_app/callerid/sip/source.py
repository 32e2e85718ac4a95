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
from desk_app.callerid.sip.registration import RegState
from desk_app.domain.call_event import CallEvent

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


def status_text(state: RegState, detail: str) -> str:
    """What the user reads: the state first ("wrong password"), then the particulars."""
    if state in (RegState.WRONG_PASSWORD, RegState.NOT_ANSWERING):
        return f"{state.value}: {detail}"
    return detail


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
        """False once the listener thread has ended (stopped, or it could not bind)."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="sip-agent", daemon=True)
        self._thread.start()
        self._ready.wait(10.0)

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and self._stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._stop.set)
        if thread is not None:
            thread.join(5.0)
        self._thread = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:  # bind errors and the like: report, never raise in a thread
            log.exception("sip: listener stopped")
            self._set_status(SourceState.ERROR, f"SIP listener failed: {exc}")
        finally:
            self._ready.set()
            loop.close()
            self._loop = None

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._agent = SipAgent(self.config, on_event=self._emit,
                               on_status=self._registration_status, on_invite=self._raw_invite)
        try:
            await self._agent.start()
        except OSError as exc:
            self._set_status(SourceState.ERROR, f"cannot listen for SIP: {exc}")
            self._agent = None
            return
        finally:
            self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await self._agent.stop()

    def _registration_status(self, state: RegState, detail: str) -> None:
        self._set_status(_STATE_MAP[state], status_text(state, detail))

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
            return RegistrationResult(False, RegState.NOT_ANSWERING, f"no outcome: {exc!r}")


def _result(outcome) -> RegistrationResult:
    return RegistrationResult(outcome.state is RegState.REGISTERED, outcome.state,
                              status_text(outcome.state, outcome.detail), outcome.status,
                              outcome.expires)


async def probe_registration(config: SipConfig, timeout: float = 15.0) -> RegistrationResult:
    """Register once with a temporary agent, then unregister; never raises."""
    agent = SipAgent(config, on_event=lambda e: None, on_status=lambda s, d: None)
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
        return RegistrationResult(False, RegState.NOT_ANSWERING, f"cannot register: {exc}")
    except TimeoutError:
        return RegistrationResult(False, RegState.NOT_ANSWERING, "no outcome within timeout")
    finally:
        agent.close()


def test_registration(config: SipConfig, timeout: float = 15.0) -> RegistrationResult:
    """Blocking wrapper of :func:`probe_registration` for a worker thread."""
    return asyncio.run(probe_registration(config, timeout))


test_registration.__test__ = False  # not a pytest test despite the name
