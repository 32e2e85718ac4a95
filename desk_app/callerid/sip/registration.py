"""The REGISTER state machine, without sockets or clocks.

The agent sends what :meth:`RegistrationClient.request` builds and feeds back responses and
timeouts; the client answers with an :class:`Outcome` that says what the user should read
("wrong password", "registrar not answering") and when to try again. Keeping this pure is what
lets the unit tests walk through 401 → auth → 401 stale → auth → 200 without a registrar.

Retry policy, and why:
* one REGISTER is challenged (401/407) at most a few times; a second challenge to fresh
  credentials that is not ``stale=true`` means the password is wrong, and retrying at once
  would only make the router lock the extension: back off 30 s, doubling to 10 min;
* cached credentials are sent pre-emptively on refresh; a challenge to *those* is expected
  (nonce expired) and answered once more before blaming the password;
* no answer → "registrar not answering", retry after 5 s doubling to 2 min.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from desk_app.callerid.sip.digest import Challenge, authorization, best_challenge
from desk_app.callerid.sip.headers import ParseError
from desk_app.callerid.sip.message import SipMessage, build_request
from desk_app.callerid.sip.server import ALLOW
from desk_app.callerid.sip.uri import parse_name_addr
from desk_app.domain import messages
from desk_app.domain.messages import Problem

USER_AGENT = "PhoneOrderDesk"

messages.register({
    "sip.registering": ("{registrar} に内線登録しています", "registering with {registrar}"),
    "sip.stopped": ("停止しました", "stopped"),
    "sip.attempt_failed": ("内線登録の処理に失敗しました（{error}、ログを参照）",
                           "registration failed: {error}"),
    "sip.longer_expiry": ("登録サーバーがより長い有効期間を求めています。再登録します",
                          "registrar wants a longer expiry"),
    "sip.challenge": ("認証に応答しています", "answering digest challenge"),
    "sip.unregistered": ("内線登録を解除しました", "unregistered"),
    "sip.registered": ("内線 {extension} として登録済み", "registered as extension {extension}"),
    "sip.refused_user": ("登録サーバーがユーザーID {user} を拒否しました（{status} {reason}）",
                         "the registrar refused user ID {user} ({status} {reason})"),
    "sip.rejected_user": ("登録サーバーがユーザーID {user} の認証を拒否しました"
                          "（{status} {reason}）",
                          "the registrar rejected user ID {user} ({status} {reason})"),
    "sip.answered": ("登録サーバーが {status} {reason} と応答しました",
                     "registrar answered {status} {reason}"),
    "sip.bad_challenge": ("登録サーバーの認証要求に応答できません（{error}）",
                          "cannot answer the challenge: {error}"),
    "sip.no_answer": ("{address} から応答がありません", "no answer from {address}"),
    "sip.unreachable": ("{registrar}: {reason}", "{registrar}: {reason}"),
    # the state in front of the particulars ("wrong password: …"), glossary 内線登録
    "sip.state_detail": ("{state}: {detail}", "{state}: {detail}"),
    "sip.state.wrong_password": ("登録できません（パスワード誤り）", "wrong password"),
    "sip.state.not_answering": ("応答なし", "registrar not answering"),
    # the SIP listener and the registration test
    "sip.lan_address": ("LANのアドレス", "the LAN address"),
    "sip.host_port": ("{host}:{port}", "{host}:{port}"),
    "sip.cannot_listen": ("{where} でSIPを受信できません: {reason}（{delay:g}秒後に再試行）",
                          "cannot listen for SIP on {where}: {reason} (retrying in {delay:g} s)"),
    "sip.listener_failed": ("SIPの受信が止まりました（{error}、ログを参照）",
                            "SIP listener failed: {error}"),
    "sip.no_outcome": ("登録の結果がわかりません（{error}）", "no outcome: {error}"),
    "sip.cannot_register": ("登録できません: {reason}", "cannot register: {reason}"),
    "sip.timeout": ("時間内に登録の結果が届きませんでした", "no outcome within timeout"),
})


class RegState(str, enum.Enum):
    REGISTERING = "registering"
    REGISTERED = "registered"
    WRONG_PASSWORD = "wrong password"
    NOT_ANSWERING = "registrar not answering"
    REJECTED = "rejected"
    UNREGISTERED = "unregistered"


@dataclass(frozen=True, slots=True)
class RegistrationParams:
    registrar_host: str
    registrar_port: int
    extension: str  # the extension number: user part of From/To/Contact
    auth_user: str  # digest user ID (routers often make it differ from the extension)
    password: str
    local_host: str
    local_port: int
    expires: int = 600
    transport: str = "UDP"
    domain: str | None = None  # AOR domain; the registrar host when None

    @property
    def registrar_uri(self) -> str:
        host = _uri_host(self.registrar_host)
        return f"sip:{host}" if self.registrar_port == 5060 else f"sip:{host}:{self.registrar_port}"

    @property
    def aor(self) -> str:
        return f"sip:{self.extension}@{_uri_host(self.domain or self.registrar_host)}"

    @property
    def contact_uri(self) -> str:
        uri = f"sip:{self.extension}@{_uri_host(self.local_host)}:{self.local_port}"
        return uri + (";transport=tcp" if self.transport.upper() == "TCP" else "")


def _all_params(value: str) -> list[tuple[str, str]]:
    """Every ``name=value`` after the ``>`` of a name-addr, repeats included."""
    tail = value.rsplit(">", 1)[-1]
    pairs = (piece.partition("=") for piece in tail.split(";"))
    return [(k.strip().lower(), v.strip().strip('"')) for k, _, v in pairs if k.strip()]


def _uri_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a registration step came to. ``message`` says it as a code for the desk;
    ``detail`` is its English rendering (logs, the CLI), filled from ``message``."""

    state: RegState
    detail: str = ""
    retry_in: float | None = None  # seconds until the next REGISTER (refresh or retry)
    expires: int | None = None  # granted registration lifetime
    resend: bytes | None = None  # send this at once and keep waiting (auth round)
    status: int | None = None  # the final response code, if any
    stale: bool = False  # the resend answers a stale=true challenge (nonce expired)
    message: Problem | None = None

    def __post_init__(self) -> None:
        if self.message is not None and not self.detail:
            object.__setattr__(self, "detail", self.message.text("en"))


