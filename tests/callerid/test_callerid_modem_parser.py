"""Modem parser behaviour beyond the corpus: timing, merging, repeats and hostile input."""

from __future__ import annotations

import logging
import math

import pytest

from desk_app.callerid.parsers.modem import ModemParser


def calls(events):
    return [(e.number, e.name, e.withheld.value if e.withheld else None) for e in events]


def run(data: bytes, **kw):
    p = ModemParser(**kw)
    return calls(p.feed(data, 0.0) + p.flush(math.inf))


@pytest.mark.parametrize("raw, want", [
    # several keys on one line / lines run together (misterhouse Caller_ID.pm examples)
    (b"RING\r\n\r\nDATE=0119\r\nTIME=2215\r\nNAME=ARCHER L       NMBR=5071234567\r\n\r\nRING\r\n",
     [("5071234567", "ARCHER L", None)]),
    (b"RING RING DATE=0224 NAME=ONMBR=5072884388\r\n", [("5072884388", None, None)]),
    (b"DATE=0321TIME=1405NMBR=0312345678\r\nRING\r\n", [("0312345678", None, None)]),
    (b"NMBR = 0312345678RING\r\nRING\r\n", [("0312345678", None, None)]),
    # any case, DDN_NMBR, ':' keys, ZyXEL reasons, ELSA/ZyXEL ISDN forms
    (b"date = 0910\r\ntime = 0137\r\nname = O\r\nddn_nmbr= 9932562\r\n", [("9932562", None, None)]),
    (b"RING\r\nREASON FOR NO CALLER NUMBER: P\r\nREASON FOR NO CALLER NAME: P\r\nRING\r\n",
     [(None, None, "private")]),
    (b"RING;08912345;08765\r\n", [("08912345", None, None)]),
    (b"\r\nRING_ANALOG_0312345678/0355556666\r\n", [("0312345678", None, None)]),
    (b"\r\nRING_ANALOG_/0355556666\r\nRING_ANALOG_\r\nRING\r\n", [(None, None, None)]),
    (b"RING_ANALOG_P\r\n", [(None, None, "private")]),
    (b"RING\r\nFM:0312345678 TO:0355556666\r\nRING\r\n", [("0312345678", None, None)]),
    # withheld words on NMBR, and a name-only code when no number came
    (b"NMBR = OUT-OF-AREA\r\nRING\r\n", [(None, None, "unavailable")]),
    (b"NMBR = ANONYMOUS\r\nNAME = ANONYMOUS\r\n", [(None, None, "private")]),
    (b"RING\r\nNAME = P\r\nRING\r\n", [(None, None, "private")]),
    (b"NMBR = S\r\nRING\r\n", [(None, None, "conflict")]),
    (b"NMBR = E\r\nRING\r\n", [(None, None, "error")]),
    # the first NMBR wins: a masking NMBR = O does not make a second call
    (b"DATE = 0101\r\nTIME = 1200\r\nNMBR = 0312345678\r\nNMBR = O\r\nRING\r\n",
     [("0312345678", None, None)]),
    (b"DATE = 0101\r\nNMBR = 0312345678\r\nNAME = X\r\nNMBR = O\r\nRING\r\n",
     [("0312345678", "X", None)]),
    # DLE pairs, NUL, not-UTF-8 bytes and chatter are ignored
    (b"\x10R\x10X\r\n\x10.\x10XNAME = JUMP\r\nNM\x00BR = 0312345678\r\n", [("0312345678", "JUMP", None)]),
    (b"ATZ\r\r\nOK\r\nAT+VCID=1\r\nOK\r\nERROR\r\nNO CARRIER\r\nDROF=40\r\nDRON=20\r\n", []),
    (b"\xff\xfe\x80garbage\r\nNMBR = 03\xff12345678\r\n", [("0312345678", None, None)]),
    # distinctive ring label
    (b"NMBR = 0312345678\r\nRING B\r\n", [("0312345678", None, None)]),
])
def test_stream(raw, want):
    assert run(raw) == want


def test_two_calls_back_to_back_never_merge():
    raw = (b"RING\r\nDATE = 0101\r\nTIME = 1200\r\nNMBR = 0311111111\r\nRING\r\n"
           b"DATE = 0101\r\nTIME = 1201\r\nNMBR = 0322222222\r\nRING\r\n"
           b"NMBR = 0333333333\r\nNMBR = 0344444444\r\n"  # no RING between: first wins…
           b"DATE=0101\r\nTIME=1203\r\nNMBR=0355555555\r\nDATE=0101\r\nTIME=1204\r\nNMBR=0366666666\r\n")
    assert [c[0] for c in run(raw)] == ["0311111111", "0322222222", "0333333333",
                                        "0355555555", "0366666666"]


