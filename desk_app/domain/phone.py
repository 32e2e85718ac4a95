"""Japanese phone numbers: one place that turns what a clerk types or a device sends into
national digits, E.164 and the display form with the right hyphens.

phonenumbers knows the Japanese numbering plan (area codes of 1–5 digits, 0120/0800 free
dial, 050 IP phones, 070/080/090 mobiles), so the hyphen positions come from the
Ministry's tables rather than from a guess here. Every number field and the lookup accept an
RFC 3966 ``tel:`` URI as well (``tel:+81-75-123-4567``, ``tel:03-1234-5678;phone-context=…``),
as people paste them from web pages and SIP headers: :func:`fold_digits` reads the number out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

DEFAULT_REGION = "JP"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー−()（）.・/]")
_ALLOWED = re.compile(r"^\+?\d+$")
_TEL = re.compile(r"^tel:(?P<number>[^;]*)(?P<params>(?:;.*)?)$", re.I | re.S)
# A Japanese national number of a plausible length: 10 digits, or 11 in the ranges that
# have 11 (0A0 — 020, 050, 060, 070, 080, 090 — and 0800). A geographic number has 10
# digits whatever its area code: 03-1234-56789 is a mistyped one, not a newer range.
JP_NATIONAL = re.compile(r"^0(?:[1-9]\d{8}|[2-9]0\d{8}|800\d{7})$")


class PhoneNumberError(ValueError):
    """The text is not a phone number; the message says why in words a clerk understands."""


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    input: str
    national: str  # digits as dialled inside Japan: 0312345678
    e164: str  # +81312345678
    display: str  # 03-1234-5678

    def to_json_dict(self) -> dict[str, str]:
        return {"input": self.input, "national": self.national, "e164": self.e164,
                "display": self.display}


def fold_digits(text: str) -> str:
    """Full-width digits and brackets to ASCII, separators removed; '+' kept; a ``tel:`` URI
    becomes the number it names."""
    folded = unicodedata.normalize("NFKC", text).strip()
    tel = from_tel_uri(folded)
    return _SEPARATORS.sub("", folded if tel is None else tel)


def from_tel_uri(text: str) -> str | None:
    """The number of an RFC 3966 ``tel:`` URI (separators kept), or None if *text* is none.

    A global number (``tel:+81-75-123-4567``) is taken as it is. A local number is dialled in
    the context its ``phone-context`` names: a national number with its trunk 0
    (``tel:03-1234-5678;phone-context=example.jp``) stands alone, a number without it joins a
    ``+CC…`` context (``tel:3-1234-5678;phone-context=+81`` → ``+81 3-1234-5678``).
    Parameters that are not part of the number (``ext``, ``isub``, …) are dropped; %-escapes
    (``tel:%2B81…``) are decoded.
    """
    m = _TEL.match(text.strip())
    if m is None:
        return None
    number = unquote(m.group("number")).strip()
    params: dict[str, str] = {}
    for part in m.group("params").split(";")[1:]:
        name, _, value = part.partition("=")
        params.setdefault(name.strip().lower(), unquote(value).strip())
    context = params.get("phone-context", "")
    if (not number.startswith("+") and not number.startswith("0")
            and context.startswith("+")):
        return context + number
    return number


def normalize(text: str, region: str = DEFAULT_REGION) -> PhoneNumber:
    """Parse *text* as a phone number; raise :class:`PhoneNumberError` if it is not one."""
    if text is None or not str(text).strip():
        raise PhoneNumberError("電話番号が入力されていません (empty phone number)")
    compact = fold_digits(str(text))
    if compact.startswith("00") and not compact.startswith("000"):
        compact = "+" + compact[2:]  # international prefix some devices prepend: 0081…
    if not _ALLOWED.match(compact):
        raise PhoneNumberError(f"電話番号に使えない文字があります: {text!r} (not a phone number)")
    try:
        parsed = phonenumbers.parse(compact, region)
    except NumberParseException as exc:
        raise PhoneNumberError(f"電話番号として読めません: {text!r} ({exc})") from None
    if not _plausible(parsed):
        raise PhoneNumberError(f"桁数が電話番号として正しくありません: {text!r} (wrong length)")
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if parsed.country_code == 81:
        national = "0" + str(parsed.national_number)
        display = phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)
    else:
        national = e164.lstrip("+")
        display = phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
    return PhoneNumber(input=str(text), national=national, e164=e164, display=display)


def _plausible(parsed: phonenumbers.PhoneNumber) -> bool:
    """Valid per the numbering plan; for Japan also any national number of a plausible
    length (:data:`JP_NATIONAL`: ranges newer than phonenumbers' metadata), because
    refusing a real caller is worse than a number that merely looks odd."""
    if phonenumbers.is_valid_number(parsed):
        return True
    if parsed.country_code == 81:
        return JP_NATIONAL.match("0" + str(parsed.national_number)) is not None
    return phonenumbers.is_possible_number(parsed)


def try_normalize(text: str | None, region: str = DEFAULT_REGION) -> PhoneNumber | None:
    """Like :func:`normalize` but None for anything that is not a number (device input)."""
    if not text:
        return None
    try:
        return normalize(text, region)
    except PhoneNumberError:
        return None


def display_form(national_or_any: str) -> str:
    """Best-effort hyphenated display; falls back to the text itself (never raises)."""
    number = try_normalize(national_or_any)
    return number.display if number else national_or_any


def reversed_digits(digits: str) -> str:
    """Digits reversed: stored in an indexed column so that "ends with 5678" is a prefix
    range scan instead of a full-table LIKE '%5678'."""
    return digits[::-1]


def looks_like_phone_query(text: str) -> bool:
    """True for search-box input made only of digits and separators (4+ digits)."""
    compact = fold_digits(text)
    return compact.lstrip("+").isdigit() and len(compact.lstrip("+")) >= 3
