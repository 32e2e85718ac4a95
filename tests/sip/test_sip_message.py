"""The pure message layer: parsing liberal input, building responses, redacting credentials."""

from __future__ import annotations

import pytest

from desk_app.callerid.sip.headers import (
    ParseError,
    canonical_name,
    parse_auth_params,
    parse_cseq,
    parse_params,
    parse_via,
    split_list,
)
from desk_app.callerid.sip.message import build_request, build_response, parse_message, redact
from desk_app.callerid.sip.uri import parse_name_addr, parse_uri

INVITE = (
    "INVITE sip:3@192.168.1.20:5062 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.168.1.1:5060;branch=z9hG4bK-1;rport\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-0\r\n"
    'From: "山田" <sip:0312345678@ntt-east.ne.jp>;tag=f1\r\n'
    "To: <sip:3@192.168.1.1>\r\n"
    "Call-ID: c1@192.168.1.1\r\n"
    "CSeq: 7 INVITE\r\n"
    "Authorization: Digest username=\"3\", response=\"deadbeef\"\r\n"
    " , nonce=\"folded\"\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\r\nEXTRA"
)


def test_parses_request_line_headers_and_body_cut_at_content_length():
    msg = parse_message(INVITE.encode())
    assert (msg.method, msg.uri, msg.status) == ("INVITE", "sip:3@192.168.1.20:5062", None)
    assert msg.call_id == "c1@192.168.1.1"
    assert msg.cseq == (7, "INVITE")
    assert msg.top_via.branch == "z9hG4bK-1" and msg.top_via.port == 5060
    assert len(msg.values("Via")) == 2
    assert msg.body == b"v=0\r"


def test_parses_status_line():
    msg = parse_message(b"SIP/2.0 401 Unauthorized\r\nCall-ID: x\r\n\r\n")
    assert msg.status == 401 and msg.reason == "Unauthorized" and not msg.is_request


@pytest.mark.parametrize("name, canonical", [
    ("f", "From"), ("T", "To"), ("i", "Call-ID"), ("v", "Via"), ("m", "Contact"),
    ("l", "Content-Length"), ("cALL-iD", "Call-ID"), ("cseq", "CSeq"),
    ("p-asserted-identity", "P-Asserted-Identity"), ("www-authenticate", "WWW-Authenticate"),
    ("x-custom-thing", "X-Custom-Thing"),
])
def test_header_names_any_case_and_compact(name, canonical):
    assert canonical_name(name) == canonical


def test_spaces_before_colon_folding_and_lf_only():
    raw = ("INVITE sip:3@h SIP/2.0\n"
           "FROM   : <sip:0312345678@h>\n"
           "  ;tag=abc\n"
           "t:<sip:3@h>\n"
           "i :x\n\n")
    msg = parse_message(raw.encode())
    assert msg.get("From") == "<sip:0312345678@h> ;tag=abc"
    assert parse_name_addr(msg.get("From")).params == {"tag": "abc"}
    assert msg.get("to") == "<sip:3@h>" and msg.call_id == "x"


def test_leading_crlf_keepalives_are_ignored_and_bare_keepalive_is_not_a_message():
    assert parse_message(b"\r\n\r\nOPTIONS sip:h SIP/2.0\r\n\r\n").method == "OPTIONS"
    with pytest.raises(ParseError):
        parse_message(b"\r\n\r\n")


@pytest.mark.parametrize("junk", [
    b"", b"hello", b"\x00\x01\x02", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"INVITE sip:x SIP/2.0 extra\r\n\r\n", b"SIP/2.0 99 Too Low\r\n\r\n", b"SIP/2.0 abc\r\n",
    b"IN<VITE sip:x SIP/2.0\r\n\r\n",
])
def test_junk_raises_parse_error(junk):
    with pytest.raises(ParseError):
        parse_message(junk)


def test_header_count_is_capped():
    raw = "OPTIONS sip:h SIP/2.0\r\n" + "X-A: 1\r\n" * 200 + "\r\n"
    with pytest.raises(ParseError, match="header"):
        parse_message(raw.encode())
    assert len(parse_message(raw.encode(), max_headers=500).headers) == 200


def test_unreadable_header_lines_are_skipped_not_fatal():
    msg = parse_message(b"INVITE sip:3@h SIP/2.0\r\nthis line has no colon\r\nFrom: <sip:1@h>\r\n\r\n")
    assert msg.get("From") == "<sip:1@h>" and msg.defects == 1


def test_utf8_and_cp932_display_names():
    utf8 = 'INVITE sip:3@h SIP/2.0\r\nFrom: "ヤマダ" <sip:1@h>\r\n\r\n'.encode()
    sjis = 'INVITE sip:3@h SIP/2.0\r\nFrom: "ヤマダ" <sip:1@h>\r\n\r\n'.encode("cp932")
    for raw in (utf8, sjis):
        assert parse_name_addr(parse_message(raw).get("From")).display == "ヤマダ"


