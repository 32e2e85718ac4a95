"""Parse and build SIP messages: pure functions, bytes in and bytes out.

The parser is deliberately liberal (RFC 4475 torture messages, LF-only line ends, folded and
compact headers, header lines a router botched) because a message we refuse is a customer
who does not pop up. It is strict in one way only: anything it cannot read as a SIP message
raises :class:`ParseError` and nothing else, so the listener can drop junk without guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from desk_app.callerid.sip.headers import (
    LIST_HEADERS,
    TOKEN_CHARS,
    ParseError,
    Via,
    canonical_name,
    parse_cseq,
    parse_via,
    split_list,
)
from desk_app.callerid.sip.uri import parse_name_addr

MAX_HEADERS = 128
_VERSION = re.compile(r"SIP/\d+\.\d+\Z", re.IGNORECASE)
_AUTH_LINE = re.compile(r"(?i)^\s*(proxy-)?authorization\s*:")


@dataclass(slots=True)
class SipMessage:
    method: str | None  # requests: upper-case method; responses: None
    uri: str | None
    status: int | None  # responses: status code; requests: None
    reason: str
    headers: list[tuple[str, str]]  # (canonical name, unfolded value) in wire order
    body: bytes = b""
    text: str = ""  # the decoded message as received (for the "raw INVITE" view)
    defects: int = 0  # header lines that were skipped as unreadable
    _index: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name, value in self.headers:
            self._index.setdefault(name.lower(), []).append(value)

    @property
    def is_request(self) -> bool:
        return self.method is not None

    def get(self, name: str) -> str | None:
        values = self._index.get(canonical_name(name).lower())
        return values[0] if values else None

    def get_all(self, name: str) -> list[str]:
        return list(self._index.get(canonical_name(name).lower(), ()))

    def values(self, name: str) -> list[str]:
        """All values of a list header, whether written in one header or several."""
        low = canonical_name(name).lower()
        raw = self._index.get(low, ())
        if low not in LIST_HEADERS:
            return list(raw)
        return [item for value in raw for item in split_list(value)]

    @property
    def call_id(self) -> str:
        return (self.get("Call-ID") or "").strip()

    @property
    def cseq(self) -> tuple[int, str]:
        value = self.get("CSeq")
        if value is None:
            raise ParseError("no CSeq")
        return parse_cseq(value)

    @property
    def top_via(self) -> Via:
        vias = self.values("Via")
        if not vias:
            raise ParseError("no Via")
        return parse_via(vias[0])


def _decode(data: bytes) -> str:
    """UTF-8 as RFC 3261 says; Shift_JIS (cp932) next, because some Japanese PBXs send display
    names in it; Latin-1 last so that every byte string decodes and junk fails on syntax."""
    for codec in ("utf-8", "cp932"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_message(data: bytes | str, *, max_headers: int = MAX_HEADERS) -> SipMessage:
    """Parse one SIP request or response; raise ParseError for anything else."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    data = data.lstrip(b"\r\n")  # RFC 3261 §7.5: leading CRLFs (keep-alives) are ignored
    if not data:
        raise ParseError("empty message")
    head, sep, body = _split_head_body(data)
    head_text = _decode(head)
    lines = head_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    method, uri, status, reason = _parse_start_line(lines[0])
    headers, defects = _parse_header_lines(lines[1:], max_headers)
    body = _trim_body(body, headers)
    text = head_text + sep + body.decode("utf-8", "replace")
    return SipMessage(method, uri, status, reason, headers, body, text, defects)


def _split_head_body(data: bytes) -> tuple[bytes, str, bytes]:
    crlf = data.find(b"\r\n\r\n")
    lf = data.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return data[:crlf], "\r\n\r\n", data[crlf + 4 :]
    if lf >= 0:
        return data[:lf], "\n\n", data[lf + 2 :]
    return data.rstrip(b"\r\n"), "", b""  # no blank line (a trimmed paste): no body