def refresh_delay(granted: int) -> float:
    """Re-register well before expiry: 60 s early for long lifetimes, 20 % early for short."""
    return max(1.0, granted - min(60.0, max(1.0, granted * 0.2)))


class RegistrationClient:
    def __init__(self, params: RegistrationParams) -> None:
        self.params = params
        self.call_id = secrets.token_hex(12) + "@" + params.local_host
        self.from_tag = secrets.token_hex(6)
        self.branch = ""
        self._cseq = 0
        self._challenge: Challenge | None = None
        self._nc = 0
        self._fresh_challenge = False  # current request answers a challenge of this attempt
        self._auth_rounds = 0
        self._expires = params.expires
        self._failures = 0
        self._unregistering = False

    def request(self, *, unregister: bool = False) -> bytes:
        """Start a new attempt (register, refresh or unregister)."""
        self._auth_rounds = 0
        self._fresh_challenge = False
        self._unregistering = unregister
        return self._build()

    def _build(self) -> bytes:
        p = self.params
        self._cseq += 1
        self.branch = "z9hG4bK" + secrets.token_hex(10)
        expires = 0 if self._unregistering else self._expires
        headers = [
            ("Via", (f"SIP/2.0/{p.transport.upper()} {_uri_host(p.local_host)}:{p.local_port}"
                     f";rport;branch={self.branch}")),
            ("Max-Forwards", "70"),
            ("From", f"<{p.aor}>;tag={self.from_tag}"),
            ("To", f"<{p.aor}>"),
            ("Call-ID", self.call_id),
            ("CSeq", f"{self._cseq} REGISTER"),
            ("Contact", f"<{p.contact_uri}>"),
            ("Expires", str(expires)),
            ("Allow", ALLOW),
            ("User-Agent", USER_AGENT),
        ]
        if self._challenge is not None:
            self._nc += 1
            headers.append((self._challenge.header_name, authorization(
                self._challenge, method="REGISTER", uri=p.registrar_uri, username=p.auth_user,
                password=p.password, cnonce=secrets.token_hex(8), nc=self._nc)))
        return build_request("REGISTER", p.registrar_uri, headers)

    def matches(self, msg: SipMessage) -> bool:
        try:
            return (msg.status is not None and msg.call_id == self.call_id
                    and msg.cseq == (self._cseq, "REGISTER") and msg.top_via.branch == self.branch)
        except ParseError:
            return False

    def on_response(self, msg: SipMessage) -> Outcome | None:
        """Digest a response to the current REGISTER; None while it is only provisional."""
        status = msg.status or 0
        if status < 200:
            return None
        if 200 <= status < 300:
            return self._success(msg)
        if status in (401, 407):
            return self._challenged(msg, status)
        if status == 403:
            return self._fail(RegState.WRONG_PASSWORD, Problem("sip.refused_user", {
                "user": self.params.auth_user, "status": status, "reason": msg.reason}), status)
        if status == 423 and self._auth_rounds < 4:
            min_expires = (msg.get("Min-Expires") or "").strip()
            if min_expires.isdigit() and int(min_expires) > self._expires:
                self._expires = int(min_expires)
                self._auth_rounds += 1
                return Outcome(RegState.REGISTERING, message=Problem("sip.longer_expiry"),
                               resend=self._build())
        retry_after = (msg.get("Retry-After") or "").split(";")[0].strip()
        outcome = self._fail(RegState.REJECTED, Problem("sip.answered", {
            "status": status, "reason": msg.reason}), status)
        if retry_after.isdigit():
            outcome = Outcome(outcome.state, outcome.detail, float(retry_after), status=status,
                              message=outcome.message)
        return outcome

    def _challenged(self, msg: SipMessage, status: int) -> Outcome:
        proxy = status == 407
        try:
            challenge = best_challenge(
                msg.get_all("Proxy-Authenticate" if proxy else "WWW-Authenticate"), proxy=proxy)
        except ParseError as exc:
            return self._fail(RegState.REJECTED, Problem("sip.bad_challenge", {"error": str(exc)}),
                              status)
        if (self._fresh_challenge and not challenge.stale) or self._auth_rounds >= 3:
            self._challenge = None
            return self._fail(RegState.WRONG_PASSWORD, Problem("sip.rejected_user", {
                "user": self.params.auth_user, "status": status, "reason": msg.reason}), status)
        self._challenge, self._nc = challenge, 0
        self._fresh_challenge = True
        self._auth_rounds += 1
        return Outcome(RegState.REGISTERING, message=Problem("sip.challenge"),
                       resend=self._build(), stale=challenge.stale)

    def _success(self, msg: SipMessage) -> Outcome:
        self._failures = 0
        if self._unregistering:
            return Outcome(RegState.UNREGISTERED, message=Problem("sip.unregistered"),
                           status=msg.status)
        granted = self._granted_expires(msg)
        return Outcome(RegState.REGISTERED, "", refresh_delay(granted), granted,
                       status=msg.status,
                       message=Problem("sip.registered", {"extension": self.params.extension}))

    def _granted_expires(self, msg: SipMessage) -> int:
        """The lifetime the registrar granted to *our* contact (RFC 3261 §10.2.4).

        Registrars that echo our Contact may append their own ``expires`` and an Expires
        header as well; the smallest stated value is taken, since refreshing early is harmless
        and refreshing late loses calls."""
        mine = self.params.contact_uri.split(";")[0]
        stated: list[int] = []
        for value in msg.values("Contact"):
            try:
                na = parse_name_addr(value)
            except ParseError:
                continue
            uri = na.uri
            if f"sip:{uri.user}@{_uri_host(uri.host)}:{uri.port}" == mine:
                stated += [int(v) for k, v in _all_params(value) if k == "expires" and v.isdigit()]
        header = (msg.get("Expires") or "").strip()
        if header.isdigit():
            stated.append(int(header))
        return min(stated) if stated else self._expires

    def on_timeout(self) -> Outcome:
        return self._fail(RegState.NOT_ANSWERING, Problem("sip.no_answer", {
            "address": f"{self.params.registrar_host}:{self.params.registrar_port}"}))

    def on_unreachable(self, reason: Problem, detail: str = "") -> Outcome:
        """The registrar cannot be reached (*detail*: the English text, when it is the
        operating system's own)."""
        outcome = self._fail(RegState.NOT_ANSWERING, reason)
        return Outcome(outcome.state, detail, outcome.retry_in, message=reason)

    def _fail(self, state: RegState, message: Problem, status: int | None = None) -> Outcome:
        self._failures += 1
        base, cap = (5.0, 120.0) if state is RegState.NOT_ANSWERING else (30.0, 600.0)
        delay = min(cap, base * 2 ** min(self._failures - 1, 10))
        return Outcome(state, retry_in=delay, status=status, message=message)
