"""Digest authentication (RFC test vectors) and the REGISTER state machine, without sockets."""

from __future__ import annotations

import hashlib

import pytest

from desk_app.callerid.sip.digest import (
    authorization,
    best_challenge,
    digest_response,
    parse_challenge,
)
from desk_app.callerid.sip.headers import ParseError, parse_auth_params
from desk_app.callerid.sip.message import parse_message
from desk_app.callerid.sip.registration import (
    RegistrationClient,
    RegistrationParams,
    RegState,
    refresh_delay,
)

RFC2617 = ('Digest realm="testrealm@host.com", qop="auth,auth-int", '
           'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
RFC7616 = ('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={alg}, '
           'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
           'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')


def test_rfc2617_example():
    response, qop = digest_response(parse_challenge(RFC2617), method="GET", uri="/dir/index.html",
                                    username="Mufasa", password="Circle Of Life",
                                    cnonce="0a4f113b", nc=1)
    assert (response, qop) == ("6629fae49393a05397450978507c4ef1", "auth")


@pytest.mark.parametrize("alg, expected", [
    ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
])
def test_rfc7616_examples(alg, expected):
    response, _ = digest_response(parse_challenge(RFC7616.format(alg=alg)), method="GET",
                                  uri="/dir/index.html", username="Mufasa",
                                  password="Circle of Life",
                                  cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", nc=1)
    assert response == expected


def test_authorization_header_echoes_opaque_and_counts_nc():
    header = authorization(parse_challenge(RFC2617), method="REGISTER", uri="sip:hgw",
                           username="3", password="pw", cnonce="abc", nc=2)
    scheme, params = parse_auth_params(header)
    assert scheme == "digest"
    assert params["opaque"] == "5ccc069c403ebaf9f0171e9517f40e41"
    assert (params["qop"], params["nc"], params["cnonce"]) == ("auth", "00000002", "abc")
    assert params["username"] == "3" and params["uri"] == "sip:hgw"


def test_no_qop_is_rfc2069_style():
    challenge = parse_challenge('Digest realm="asterisk", nonce="507e1f88", algorithm=MD5')
    header = authorization(challenge, method="REGISTER", uri="sip:h", username="u", password="p",
                           cnonce="c")
    _, params = parse_auth_params(header)
    def md5(s: str) -> str:
        return hashlib.md5(s.encode()).hexdigest()

    expected = md5(f"{md5('u:asterisk:p')}:507e1f88:{md5('REGISTER:sip:h')}")
    assert params["response"] == expected and "qop" not in params and "nc" not in params


def test_md5_sess_and_stale_and_strongest_choice():
    sess = parse_challenge('Digest realm="r", nonce="n", algorithm=MD5-sess, qop="auth", stale=true')
    assert sess.stale and sess.base_algorithm == "md5"
    best = best_challenge(['Basic realm="x"', 'Digest realm="r", nonce="n", algorithm=MD5',
                           'Digest realm="r", nonce="n", algorithm=SHA-256'])
    assert best.algorithm == "SHA-256"
    for bad in ('Basic realm="x"', 'Digest realm="r"', 'Digest nonce="n", algorithm=SHA-1'):
        with pytest.raises(ParseError):
            parse_challenge(bad)


# -- the state machine ----------------------------------------------------------------------
PARAMS = RegistrationParams(registrar_host="192.168.1.1", registrar_port=5060, extension="3",
                            auth_user="user3", password="secret", local_host="192.168.1.20",
                            local_port=5062, expires=600)


def respond(client: RegistrationClient, request: bytes, status: int, reason: str, *headers: str):
    req = parse_message(request)
    lines = [f"SIP/2.0 {status} {reason}", *(f"Via: {v}" for v in req.values("Via")),
             f"From: {req.get('From')}", f"To: {req.get('To')};tag=r", f"Call-ID: {req.call_id}",
             f"CSeq: {req.get('CSeq')}", *headers, "Content-Length: 0", "", ""]
    msg = parse_message("\r\n".join(lines).encode())
    assert client.matches(msg)
    return client.on_response(msg)


CHALLENGE = 'WWW-Authenticate: Digest realm="hgw", nonce="n1", qop="auth", opaque="op"'


def test_register_request_uses_extension_in_aor_and_auth_user_in_digest():
    client = RegistrationClient(PARAMS)
    req = parse_message(client.request())
    assert req.method == "REGISTER" and req.uri == "sip:192.168.1.1"
    assert "sip:3@192.168.1.1" in req.get("From") and "sip:3@192.168.1.1" in req.get("To")
    assert req.get("Contact") == "<sip:3@192.168.1.20:5062>" and req.get("Expires") == "600"
    assert req.get("Authorization") is None
    outcome = respond(client, client.request(), 401, "Unauthorized", CHALLENGE)
    assert outcome.state is RegState.REGISTERING and outcome.resend
    auth = parse_message(outcome.resend)
    _, params = parse_auth_params(auth.get("Authorization"))
    assert params["username"] == "user3" and params["opaque"] == "op" and params["nc"] == "00000001"
    assert auth.cseq[0] == req.cseq[0] + 2  # a new CSeq for every request, same Call-ID
    assert auth.call_id == req.call_id


def test_success_reads_granted_expiry_from_our_contact():
    client = RegistrationClient(PARAMS)
    outcome = respond(client, client.request(), 200, "OK",
                      "Contact: <sip:3@192.168.1.99:5062>;expires=3600",
                      "Contact: <sip:3@192.168.1.20:5062>;expires=120", "Expires: 999")
    assert (outcome.state, outcome.expires) == (RegState.REGISTERED, 120)
    echoed = respond(client, client.request(), 200, "OK",  # sipp's scenario echoes and appends
                     "Contact: <sip:3@192.168.1.20:5062>;expires=600;expires=60")
    assert echoed.expires == 60
    assert respond(client, client.request(), 200, "OK").expires == 600  # nothing stated
    assert outcome.retry_in == refresh_delay(120) < 120


def test_refresh_delay_is_always_before_expiry():
    for granted in (1, 2, 4, 10, 60, 600, 3600):
        assert 0 < refresh_delay(granted) < granted or granted == 1
    assert refresh_delay(3600) == 3540


def test_wrong_password_after_fresh_challenge_and_backoff_grows():
    client = RegistrationClient(PARAMS)
    delays = []
    for _ in range(3):
        first = respond(client, client.request(), 401, "Unauthorized", CHALLENGE)
        second = respond(client, first.resend, 401, "Unauthorized", CHALLENGE)
        assert second.state is RegState.WRONG_PASSWORD and second.resend is None
        delays.append(second.retry_in)
    assert delays == [30.0, 60.0, 120.0]


def test_stale_nonce_is_retried_not_blamed_on_the_password():
    client = RegistrationClient(PARAMS)
    first = respond(client, client.request(), 401, "Unauthorized", CHALLENGE)
    stale = respond(client, first.resend, 401, "Unauthorized",
                    'WWW-Authenticate: Digest realm="hgw", nonce="n2", qop="auth", stale=true')
    assert stale.state is RegState.REGISTERING and stale.resend
    assert 'nonce="n2"' in parse_message(stale.resend).get("Authorization")
    assert respond(client, stale.resend, 200, "OK", "Expires: 60").state is RegState.REGISTERED


def test_refresh_sends_cached_credentials_and_survives_one_new_challenge():
    client = RegistrationClient(PARAMS)
    first = respond(client, client.request(), 401, "Unauthorized", CHALLENGE)
    respond(client, first.resend, 200, "OK", "Expires: 60")
    refresh = client.request()
    _, params = parse_auth_params(parse_message(refresh).get("Authorization"))
    assert params["nc"] == "00000002"  # same nonce, next count
    again = respond(client, refresh, 401, "Unauthorized",
                    'WWW-Authenticate: Digest realm="hgw", nonce="n3", qop="auth"')
    assert again.state is RegState.REGISTERING  # not "wrong password": the nonce was old
    assert respond(client, again.resend, 200, "OK").state is RegState.REGISTERED


def test_403_timeout_and_rejection_states():
    client = RegistrationClient(PARAMS)
    assert respond(client, client.request(), 403, "Forbidden").state is RegState.WRONG_PASSWORD
    timeout = client.on_timeout()
    assert timeout.state is RegState.NOT_ANSWERING and timeout.retry_in == 5.0 * 2
    busy = respond(client, client.request(), 503, "Service Unavailable", "Retry-After: 42")
    assert (busy.state, busy.retry_in) == (RegState.REJECTED, 42.0)


def test_423_raises_expiry_to_min_expires():
    client = RegistrationClient(PARAMS)
    outcome = respond(client, client.request(), 423, "Interval Too Brief", "Min-Expires: 1800")
    assert parse_message(outcome.resend).get("Expires") == "1800"


def test_unregister_sends_expires_zero():
    client = RegistrationClient(PARAMS)
    req = parse_message(client.request(unregister=True))
    assert req.get("Expires") == "0"
    assert respond(client, client.request(unregister=True), 200, "OK").state is RegState.UNREGISTERED


def test_responses_for_other_transactions_do_not_match():
    client = RegistrationClient(PARAMS)
    client.request()
    other = parse_message(b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKother\r\n"
                          b"Call-ID: nope\r\nCSeq: 1 REGISTER\r\n\r\n")
    assert not client.matches(other)
