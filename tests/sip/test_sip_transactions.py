"""Transaction keys and the bounded call table (pure, with an explicit clock)."""

from __future__ import annotations

import itertools

from desk_app.callerid.sip.caller import call_event
from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.transactions import (
    T2,
    TIMER_H,
    CallTable,
    InviteTransaction,
    Phase,
    TagMaker,
    transaction_key,
)


def msg(method: str = "INVITE", branch: str = "z9hG4bK-1", call_id: str = "c", cseq: int = 1,
        via_host: str = "10.0.0.1"):
    return parse_message(
        f"{method} sip:3@h SIP/2.0\r\nVia: SIP/2.0/UDP {via_host}:5060;branch={branch}\r\n"
        f"From: <sip:1@h>;tag=f\r\nTo: <sip:3@h>\r\nCall-ID: {call_id}\r\n"
        f"CSeq: {cseq} {method}\r\n\r\n".encode())


def tx(key_msg, now: float = 0.0, table: CallTable | None = None) -> InviteTransaction:
    return InviteTransaction(transaction_key(key_msg), key_msg, ("10.0.0.1", 5060),
                             ("10.0.0.1", 5060), "tag", call_event(key_msg), b"180",
                             deadline=now + (table.ring_timeout if table else 180.0))


def test_invite_cancel_and_ack_share_the_key_and_other_branches_do_not():
    assert transaction_key(msg("INVITE")) == transaction_key(msg("CANCEL")) \
        == transaction_key(msg("ACK"))
    assert transaction_key(msg(branch="z9hG4bK-2")) != transaction_key(msg())
    assert transaction_key(msg(via_host="10.0.0.2")) != transaction_key(msg())


def test_rfc2543_peers_are_matched_without_magic_cookie():
    old = msg(branch="1234")
    assert transaction_key(old) == transaction_key(msg("CANCEL", branch="1234"))
    assert transaction_key(old) != transaction_key(msg(branch="1234", cseq=2))


def test_tags_are_stable_per_key_and_differ_between_keys():
    tags = TagMaker()
    assert tags(("a",)) == tags(("a",)) != tags(("b",))
    assert TagMaker()(("a",)) != tags(("a",))  # salted per agent


def test_ringing_cap_and_bounded_finished_entries():
    table = CallTable(max_calls=2)
    first, second = tx(msg(branch="z9hG4bK-a")), tx(msg(branch="z9hG4bK-b"))
    assert table.add(first) and table.add(second)
    assert not table.add(tx(msg(branch="z9hG4bK-c")))  # two ring already
    table.complete(first, b"487", now=0.0)
    table.complete(second, b"487", now=0.0)
    for n in range(20):  # finished entries never block new calls, and stay bounded
        new = tx(msg(branch=f"z9hG4bK-n{n}"))
        assert table.add(new)
        table.complete(new, b"487", now=0.0)
    assert len(table) == table.max_entries == 8


def test_487_is_retransmitted_with_doubling_interval_until_timer_h():
    table = CallTable()
    t = tx(msg())
    table.add(t)
    table.complete(t, b"487", now=0.0)
    sends = []
    now = 0.0
    while now < TIMER_H + 1:
        now += 0.05
        resend, _ = table.tick(now)
        sends += [now] * len(resend)
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(sends)]
    assert gaps[:3] == [1.0, 2.0, 4.0] and max(gaps) == T2
    assert table.get(t.key) is None  # given up after timer H


def test_ack_stops_retransmission_and_ringing_calls_expire():
    table = CallTable(ring_timeout=10.0)
    t = tx(msg(), table=table)
    table.add(t)
    table.complete(t, b"487", now=0.0)
    table.confirm(t, now=0.1)
    assert t.phase is Phase.CONFIRMED and table.tick(1.0) == ([], [])
    ringing = tx(msg(branch="z9hG4bK-r", call_id="r"), table=table)
    table.add(ringing)
    assert table.ringing("r") == [ringing]
    _, expired = table.tick(10.5)
    assert expired == [ringing] and len(table) == 0
