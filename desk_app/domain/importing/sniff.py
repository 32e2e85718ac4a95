"""Which encoding and which delimiter a shop's file uses, from its first bytes.

Japanese exports are CP932 (Shift_JIS with Microsoft's extensions: ①, ㈱, 髙), UTF-8 with
a BOM (Excel's 「CSV UTF-8」), plain UTF-8, now and then EUC-JP from an old Unix system.
A BOM decides at once. UTF-8 is self-checking: a sample that decodes as UTF-8 and has
non-ASCII bytes is UTF-8. Anything else goes to charset-normalizer, limited to the Japanese
candidates (an unrestricted guess calls short Shift_JIS samples Big5 or cp1252); Shift_JIS
is read as its superset CP932. A file of ASCII only is read as UTF-8 (the same bytes).

The delimiter is the header line's: a tab-separated file has more tabs than commas there.

Files that are no text at all are told apart first (:func:`not_text`), by their signature:
an Excel workbook (.xlsx is a ZIP holding ``xl/``, .xls an OLE compound file), another ZIP,
Excel's 「Unicode テキスト」 (UTF-16, with its BOM); anything else with a NUL byte in its
first 8,000 bytes is binary (git's rule: text, CP932 and UTF-8 alike, holds no NUL).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SAMPLE_BYTES = 256 * 1024
ENCODINGS = ("utf-8", "utf-8-sig", "cp932", "euc_jp")
_CANDIDATES = ["cp932", "shift_jis", "euc_jp", "euc_jis_2004", "utf_8"]
_BY_DETECTED = {"cp932": "cp932", "shift_jis": "cp932", "shift_jis_2004": "cp932",
                "shift_jisx0213": "cp932", "euc_jp": "euc_jp", "euc_jis_2004": "euc_jp",
                "euc_jisx0213": "euc_jp", "utf_8": "utf-8"}


@dataclass(frozen=True, slots=True)
class FileFormat:
    encoding: str  # a Python codec name: utf-8-sig, utf-8, cp932, euc_jp
    delimiter: str  # "," or "\t"
    detected: bool  # False when the caller chose the encoding

    @property
    def label(self) -> str:
        return {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp932": "Shift_JIS (CP932)",
                "euc_jp": "EUC-JP"}.get(self.encoding, self.encoding)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and the other Office 97–2003 files)
_ZIP = b"PK\x03\x04"
NUL_WINDOW = 8000


def not_text(sample: bytes) -> str | None:
    """What a file that cannot be a CSV or TSV is, from its first bytes: ``excel``,
    ``zip``, ``utf16`` or ``binary``; None for text."""
    if sample.startswith(_OLE):
        return "excel"
    if sample.startswith(_ZIP):
        # a workbook's parts are named in the ZIP's local headers, in the clear
        return "excel" if b"xl/" in sample or b"[Content_Types].xml" in sample else "zip"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf16"
    if b"\0" in sample[:NUL_WINDOW]:
        return "binary"
    return None


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"  # ASCII only, or valid UTF-8 (a multi-byte tail may be cut off)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:SAMPLE_BYTES], cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding in _BY_DETECTED:
        return _BY_DETECTED[best.encoding]
    return "cp932"  # what Japanese Windows writes; undecodable bytes become row errors


def choose_encoding(sample: bytes, requested: str = "auto") -> str:
    """The codec for the file: detected for ``auto``; a requested UTF-8 still skips a BOM
    (and is called UTF-8 (BOM) only when the file has one)."""
    requested = (requested or "auto").lower().replace("_", "-")
    if requested == "auto":
        return detect_encoding(sample)
    if requested in ("utf-8", "utf8", "utf-8-sig"):
        return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    if requested in ("cp932", "shift-jis", "sjis", "ms932", "windows-31j"):
        return "cp932"
    if requested in ("euc-jp", "eucjp"):
        return "euc_jp"
    raise LookupError(requested)


def detect_delimiter(first_line: str) -> str:
    """Tab when the header line has more tabs than commas outside quotes, else comma."""
    tabs = commas = 0
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch == "\t":
                tabs += 1
            elif ch == ",":
                commas += 1
    return "\t" if tabs > commas else ","


def sniff(sample: bytes, requested_encoding: str = "auto") -> FileFormat:
    encoding = choose_encoding(sample, requested_encoding)
    text = sample.decode(encoding, errors="replace")
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    return FileFormat(encoding, detect_delimiter(first_line),
                      detected=(requested_encoding or "auto").lower() == "auto")
