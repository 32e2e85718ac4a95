"""Header names and the small grammars inside header values.

Routers and PBXs write headers in every case, in compact form (``f:`` for From), with spaces
before the colon and with values folded over several lines. Everything here is written to be
liberal: a value we cannot fully understand yields what could be understood, never an
exception other than :class:`ParseError`, because one odd header must not cost a pop-up.
"""

from __future__ import annotations

from dataclasses import dataclass


class ParseError(ValueError):
    """The input is not a SIP message (or not the header value) we can act on."""


# RFC 3261 §7.3.3 and later RFCs: single-letter compact forms.
COMPACT_FORMS: dict[str, str] = {
    "a": "Accept-Contact",
    "b": "Referred-By",
    "c": "Content-Type",
    "d": "Request-Disposition",
    "e": "Content-Encoding",
    "f": "From",
    "i": "Call-ID",
    "j": "Reject-Contact",
    "k": "Supported",
    "l": "Content-Length",
    "m": "Contact",
    "n": "Identity-Info",
    "o": "Event",
    "r": "Refer-To",
    "s": "Subject",
    "t": "To",
    "u": "Allow-Events",
    "v": "Via",
    "x": "Session-Expires",
    "y": "Identity",
}

# Names whose canonical spelling is not plain Title-Case.
_SPECIAL_CASE = {
    name.lower(): name
    for name in (
        "Call-ID", "CSeq", "WWW-Authenticate", "P-Asserted-Identity", "P-Preferred-Identity",
        "P-Called-Party-ID", "Remote-Party-ID", "MIME-Version", "RAck", "RSeq", "SIP-ETag",
        "SIP-If-Match", "Diversion", "History-Info",
    )
}

# Headers whose value is a comma-separated list (RFC 3261 §7.3.1) that we need to split.
LIST_HEADERS = frozenset({
    "via", "contact", "p-asserted-identity", "remote-party-id", "privacy", "route",
    "record-route", "allow", "supported", "require", "p-preferred-identity",
})

TOKEN_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"
)


def canonical_name(name: str) -> str:
    """Map any spelling (``cAlL-iD``, ``i``, ``Via  ``) to one canonical header name."""
    name = name.strip()
    low = name.lower()
    if low in COMPACT_FORMS:
        return COMPACT_FORMS[low]
    if low in _SPECIAL_CASE:
        return _SPECIAL_CASE[low]
    return "-".join(part[:1].upper() + part[1:].lower() for part in low.split("-"))


def split_list(value: str) -> list[str]:
    """Split a header value on commas that are outside quotes and angle brackets.

    ``"Doe, John" <sip:1@h>, <tel:+8131>`` is two values; a naive ``split(",")`` would break the
    display name and lose the caller.
    """
    out: list[str] = []
    buf: list[str] = []
    in_quote = False
    depth = 0
    escaped = False
    for ch in value:
        if in_quote:
            buf.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_quote = False
            continue
        if ch == '"':
            in_quote = True
        elif ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif ch == "," and not depth:
            item = "".join(buf).strip()
            if item:
                out.append(item)
            buf = []
            continue
        buf.append(ch)
    item = "".join(buf).strip()
    if item:
        out.append(item)
    return out


def unquote(value: str) -> str:
    """Remove the quotes of a quoted-string and resolve its backslash escapes."""
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        body = value[1:-1]
        out: list[str] = []
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\" and i + 1 < len(body):
                i += 1
                ch = body[i]
            out.append(ch)
            i += 1
        return "".join(out)
    return value


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_unquoted(value: str, sep: str) -> list[str]:
    """Split on *sep* outside quoted strings (parameters may carry quoted values)."""
    parts: list[str] = []
    buf: list[str] = []
    in_quote = escaped = False
    for ch in value:
        if in_quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_quote = False
        elif ch == '"':
            in_quote = True
        elif ch == sep:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def parse_params(text: str) -> dict[str, str]:
    """``;tag=abc ; lr ;q = 0.5`` → ``{"tag": "abc", "lr": "", "q": "0.5"}`` (names lower-cased).

    The first occurrence of a name wins; junk between semicolons is skipped.
    """
    params: dict[str, str] = {}
    for piece in split_unquoted(text, ";"):
        name, _, val = piece.partition("=")
        name = name.strip().lower()
        if not name:
            continue
        params.setdefault(name, unquote(val.strip()))
    return params


@dataclass(frozen=True, slots=True)
class Via:
    transport: str
    host: str
    port: int | None
    params: dict[str, str]

    @property
    def branch(self) -> str:
        return self.params.get("branch", "")


def parse_via(value: str) -> Via:
    """``SIP / 2.0 / UDP host:port;branch=z9hG4bK..;rport`` with any spacing (RFC 4475 wsinv)."""
    head, _, params = value.partition(";")
    # "SIP/2.0/UDP host" may be written "SIP  /   2.0 / UDP  host"
    slash_parts = head.split("/", 2)
    if len(slash_parts) < 3:
        raise ParseError(f"bad Via protocol: {head[:80]!r}")
    transport_and_host = slash_parts[2].strip().split(None, 1)
    if len(transport_and_host) != 2:
        raise ParseError(f"bad Via sent-by: {head[:80]!r}")
    host, port = split_hostport(transport_and_host[1])
    if not host:
        raise ParseError(f"Via without sent-by: {value[:80]!r}")
    return Via(transport_and_host[0].upper(), host, port, parse_params(params))


def split_hostport(text: str) -> tuple[str, int | None]:
    """``host``, ``host:5060``, ``[::1]:5060`` → (host, port or None)."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return text, None
        host, rest = text[: end + 1], text[end + 1 :]
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port_text = text.partition(":")
    port_text = port_text.strip()
    if port_text:
        if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
            raise ParseError(f"bad port in {text[:80]!r}")
        return host.strip(), int(port_text)
    return host.strip(), None


def parse_cseq(value: str) -> tuple[int, str]:
    """``0009 INVITE`` (folded, leading zeros allowed) → (9, "INVITE")."""
    parts = value.split()
    if len(parts) != 2 or not (parts[0].isascii() and parts[0].isdigit()) or len(parts[0]) > 10:
        raise ParseError(f"bad CSeq: {value[:80]!r}")
    return int(parts[0]), parts[1].upper()


def parse_auth_params(value: str) -> tuple[str, dict[str, str]]:
    """``Digest realm="x", nonce="y", qop="auth,auth-int"`` → ("digest", {...}).

    Commas inside quoted values (a qop list) are kept, so a plain comma split is not enough.
    """
    value = value.strip()
    scheme, _, rest = value.partition(" ")
    params: dict[str, str] = {}
    for item in split_unquoted(rest, ","):
        name, eq, val = item.partition("=")
        if not eq:
            continue
        params.setdefault(name.strip().lower(), unquote(val.strip()))
    return scheme.strip().lower(), params