def _parse_start_line(line: str) -> tuple[str | None, str | None, int | None, str]:
    line = line.strip()
    if line[:4].upper() == "SIP/":
        parts = line.split(None, 2)
        if len(parts) < 2 or not _VERSION.match(parts[0]):
            raise ParseError(f"bad status line: {line[:80]!r}")
        code = parts[1]
        if len(code) != 3 or not code.isdigit() or not 100 <= int(code) <= 699:
            raise ParseError(f"bad status code: {line[:80]!r}")
        return None, None, int(code), parts[2] if len(parts) > 2 else ""
    parts = line.split()
    if len(parts) != 3 or not _VERSION.match(parts[2]):
        raise ParseError(f"not a SIP request line: {line[:80]!r}")
    method, uri = parts[0], parts[1]
    if not set(method) <= TOKEN_CHARS:
        raise ParseError(f"bad method: {method[:40]!r}")
    return method.upper(), uri, None, ""


def _parse_header_lines(lines: list[str], max_headers: int) -> tuple[list[tuple[str, str]], int]:
    headers: list[list[str]] = []
    defects = 0
    for line in lines:
        if not line.strip():
            continue
        if line[0] in " \t":  # folded continuation of the previous header
            if headers:
                headers[-1][1] = (headers[-1][1] + " " + line.strip()).strip()
            else:
                defects += 1
            continue
        name, colon, value = line.partition(":")
        name = name.rstrip()
        if not colon or not name or not set(name) <= TOKEN_CHARS:
            defects += 1
            continue
        headers.append([canonical_name(name), value.strip()])
        if len(headers) > max_headers:
            raise ParseError(f"more than {max_headers} header fields")
    return [(n, v) for n, v in headers], defects


def _trim_body(body: bytes, headers: list[tuple[str, str]]) -> bytes:
    for name, value in headers:
        if name == "Content-Length":
            value = value.strip()
            if value.isdigit() and int(value) < len(body):
                return body[: int(value)]
            break
    return body


def redact(text: str) -> str:
    """Drop Authorization/Proxy-Authorization lines (and their folded continuations).

    Raw messages are shown to users and written to logs; credentials must never be."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if skipping and line[:1] in (" ", "\t") and line.strip():
            continue
        skipping = bool(_AUTH_LINE.match(line))
        if not skipping:
            out.append(line)
    return "".join(out)


def build_request(method: str, uri: str, headers: Iterable[tuple[str, str]],
                  body: bytes = b"") -> bytes:
    lines = [f"{method} {uri} SIP/2.0"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def build_response(request: SipMessage, status: int, reason: str, *, to_tag: str | None = None,
                   headers: Iterable[tuple[str, str]] = (),
                   received: tuple[str, int] | None = None) -> bytes:
    """A response that mirrors the request's Via/From/To/Call-ID/CSeq (RFC 3261 §8.2.6).

    ``received`` is the packet's source address: RFC 3581 asks a server to put it into the top
    Via (``received=``, ``rport=``) so the response finds its way through NAT.
    """
    vias = request.values("Via")
    if received and vias:
        vias[0] = _stamp_via(vias[0], received)
    lines = [f"SIP/2.0 {status} {reason}"]
    lines += [f"Via: {v}" for v in vias]
    lines.append(f"From: {request.get('From') or ''}")
    to = request.get("To") or ""
    if to_tag and status > 100 and "tag" not in _header_params(to):
        to = f"{to};tag={to_tag}"
    lines.append(f"To: {to}")
    lines.append(f"Call-ID: {request.call_id}")
    lines.append(f"CSeq: {request.get('CSeq') or ''}")
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _header_params(value: str) -> dict[str, str]:
    try:
        return parse_name_addr(value).params
    except ParseError:
        return {}


def _stamp_via(via: str, source: tuple[str, int]) -> str:
    try:
        parsed = parse_via(via)
    except ParseError:
        return via
    host, port = source
    wants_rport = "rport" in parsed.params and not parsed.params["rport"]
    if wants_rport:
        via = re.sub(r"(?i);\s*rport(?=\s*(;|$))", f";rport={port}", via, count=1)
    if (wants_rport or parsed.host != host) and "received" not in parsed.params:
        via += f";received={host}"
    return via