def test_same_call_repeated_within_seconds_is_one_call():
    block = b"DATE = 0101\r\nTIME = 1200\r\nNMBR = 0312345678\r\nNAME = YAMADA\r\n"
    p = ModemParser()
    assert len(p.feed(block, 10.0)) == 1
    assert p.feed(block, 12.0) == []  # repeated 2 s later
    assert len(p.feed(block, 30.0)) == 1  # same number much later: a new call


def test_name_less_call_completes_after_quiet_time_not_before():
    p = ModemParser(data_quiet=0.5)
    assert p.feed(b"NMBR = 0312345678\r\n", 100.0) == []
    assert p.flush(100.3) == []
    assert calls(p.flush(100.6)) == [("0312345678", None, None)]
    assert p.feed(b"RING\r\n", 101.5) == []  # the ring of the call already reported


def test_ring_without_caller_data_waits_then_reports_one_unknown_call():
    p = ModemParser(ring_wait=5.0)
    assert p.feed(b"RING\r\n", 0.0) == []
    assert p.flush(4.0) == []  # US caller ID arrives between the first and second ring
    assert calls(p.feed(b"DATE = 0101\r\nTIME = 1200\r\nNMBR = 0312345678\r\nNAME = YAMADA\r\n",
                        4.5)) == [("0312345678", "YAMADA", None)]
    q = ModemParser(ring_wait=5.0)
    q.feed(b"RING\r\n", 0.0)
    assert calls(q.flush(5.1)) == [(None, None, None)]
    assert q.feed(b"RING\r\n", 6.0) == []  # same call still ringing
    assert calls(q.feed(b"RING\r\n", 30.0) + q.flush(40.0)) == [(None, None, None)]  # next call


def test_partial_line_waits_for_its_end():
    p = ModemParser()
    assert p.feed(b"NMBR = 03123", 0.0) == []
    assert p.feed(b"45678\r\nNAME = X\r", 0.1) != []


def test_ignored_line_is_logged_with_hex(caplog):
    with caplog.at_level(logging.WARNING):
        run(b"\x01\x02 what is this\r\n")
    assert any("01 02 20 77" in r.getMessage() for r in caplog.records)


def _cid_message(kind: int, body: bytes) -> bytes:
    data = bytes([kind, len(body)]) + body
    return (data + bytes([(-sum(data)) % 256])).hex().upper().encode()


@pytest.mark.parametrize("message, want", [
    (_cid_message(0x04, b"03211405" + b"0312345678"), [("0312345678", None, None)]),
    (_cid_message(0x04, b"03211405" + b"P"), [(None, None, "private")]),
    (_cid_message(0x80, b"\x01\x0803211405\x02\x0a0312345678\x07\x0bYAMADA TARO"),
     [("0312345678", "YAMADA TARO", None)]),
    (_cid_message(0x80, b"\x01\x0803211405\x04\x01O\x08\x01O"), [(None, None, "unavailable")]),
])
def test_unformatted_hex_caller_id_with_valid_checksum(message, want):
    assert run(b"RING\r\n" + message + b"\r\nRING\r\n") == want


def test_hex_line_with_bad_checksum_is_not_decoded():
    bad = bytearray(_cid_message(0x80, b"\x02\x0a0312345678\x07\x0bYAMADA TARO"))
    bad[-1:] = b"0" if bad[-1:] != b"0" else b"1"
    assert run(b"RING\r\n" + bytes(bad) + b"\r\nRING\r\nRING\r\n") == [(None, None, None)]


def _unformatted(kind: int, body: bytes, checksum: bool = False) -> bytes:
    """``AT#CID=2`` output: the message as ASCII hex, channel seizure stripped."""
    data = bytes([kind, len(body)]) + body
    if checksum:
        data += bytes([(-sum(data)) % 256])
    return data.hex().upper().encode()


@pytest.mark.parametrize("line, want", [
    (_unformatted(0x04, b"11050930" + b"0471234567"), [("0471234567", None, None)]),
    (_unformatted(0x04, b"11050930" + b"0471234567").lower(), [("0471234567", None, None)]),
    (_unformatted(0x04, b"11050930" + b"O"), [(None, None, "unavailable")]),
    (_unformatted(0x04, b"11052430" + b"0471234567"), [("0471234567", None, None)]),  # hour 24
    (_unformatted(0x04, b"99999999" + b"0471234567"), [("0471234567", None, None)]),
    (b"UUUUUU" + _unformatted(0x04, b"11050930" + b"0471234567"), [("0471234567", None, None)]),
    (b"5555" + _unformatted(0x04, b"11050930" + b"0471234567", True), [("0471234567", None, None)]),
    (_unformatted(0x80, b"\x01\x0811052430\x02\x0a0471234567\x07\x06SUZUKI"),
     [("0471234567", "SUZUKI", None)]),
    (_unformatted(0x80, b"\x03\x0a0471234567"), [("0471234567", None, None)]),  # Bellcore DDN
])
def test_unformatted_sdmf_and_mdmf_without_checksum(line, want):
    assert run(b"RING\r\n" + line + b"\r\nRING\r\n") == want


