"""Property tests: whatever arrives, the parser and the caller rules raise only ParseError."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sip_helpers import OWN_CASES, SHARED_CORPUS, load_cases

from desk_app.callerid.sip.caller import call_event
from desk_app.callerid.sip.headers import ParseError
from desk_app.callerid.sip.message import build_response, parse_message
from desk_app.callerid.sip.server import RequestServer
from desk_app.callerid.sip.stream import split_stream
from desk_app.callerid.sip.transactions import CallTable, transaction_key

SEEDS = [c["raw"] for c in load_cases(SHARED_CORPUS) + load_cases(OWN_CASES)]
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that matter to the grammar, so mutations hit the interesting paths.
TRICKY = [b"\r\n", b"\n", b" ", b"\t", b":", b";", b",", b"<", b">", b'"', b"\\", b"@", b"=",
          b"%", b"+81", b"sip:", b"tel:", b"\x00", b"\xff", b"\xe3\x81", b"anonymous", b"tag=",
          b"Privacy: id\r\n", b"P-Asserted-Identity: ", b"Via: SIP/2.0/UDP ", b"CSeq: 1 "]


def full_pipeline(data: bytes) -> None:
    """Everything the agent does with a packet short of sending it."""
    try:
        msg = parse_message(data)
    except ParseError:
        return
    event = call_event(msg)
    assert isinstance(event.raw, str)
    number = event.number  # 1-15 ASCII digits or nothing, whatever the headers say
    assert number is None or (number.isascii() and number.isdigit() and len(number) <= 15)
    try:
        transaction_key(msg)
        build_response(msg, 180, "Ringing", to_tag="t", received=("127.0.0.1", 5060))
    except ParseError:
        pass


SERVER = RequestServer(CallTable(max_calls=4, ring_timeout=1.0), Counter(), line="3",
                       contact=lambda: "sip:3@127.0.0.1:5062", deliver=lambda event, raw: None)


def serve(data: bytes) -> None:
    """The request handling of the agent (answers go nowhere) with state carried over."""
    try:
        SERVER.handle(parse_message(data), ("127.0.0.1", 5060), lambda d, a: None, False, 0.0)
    except ParseError:
        pass
    SERVER.tick(2.0, lambda d, a: None)


@SETTINGS
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    full_pipeline(data)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if action == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif action == "insert":
            data[pos:pos] = draw(st.sampled_from(TRICKY))
        elif action == "delete":
            del data[pos:pos + draw(st.integers(1, 16))]
        elif action == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 64))]
    return bytes(data)


@SETTINGS
@given(mutated())
def test_mutated_invites(data):
    full_pipeline(data)
    serve(data)
    serve(data.replace(b"INVITE", b"CANCEL"))


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_headers(text):
    full_pipeline(b"INVITE sip:3@h SIP/2.0\r\nFrom: " + text.encode("utf-8", "surrogatepass")
                  + b"\r\nP-Asserted-Identity: " + text[::-1].encode("utf-8", "surrogatepass")
                  + b"\r\n\r\n")


@SETTINGS
@given(st.lists(st.sampled_from(SEEDS + [b"\r\n\r\n", b"garbage"]), max_size=4),
       st.integers(1, 700))
def test_stream_framing_never_raises_anything_else(messages, chunk):
    buffer = bytearray()
    stream = b"".join(messages)
    try:
        for start in range(0, len(stream), chunk):
            buffer += stream[start:start + chunk]
            for message in split_stream(buffer):
                full_pipeline(message)
    except ParseError:
        pass


@SETTINGS
@given(st.text(alphabet="0123456789+-٣３*#", min_size=1, max_size=40))
def test_identity_users_give_numbers_of_1_to_15_ascii_digits(user):
    full_pipeline(f"INVITE sip:3@h SIP/2.0\r\nFrom: <sip:{user}@h>\r\n"
                  f"P-Asserted-Identity: <tel:{user}>\r\n\r\n".encode())
