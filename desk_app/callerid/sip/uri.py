"""SIP/tel URIs and name-addr values (``"Name" <sip:user@host>;tag=x``).

Only what caller identification and response building need is modelled: scheme, user (the
number), host, port and parameters. URI and user parameters are stripped from the user part
because routers append things like ``;npdi`` or ``;isup-oli=00`` to the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote as percent_decode

from desk_app.callerid.sip.headers import ParseError, parse_params, split_hostport, unquote

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-.")


@dataclass(frozen=True, slots=True)
class Uri:
    scheme: str  # lower-case: "sip", "sips", "tel", another scheme, or "" when none was written
    user: str  # percent-decoded user part without user parameters (tel: the number)
    host: str = ""
    port: int | None = None
    params: dict[str, str] = field(default_factory=dict)
    raw: str = ""


@dataclass(frozen=True, slots=True)
class NameAddr:
    display: str | None  # None when absent; may be "" when written as ""
    uri: Uri
    params: dict[str, str] = field(default_factory=dict)


def parse_uri(text: str) -> Uri:
    """Parse ``sip:user:pw@host:port;params?headers``, ``tel:+81-3-...;phone-context=..``,
    other schemes (kept opaque) and the scheme-less ``user@host`` some PBXs write."""
    raw = text.strip()
    if not raw:
        raise ParseError("empty URI")
    scheme, rest = _split_scheme(raw)
    if scheme == "tel":
        number, _, params = rest.partition(";")
        return Uri("tel", percent_decode(number.strip()), "", None, parse_params(params), raw)
    if scheme not in ("sip", "sips", ""):
        return Uri(scheme, "", "", None, {}, raw)
    userinfo, at, hostpart = rest.partition("@")
    if not at:
        userinfo, hostpart = "", rest
    user = userinfo.split(":", 1)[0].split(";", 1)[0]  # drop password and user params
    hostport, _, _headers = hostpart.partition("?")
    hostport, _, params = hostport.partition(";")
    try:
        host, port = split_hostport(hostport)
    except ParseError:
        host, port = hostport.strip(), None  # a bad port must not lose the caller's number
    return Uri(scheme, percent_decode(user.strip()), host.lower(), port, parse_params(params), raw)


def _split_scheme(raw: str) -> tuple[str, str]:
    head, colon, rest = raw.partition(":")
    low = head.strip().lower()
    if colon and low and "@" not in head and set(low) <= _SCHEME_CHARS and low[0].isalpha():
        return low, rest
    return "", raw


def parse_name_addr(value: str) -> NameAddr:
    """Parse one From/To/Contact/P-Asserted-Identity/Remote-Party-ID value.

    Accepts quoted and token display names (UTF-8 welcome), missing spaces before ``<``, a
    missing closing ``>``, and addr-spec without brackets (whose ``;params`` then belong to the
    header, RFC 3261 §20.10).
    """
    text = value.strip()
    display: str | None = None
    if text.startswith('"'):
        end = _closing_quote(text)
        if end < 0:  # unbalanced quote: read the rest as a token display name
            text = text[1:]
        else:
            display = unquote(text[: end + 1])
            text = text[end + 1 :].strip()
    lt = text.find("<")
    if lt >= 0:
        if display is None:
            token_name = " ".join(text[:lt].split())
            display = token_name or None
        gt = text.find(">", lt)
        uri_text = text[lt + 1 : gt] if gt >= 0 else text[lt + 1 :]
        params_text = text[gt + 1 :] if gt >= 0 else ""
    else:
        uri_text, _, params_text = text.partition(";")
        if not uri_text.strip() and display is not None:
            raise ParseError(f"name-addr without URI: {value[:80]!r}")
    uri = parse_uri(uri_text)
    return NameAddr(display, uri, parse_params(params_text))


def _closing_quote(text: str) -> int:
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return -1