@pytest.mark.parametrize("line", [
    _unformatted(0x04, b"11050930" + b"0471234567") + b"00",  # length byte disagrees
    _unformatted(0x04, b"11050930" + b"0471234567")[:-2],  # cut short
    b"0412313130353039333030343731323334353637" + b"31",  # one byte too many, bad checksum
    _unformatted(0x06, b"11050930" + b"0471234567"),  # not a caller-ID message type
    _unformatted(0x04, b"11050930" + b"\x01\x02\x03"),  # binary where the number goes
    b"12345678901234567890",  # a long line of digits is no number
])
def test_hex_line_that_is_no_message_is_never_a_number(line):
    assert run(b"RING\r\n" + line + b"\r\nRING\r\nRING\r\n") == [(None, None, None)]


def test_unformatted_datetime_out_of_range_never_crashes_and_keeps_the_number():
    p = ModemParser()
    events = p.feed(b"RING\r\n" + _unformatted(0x04, b"13322460" + b"0312345678") + b"\r\n", 0.0)
    events += p.feed(b"RING\r\n", 1.0) + p.flush(math.inf)
    assert calls(events) == [("0312345678", None, None)]


@pytest.mark.parametrize("raw, want", [
    (b"RING\r\nMESG = 030A30333132333435363738\r\nRING\r\n", [("0312345678", None, None)]),
    (b"RING\r\nMESG = 030735353531323132\r\nRING\r\n", [("5551212", None, None)]),  # cnd.c
    (b"RING\r\nMESG = 020A30333132333435363738\r\nRING\r\n", [("0312345678", None, None)]),
    (b"RING\r\nMESG = 040150\r\nRING\r\n", [(None, None, "private")]),
    # Rockwell sends two MESG lines: the caller is read once
    (b"RING\r\nMESG = 030A30333132333435363738\r\nMESG = 110101\r\nRING\r\n",
     [("0312345678", None, None)]),
    # NMBR came first: it wins over the MESG
    (b"RING\r\nNMBR = 0471234567\r\nMESG = 030A30333132333435363738\r\nRING\r\n",
     [("0471234567", None, None)]),
    # a parameter that is no caller data, or not hex at all: just a ring
    (b"RING\r\nMESG = 110101\r\nRING\r\nRING\r\n", [(None, None, None)]),
    (b"RING\r\nMESG = 030A3033313233\r\nRING\r\nRING\r\n", [(None, None, None)]),  # short value
    (b"RING\r\nMESG = hello\r\nRING\r\nRING\r\n", [(None, None, None)]),
])
def test_rockwell_mesg_parameter_carries_the_number(raw, want):
    assert run(raw) == want


@pytest.mark.parametrize("raw, want", [
    (b"RING0612345678*3\r\nRING0612345678*3\r\nRING0612345678*3\r\n",
     [("0612345678", None, None)]),
    (b"RING0451234567\r\n" * 4, [("0451234567", None, None)]),
    (b"RING 0612345678*12\r\n", [("0612345678", None, None)]),
    (b"RING+81612345678\r\n", [("81612345678", None, None)]),
    (b"RING0612345678*3\r\nRING0471234567\r\n", [("0612345678", None, None),
                                                  ("0471234567", None, None)]),
])
def test_isdn_ring_with_the_caller_appended(raw, want):
    assert run(raw) == want


def test_isdn_ring_repeats_over_real_ring_cadence_are_one_call():
    p = ModemParser()
    events = []
    for i in range(5):  # Japanese ring cadence: 1 s on, 2 s off
        events += p.feed(b"RING0612345678*3\r\n", i * 3.0) + p.flush(i * 3.0 + 1.0)
    events += p.flush(100.0)
    events += p.feed(b"RING0612345678*3\r\n", 200.0) + p.flush(math.inf)  # a later call
    assert calls(events) == [("0612345678", None, None)] * 2


def test_a_short_digit_line_is_an_elink_number_even_if_it_reads_as_hex():
    # 80 03 02 01 30 would be an MDMF message with the number "0"
    assert run(b"RING\r\n8003020130\r\nRING\r\n") == [("8003020130", None, None)]
