"""Caller-ID messages that modems print as ASCII hex instead of decoding them.

Unformatted caller ID (``AT#CID=2``, ``AT+VCID=2``): the modem prints the Bellcore/ETSI
message it received, each byte as two hex digits, on one line. Rockwell-based modems strip the
channel-seizure ``U`` bytes (0x55) and some also drop the checksum byte, others keep it::

    0412313130353039333030343731323334353637        SDMF, no checksum
    04123033323131343035353034353531323334CF      SDMF with its checksum byte

SDMF is type 0x04: length, eight ASCII digits MMDDhhmm, then the number (or ``O``/``P`` for
out of area / private). MDMF is type 0x80: length, then parameters (type, length, value):
0x01 date/time, 0x02 calling number, 0x03 dialable directory number (Bellcore GR-30; what
Bell Canada sends), 0x04 reason for no number, 0x07 name, 0x08 reason for no name.

A line is a message only when its type byte and its length byte agree with the line's length
(with a checksum byte, the bytes must also sum to 0 mod 256), so a line of hex digits is never
taken for a number as it stands. The date/time is checked separately: an impossible one (hour
24) is dropped without costing the number.

Rockwell ``MESG = 030A30333132333435363738`` lines carry one such MDMF parameter (or several):
:func:`parameters` decodes them; mgetty's ``process_rockwell_mesg`` (cnd.c) reads the same
parameter 0x03 for Bell Canada.
"""

from __future__ import annotations

import re

SDMF, MDMF = 0x04, 0x80
_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})+$")
_SEIZURE = re.compile(r"^(?:U+|(?:55)+(?=04|80))")  # channel seizure left in: 'UUU' or 0x55…
_PARAMETERS = {0x01: "DATE", 0x02: "NMBR", 0x03: "DDN", 0x04: "REASON", 0x07: "NAME",
               0x08: "NAME_REASON"}
_REASONS = frozenset({"O", "P"})  # out of area / private, in place of a number or name
_NUMBER_CHARS = re.compile(r"^[0-9*#+\- ]{1,32}$")


def valid_datetime(text: str) -> bool:
    """MMDDhhmm that names a real month, day, hour and minute."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return False
    month, day, hour, minute = (int(text[i:i + 2]) for i in range(0, 8, 2))
    return 1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59


def _body(text: str) -> tuple[int, bytes] | None:
    """(message type, body) of a hex line whose length byte fits, else None."""
    text = _SEIZURE.sub("", text.strip())
    if len(text) < 10 or not _HEX.match(text):
        return None
    data = bytes.fromhex(text)
    kind, length = data[0], data[1]
    if kind not in (SDMF, MDMF):
        return None
    if len(data) == length + 2:  # the checksum byte dropped (AT#CID=2 on Rockwell chips)
        return kind, data[2:]
    if len(data) == length + 3 and sum(data) % 256 == 0:
        return kind, data[2:-1]
    return None


def _ascii(value: bytes) -> str | None:
    try:
        return value.decode("ascii")
    except UnicodeDecodeError:
        return None


def parameters(text: str) -> dict[str, str] | None:
    """MDMF parameters (type, length, value as hex) → fields, or None when *text* is not a
    whole number of well-formed parameters. Keys: DATE, NMBR (0x02, else 0x03), REASON,
    NAME, NAME_REASON; unknown parameter types are skipped."""
    text = text.strip()
    if not text or not _HEX.match(text):
        return None
    return _parameters(bytes.fromhex(text))


def _parameters(body: bytes) -> dict[str, str] | None:
    found: dict[str, str] = {}
    i = 0
    while i < len(body):
        if i + 2 > len(body):
            return None
        ptype, plen = body[i], body[i + 1]
        value = body[i + 2:i + 2 + plen]
        if len(value) != plen:
            return None
        i += 2 + plen
        key = _PARAMETERS.get(ptype)
        if key is None:
            continue  # call type, called number, message waiting …: not caller data
        if key == "NAME":
            found.setdefault(key, value.decode("utf-8", "replace"))
            continue
        decoded = _ascii(value)
        if decoded is None:
            return None
        found.setdefault(key, decoded)
    out: dict[str, str] = {}
    date = found.get("DATE")
    if date is not None and valid_datetime(date):
        out["DATE"] = date
    number = found.get("NMBR") or found.get("DDN")
    if number is not None and _NUMBER_CHARS.match(number):
        out["NMBR"] = number
    for key in ("REASON", "NAME", "NAME_REASON"):
        if key in found:
            out[key] = found[key]
    return out


def decode(text: str) -> dict[str, str] | None:
    """Fields of an SDMF/MDMF hex line (keys DATE, NMBR, NAME, REASON, NAME_REASON), or
    None when the line is not such a message."""
    message = _body(text)
    if message is None:
        return None
    kind, body = message
    if kind == MDMF:
        fields = _parameters(body)
        return fields or None
    date, rest = _ascii(body[:8]), _ascii(body[8:])
    if date is None or rest is None or not (rest in _REASONS or _NUMBER_CHARS.match(rest)):
        return None
    out = {"DATE": date} if valid_datetime(date) else {}
    out["REASON" if rest in _REASONS else "NMBR"] = rest
    return out
