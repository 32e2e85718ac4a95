"""The NCID call log on a real desk: an in-test NCID server replays its log at every connect.

The desk attaches an NCID client through its source slot, as app.run and the settings do. The
server greets it with two ``CIDLOG:`` lines, then drops the connection (ncidd restarting); the
client reconnects and gets the same two lines again. The call log must show them once each,
as history (履歴取込) with the server's own time, and nothing may pop up or wait for a
call-back.
"""

from __future__ import annotations

import socket
import threading
from datetime import UTC, date, datetime

from ui_helpers import numbers, settle

from desk_app.callerid.base import SourceState
from desk_app.callerid.network_sources import NcidSource
from desk_app.callerid.threaded import Backoff
from desk_app.services import calls

DAY = date(2026, 11, 22)  # the day before the desk's "today": calls while it was closed


def replay(known: str) -> bytes:
    return (b"200 Server: ncidd (NCID) 1.6\r\n210 API: 1.5 Feature Set 1 2 3 4 5\r\n"
            b"CIDLOG: *DATE*11222026*TIME*1015*LINE*POTS*NMBR*" + known.encode()
            + b"*MESG*NONE*NAME*NO NAME*\r\n"
            b"CIDLOG: *DATE*11222026*TIME*1842*LINE*POTS*NMBR*0311119999*MESG*NONE*NAME*-*\r\n"
            b"250 End of call log\r\n300 End of connection startup\r\n")


class ReplayingNcidServer:
    """Greets every client with the same call log; ``drop()`` closes them (a restart)."""

    def __init__(self, greeting: bytes) -> None:
        self.greeting = greeting
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.clients: list[socket.socket] = []
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.sendall(self.greeting)
            self.clients.append(conn)
            self.accepted += 1

    def drop(self) -> None:
        for conn in self.clients:
            conn.close()
        self.clients.clear()

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.drop()


def test_replayed_ncid_log_fills_the_call_log_once_and_never_pops_up(
        qtbot, slot_desk, store):
    services, window = slot_desk
    known = numbers(store)[0]
    seen, written = [], []
    services.bridge.call_logged.connect(seen.append)
    window.log_recorder.recorded.connect(written.append)
    server = ReplayingNcidServer(replay(known))
    source = NcidSource("127.0.0.1", server.port, backoff=Backoff(0.1, 0.4))
    try:
        window.source_slot.replace(source)
        qtbot.waitUntil(lambda: len(seen) == 2 and sum(written) == 2, timeout=5000)
        server.drop()  # ncidd restarts: the client reconnects and the log is replayed
        qtbot.waitUntil(lambda: server.accepted == 2 and len(seen) == 4, timeout=5000)
        qtbot.waitUntil(lambda: source.status.state is SourceState.CONNECTED, timeout=3000)
        qtbot.wait(2 * window.log_recorder.BATCH_MS)
        settle(qtbot, services)
        assert sum(written) == 2 and written[-1] == 0  # the replay added nothing

        window.show_tab(1)
        window.call_log.all_days.setChecked(False)
        window.call_log.day.setDate(DAY)
        settle(qtbot, services)
        rows = [c for c in window.call_log.model.items if c.source == "ncid"]
        assert len(rows) == 2
        by_number = {c.number: c for c in rows}
        assert by_number[known].received_at == datetime(2026, 11, 22, 1, 15, tzinfo=UTC)
        assert by_number[known].customer_name  # the log says who called
        assert by_number["0311119999"].customer_id is None
        shown = {window.call_log.model.data(window.call_log.model.index(row, 4))
                 for row in range(window.call_log.model.rowCount())
                 if window.call_log.model.item(row).source == "ncid"}
        assert shown == {"履歴取込"}
        assert window.popups.popups == []
        missed = []
        services.tasks.submit(lambda ctx: calls.missed_calls(ctx, include_done=True),
                               on_done=missed.extend)
        settle(qtbot, services)
        assert not {c.id for c in missed} & {c.id for c in rows}
    finally:
        window.source_slot.replace(None).result(10)
        server.close()
