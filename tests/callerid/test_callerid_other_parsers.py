"""ALOHA, NCID, Whozz Calling, TCI, NetCallerID and YAC parsers beyond the corpus."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest

from desk_app.callerid.formats import make_parser
from desk_app.callerid.parsers.aloha import ACK, NAK, AlohaParser


def calls(events):
    return [(e.number, e.name, e.withheld.value if e.withheld else None, e.line) for e in events]


def run(fmt: str, data: bytes):
    p = make_parser(fmt)
    return calls(p.feed(data, 0.0) + p.flush(math.inf))


def with_parity(data: bytes) -> bytes:
    """What a 7E1 line carries in bit 7 when read at 8N1."""
    return bytes(b | 0x80 if bin(b).count("1") % 2 else b for b in data)


# -- ALOHA ---------------------------------------------------------------------------------
def test_aloha_acks_good_frames_and_naks_bad_ones():
    p = AlohaParser()
    assert calls(p.feed(b"\x0202013101008012345678\x03", 0.0)) == [("08012345678", None, None, None)]
    assert p.take_replies() == [ACK]
    assert p.feed(b"\x02020131X1008012345678\x03", 1.0) == []  # bad date digit
    assert p.feed(b"\x020201\x03", 2.0) == []  # too short
    assert p.take_replies() == [NAK, NAK]


def test_aloha_resent_frame_is_acked_again_but_popped_once():
    p = AlohaParser()
    frame = b"\x02021531030P\x03"
    assert len(p.feed(frame, 0.0)) == 1
    assert p.feed(frame, 1.0) == []
    assert p.take_replies() == [ACK, ACK]


def test_aloha_accepts_frames_with_parity_bit_and_naks_parity_errors():
    p = AlohaParser()
    good = with_parity(b"\x0202013101008012345678\x03")
    assert any(b & 0x80 for b in good)
    assert calls(p.feed(good, 0.0)) == [("08012345678", None, None, None)]
    bad = bytearray(good)
    bad[5] ^= 0x01  # one bit flipped on the wire
    assert p.feed(bytes(bad), 10.0) == []
    assert p.take_replies() == [ACK, NAK]


@pytest.mark.parametrize("code, want", [("O", "unavailable"), ("P", "private"), ("C", "payphone"),
                                        ("S", "conflict"), ("E", "error")])
def test_aloha_reason_codes(code, want):
    assert run("aloha", b"\x02021531031" + code.encode() + b"\x03") == [(None, None, want, None)]


def test_aloha_junk_between_frames_is_ignored():
    assert run("aloha", b"\r\nxx\x02021531031O\x03\r\n\x0202153") == [(None, None, "unavailable", None)]


# -- NCID ----------------------------------------------------------------------------------
NCID_SESSION = (
    b"200 Server: ncidd (NCID) 1.6\r\n210 API: 1.5 Feature Set 1 2 3 4 5\r\n"
    b"CIDLOG: *DATE*06022002*TIME*0923*LINE*-*NMBR*4075551212*MESG*NONE*NAME*WIRELESS CALL*\r\n"
    b"OUTLOG: *DATE*08022002*TIME*1305*LINE*-*NMBR*4075551212*MESG*NONE*NAME*NO NAME*\r\n"
    b"MSGLOG: Previous message\r\n250 end of call log\r\n300 End of connection startup\r\n"
    b"CID: *DATE*12012008*TIME*2423*LINE*-*NMBR**17*MESG*NONE*NAME*?a_name@home*\r\n"
    b"CIDINFO: *LINE*-*RING*1*TIME*12:60:00*\r\n"
    b"HUP: *DATE*07142011*TIME*0915*LINE*VOIP*NMBR*14075551212*MESG*NONE*NAME*MARKETING*\r\n"
    b"BLK: *DATE*07142011*TIME*0916*LINE*VOIP*NMBR*PRIVATE*MESG*NONE*NAME*PRIVATE*\r\n"
    b"OUT: *DATE*07142011*TIME*0905*LINE*VOIP*NMBR*14075551212*MESG*NONE*NAME*NO NAME*\r\n"
    b"MSG: Too many clients connected: 25 \r\n"
    b"WID: *DATE*07142011*TIME*0920*LINE*POTS*NMBR*0312345678*MESG*NONE*NAME*YAMADA*\r\n"
    b"CID: *DATE*09262009*TIME*1933*LINE*VOIP*NMBR*Restricted*MESG*NONE*NAME*Unavailable*\r\n"
    b"CID: *NAME*Reordered*NMBR*0312345678*DATE*01012024*TIME*1200*LINE*POTS*MESG*NONE*\r\n")


def test_ncid_pops_live_incoming_calls_only_and_keeps_the_log():
    p = make_parser("ncid")
    assert calls(p.feed(NCID_SESSION, 0.0) + p.flush(math.inf)) == [
        ("17", "?a_name@home", None, None),
        ("0312345678", "YAMADA", None, "POTS"),
        (None, None, "private", "VOIP"),
        ("0312345678", "Reordered", None, "POTS"),
    ]
    assert p.banner == "200 Server: ncidd (NCID) 1.6"
    logged = p.take_log_events()
    assert [e.number for e in logged] == [
        "4075551212", "4075551212", "14075551212", None, "14075551212"]
    assert [e.log_kind.value for e in logged] == [
        "log", "outgoing", "hangup", "blocked", "outgoing"]
    # the server's own DATE/TIME (Japan time), so a replay is recognised at every reconnect
    assert logged[0].received_at == datetime(2002, 6, 2, 0, 23, tzinfo=timezone.utc)
    assert p.take_log_events() == []


@pytest.mark.parametrize("day, clock, want", [
    ("06022002", "0923", datetime(2002, 6, 2, 0, 23)),  # ncidd's default mmddyyyy
    ("20261123", "0005", datetime(2026, 11, 22, 15, 5)),  # yyyymmdd
    ("23112026", "1200", datetime(2026, 11, 23, 3, 0)),  # ddmmyyyy
    ("12012008", "2423", None), ("", "1200", None), ("0602", "0923", None)])
def test_ncid_log_time_is_japan_time_as_utc(day, clock, want):
    from desk_app.callerid.parsers.ncid import call_time

    assert call_time(day, clock) == (want and want.replace(tzinfo=timezone.utc))


# -- Whozz Calling -------------------------------------------------------------------------
HDR = b"^^<U>\x00\x00\x00\x00\x00\x01<S>\x24\x0d\x5e\x00\x01\x0a$"  # binary serial incl. '$' CR '^'


def test_whozz_eight_repeats_are_one_call_and_other_records_are_not_calls():
    start = HDR + b"01 I S 0000 G A1 11/22 10:41 AM 0312345678     YAMADA TARO    "
    end = HDR + b"01 I E 0073 G A1 11/22 10:41 AM 0312345678     YAMADA TARO    "
    out = HDR + b"02 O S 0000 G A0 11/22 10:43 AM 0355556666                    "
    ring = HDR + b"01 R             11/22 10:41:02"
    p = make_parser("whozz")
    events = []
    for packet in [ring] + [start] * 8 + [end] * 8 + [out]:
        events += p.feed(packet, 0.0) + p.end_of_message(0.0)
    assert calls(events) == [("0312345678", "YAMADA TARO", None, "01")]


def test_whozz_packets_concatenated_and_serial_records_with_crlf():
    stream = (HDR + b"01 I S 0000 G A1 11/22 10:41 AM 770-263-7111   CallerID.com   " + HDR +
              b"02 I S 0000 B A1 11/22 10:42 AM OUT-OF-AREA    OUT-OF-AREA    "
              b"\r\n03 I S 0000 G A1 11/22 10:45 PM 0312345678     \r\n")
    assert run("whozz", stream) == [("7702637111", "CallerID.com", None, "01"),
                                    (None, None, "unavailable", "02"),
                                    ("0312345678", None, None, "03")]


# -- TCI -----------------------------------------------------------------------------------
def test_tci_records_without_terminator_and_with_utf8_names():
    rec1 = "01      9/04      1:29 PM       212-555-4000           Vähälä Joe     "
    rec2 = "03      9/06      2:23 PM       941-555-7218           SARASOTA, FL   "
    assert len(rec1) == len(rec2) == 70 and len(rec1.encode()) > 70
    p = make_parser("tci")
    events = p.feed(rec1.encode()[:40], 0.0) + p.feed(rec1.encode()[40:] + rec2.encode(), 0.0)
    assert calls(events) == [("2125554000", "Vähälä Joe", None, "01"),
                             ("9415557218", "SARASOTA, FL", None, "03")]


def test_tci_ignores_non_records():
    assert run("tci", b"hello world\r\n\r\n") == []


# -- NetCallerID ---------------------------------------------------------------------------
def test_netcallerid_record_kinds():
    stream = (b"###DATE03301423...NMBR4075551212...NAMEWIRELESS CALL+++\r"
              b"###DATE03301424...NMBR...NAME-UNKNOWN CALLER-+++\r"
              b"###DATE03301425...NMBR...NAME+++\r"
              b"###DATE...NMBR...NAME   -MSG ON-+++\r"
              b"junk\r###DATE03301426...NMBR...NAMEPRIVATE+++\r")
    assert run("netcallerid", stream) == [("4075551212", "WIRELESS CALL", None, None),
                                          (None, None, None, None), (None, None, None, None),
                                          (None, None, "private", None)]


# -- YAC -----------------------------------------------------------------------------------
def test_yac_calls_messages_and_connection_end():
    p = make_parser("yac")
    assert p.feed(b"Meet me for dinner at 8.\x00", 0.0) == []
    assert calls(p.feed(b"@CALLYAMADA~03-1234-5678", 0.0) + p.end_of_message(0.0)) == [
        ("0312345678", "YAMADA", None, None)]
    assert calls(p.feed(b"@CALL~Private\x00", 10.0)) == [(None, None, "private", None)]