def test_redact_removes_authorization_and_its_folded_lines_only():
    text = redact(parse_message(INVITE.encode()).text)
    assert "Authorization" not in text and "deadbeef" not in text and "folded" not in text
    assert "Content-Type: application/sdp" in text and "CSeq: 7 INVITE" in text
    assert "Proxy-Authorization" not in redact("A: 1\r\nproxy-authorization : Digest x\r\nB: 2\r\n")


def test_build_response_mirrors_request_and_adds_tag_rport_received():
    msg = parse_message(INVITE.encode())
    resp = parse_message(build_response(msg, 180, "Ringing", to_tag="tt",
                                        received=("192.168.1.1", 5999)))
    assert resp.status == 180 and resp.call_id == msg.call_id and resp.cseq == (7, "INVITE")
    vias = resp.values("Via")
    assert len(vias) == 2
    assert parse_via(vias[0]).params == {"branch": "z9hG4bK-1", "rport": "5999",
                                         "received": "192.168.1.1"}
    assert parse_name_addr(resp.get("To")).params["tag"] == "tt"
    assert resp.get("From") == msg.get("From")
    trying = parse_message(build_response(msg, 100, "Trying", to_tag="tt"))
    assert "tag" not in parse_name_addr(trying.get("To")).params  # 100 carries no To tag


def test_build_request_sets_content_length():
    data = build_request("OPTIONS", "sip:h", [("Call-ID", "x")], b"abc")
    msg = parse_message(data)
    assert msg.get("Content-Length") == "3" and msg.body == b"abc"


def test_split_list_respects_quotes_and_brackets():
    assert split_list('"Doe, John" <sip:1@h;a=b,c>, <tel:+8131>,  ') == [
        '"Doe, John" <sip:1@h;a=b,c>', "<tel:+8131>"]


def test_params_and_cseq_and_via_spacing():
    assert parse_params(' ; tag = abc ;lr; q="0.5"') == {"tag": "abc", "lr": "", "q": "0.5"}
    assert parse_cseq("0009\t INVITE") == (9, "INVITE")
    via = parse_via("SIP  /   2.0 / UDP    [2001:db8::1]:5070 ; branch = z9hG4bKx")
    assert (via.transport, via.host, via.port, via.branch) == ("UDP", "[2001:db8::1]", 5070,
                                                              "z9hG4bKx")
    for bad in ("SIP/2.0", "SIP/2.0/UDP", "SIP/2.0/UDP host:99999"):
        with pytest.raises(ParseError):
            parse_via(bad)


def test_auth_params_keep_commas_inside_quotes():
    scheme, params = parse_auth_params('Digest realm="a,b", qop="auth,auth-int", stale=TRUE')
    assert scheme == "digest"
    assert params == {"realm": "a,b", "qop": "auth,auth-int", "stale": "TRUE"}


@pytest.mark.parametrize("text, scheme, user, host, port", [
    ("sip:0312345678@ntt-east.ne.jp", "sip", "0312345678", "ntt-east.ne.jp", None),
    ("sip:+81312345678;npdi;rn=x@h:5060;user=phone", "sip", "+81312345678", "h", 5060),
    ("SIPS:alice:pw@Example.COM", "sips", "alice", "example.com", None),
    ("tel:+81-3-1234-5678;phone-context=x", "tel", "+81-3-1234-5678", "", None),
    ("sip:%30%33%31@h", "sip", "031", "h", None),
    ("sip:h.example", "sip", "", "h.example", None),
    ("0312345678@192.168.1.1", "", "0312345678", "192.168.1.1", None),
    ("sip:1@[::1]:5062;transport=udp", "sip", "1", "[::1]", 5062),
    ("urn:service:sos", "urn", "", "", None),
])
def test_uri_forms(text, scheme, user, host, port):
    uri = parse_uri(text)
    assert (uri.scheme, uri.user, uri.host, uri.port) == (scheme, user, host, port)


@pytest.mark.parametrize("value, display, user, params", [
    ('"A \\"B\\"" <sip:1@h>;tag=x', 'A "B"', "1", {"tag": "x"}),
    ("Bob  Smith<sip:2@h>", "Bob Smith", "2", {}),
    ("sip:3@h;tag=y", None, "3", {"tag": "y"}),
    ('"" <sip:4@h>', "", "4", {}),
    ('"Unclosed <sip:5@h>;tag=z', "Unclosed", "5", {"tag": "z"}),
    ("<sip:6@h;user=phone", None, "6", {}),
])
def test_name_addr_forms(value, display, user, params):
    na = parse_name_addr(value)
    assert (na.display, na.uri.user, na.params) == (display, user, params)
