"""Caller extraction: the shared corpus and our own RFC/real-world cases through the pure API
and through `desk-app sip parse`, plus the rules one by one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sip_helpers import APP, APP_SHELL, OWN_CASES, SHARED_CORPUS, load_cases

from desk_app.callerid.sip.caller import call_event, extract_caller, national_form
from desk_app.callerid.sip.message import parse_message
from desk_app.domain.call_event import Withheld

SHARED_CASES = load_cases(SHARED_CORPUS)
OWN = load_cases(OWN_CASES)


def _as_dict(raw: bytes) -> dict:
    event = call_event(parse_message(raw))
    return {k: event.to_json_dict()[k] for k in ("number", "name", "withheld")}


def test_corpora_are_there():
    assert len(SHARED_CASES) >= 14, f"shared SIP corpus missing at {SHARED_CORPUS}"
    assert len(OWN) >= 18


@pytest.mark.parametrize("case", SHARED_CASES + OWN, ids=[c["id"] for c in SHARED_CASES + OWN])
def test_pure_api_matches_case(case):
    assert _as_dict(case["raw"]) == case["expect"], case["note"]


@pytest.mark.parametrize("corpus", [SHARED_CORPUS, OWN_CASES], ids=["shared", "own"])
def test_cli_passes_corpus_checker(corpus):
    out = subprocess.run(
        [sys.executable, str(SHARED_CORPUS.parent / "corpus-check.py"), "--corpus", str(corpus),
         "--ids", "all", "--cmd", f"{APP_SHELL} sip parse"],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 failed" in out.stdout.splitlines()[-1]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"hello world\n", "not a SIP"),
    (b"\xff\xfe\x00garbage", "not a SIP"),
    (b"OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n", "no From"),
    (b"INVITE sip:x SIP/2.0\r\n" + b"X: y\r\n" * 300 + b"\r\n", "header"),
])
def test_cli_rejects_malformed_input_with_exit_2_and_no_traceback(data, message):
    out = subprocess.run([*APP, "sip", "parse"], input=data, capture_output=True,
                         timeout=30)
    assert out.returncode == 2
    assert out.stdout == b""
    assert message in out.stderr.decode() and b"Traceback" not in out.stderr


def test_cli_output_is_exactly_the_contract_keys():
    import json

    raw = (SHARED_CORPUS / "SIPC07" / "invite.sip").read_bytes()
    out = subprocess.run([*APP, "sip", "parse"], input=raw, capture_output=True, timeout=30)
    assert json.loads(out.stdout) == {"number": "0298765432", "name": "ヤマダ タロウ",
                                      "withheld": None}


def _msg(*headers: str) -> bytes:
    return ("INVITE sip:3@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:3@h>\r\n"
            "Call-ID: x\r\nCSeq: 1 INVITE\r\n" + "".join(h + "\r\n" for h in headers)
            + "\r\n").encode()


def caller(*headers: str):
    return extract_caller(parse_message(_msg(*headers)))


def test_pai_beats_rpid_beats_from():
    c = caller('From: "Fr" <sip:0311111111@h>', 'Remote-Party-ID: "Rp" <sip:0322222222@h>',
               'P-Asserted-Identity: "Pa" <sip:0333333333@h>')
    assert (c.number, c.name) == ("0333333333", "Pa")
    c = caller('From: "Fr" <sip:0311111111@h>', 'Remote-Party-ID: "Rp" <sip:0322222222@h>')
    assert (c.number, c.name) == ("0322222222", "Rp")
    c = caller('From: "Fr" <sip:0311111111@h>', "P-Asserted-Identity: <sip:0333333333@h>")
    assert (c.number, c.name) == ("0333333333", "Fr")  # no display name there: From's


def test_anonymous_pai_is_skipped_and_from_is_used():
    c = caller("From: <sip:0311111111@h>", "P-Asserted-Identity: <sip:anonymous@anonymous.invalid>")
    assert (c.number, c.withheld) == ("0311111111", None)


def test_only_anonymous_identities_mean_private_and_no_name():
    c = caller('From: "Yamada" <sip:someone@anonymous.invalid>')
    assert (c.number, c.name, c.withheld) == (None, None, Withheld.PRIVATE)


def test_display_name_never_decides_privacy():
    c = caller('From: "Anonymous" <sip:0311111111@h>')
    assert (c.number, c.withheld) == ("0311111111", None)
    c = caller('From: "非通知" <sip:0311111111@h>')
    assert (c.number, c.name, c.withheld) == ("0311111111", "非通知", None)


def test_rpid_privacy_name_hides_only_the_name():
    c = caller('Remote-Party-ID: "Sato" <sip:0311111111@h>;party=calling;privacy=name',
               "From: <sip:0311111111@h>")
    assert (c.number, c.name, c.withheld) == ("0311111111", None, None)


def test_preferred_called_and_custom_headers_are_never_the_caller():
    c = caller("From: <sip:alice@h>", "P-Preferred-Identity: <sip:0311111111@h>",
               "P-Called-Party-ID: <sip:0322222222@h>", "X-CallerID: 0333333333")
    assert c.number is None and c.withheld is None


def test_several_pai_headers_and_list_values_in_order():
    c = caller("From: <sip:x@h>", 'P-Asserted-Identity: "Corp" <sip:desk@h>',
               "P-Asserted-Identity: <sip:anonymous@h>, <tel:+81-45-123-4567;ext=1>")
    assert (c.number, c.name) == ("0451234567", "Corp")


def test_unparsable_identity_value_does_not_hide_the_others():
    c = caller('From: <sip:0311111111@h>', 'P-Asserted-Identity: "broken')
    assert c.number == "0311111111"


@pytest.mark.parametrize("digits, national", [
    ("81312345678", "0312345678"),
    ("819012345678", "09012345678"),
    ("81120123456", "0120123456"),
    ("810312345678", "0312345678"),
    ("81501234567", "0501234567"),
    ("14085264000", "14085264000"),
    ("442079460000", "442079460000"),
])
def test_national_form(digits, national):
    assert national_form(digits) == national


def test_internal_extension_is_reported_and_marked_internal():
    event = call_event(parse_message(_msg("From: <sip:1@hgw>")))
    assert event.number == "1" and event.is_internal and event.source == "sip"


def test_event_fields_line_call_id_and_redacted_raw():
    raw = _msg('From: "A" <sip:0311111111@h>', 'Authorization: Digest username="3", response="x"')
    event = call_event(parse_message(raw), line="3")
    assert (event.line, event.call_id, event.source) == ("3", "x", "sip")
    assert "Authorization" not in event.raw and "From:" in event.raw
    assert call_event(parse_message(raw)).line == "3"  # the To user when no extension is given
