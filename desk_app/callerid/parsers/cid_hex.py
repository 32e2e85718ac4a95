"""Unformatted caller-ID (``AT#CID=2``, ``AT+VCID=2``): the Bellcore/ETSI message as hex digits.

Some modems are left in "unformatted" mode and print the raw SDMF/MDMF message as one line of
hex, e.g. ``04123033323131343035353034353531323334`` + checksum. The message checksum makes
recognition safe: a line is decoded only if the bytes sum to 0 mod 256. SDMF is type 0x04
(8 date/time digits, then the number or a reason letter); MDMF is type 0x80 with parameters
0x01 date/time, 0x02 number, 0x04 reason for no number, 0x07 name, 0x08 reason for no name.
"""

from __future__ import annotations

import re

_HEX_LINE = re.compile(r"^(?:[0-9A-Fa-f]{2}){5,}$")


def decode(text: str) -> dict[str, str] | None:
    """Fields of a checksummed SDMF/MDMF hex line (keys DATE, NMBR, NAME, REASON,
    NAME_REASON), or None when the line is not one."""
    if not _HEX_LINE.match(text):
        return None
    data = bytes.fromhex(text)
    kind, length = data[0], data[1]
    if kind not in (0x04, 0x80) or len(data) != length + 3 or sum(data) % 256:
        return None
    body = data[2:-1]
    if kind == 0x04:
        number = body[8:].decode("ascii", "replace")
        key = "REASON" if number in ("O", "P") else "NMBR"
        return {"DATE": body[:8].decode("ascii", "replace"), key: number}
    out: dict[str, str] = {}
    names = {0x01: "DATE", 0x02: "NMBR", 0x04: "REASON", 0x07: "NAME", 0x08: "NAME_REASON"}
    i = 0
    while i + 2 <= len(body):
        ptype, plen = body[i], body[i + 1]
        value = body[i + 2:i + 2 + plen]
        if len(value) != plen:
            return None
        if ptype in names:
            out.setdefault(names[ptype], value.decode("utf-8", "replace"))
        i += 2 + plen
    return out or None
