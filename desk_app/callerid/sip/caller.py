"""Who is calling: identity headers of an INVITE → number, name, withheld reason.

No public capture of what ひかり電話 routers send exists, so the rules follow the RFCs and the
shared corpus conventions (6, 7, 8 in ../shared/README.md):

* ``Privacy: id`` (RFC 3325) or Remote-Party-ID ``privacy=full|uri`` → withheld "private", and
  the number and name are dropped even if a header still carries them;
* otherwise the first usable identity of P-Asserted-Identity (every value, sip: and tel:),
  then Remote-Party-ID with ``party=calling``, then From; ``anonymous`` users and the
  ``anonymous.invalid`` host are skipped; if nothing but anonymous identities is left → private;
* P-Preferred-Identity, P-Called-Party-ID and X- headers are never the caller (providers put
  the *called* number there);
* privacy is never read from a display name ("Anonymous" is often shown for normal calls).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from desk_app.callerid.sip.headers import ParseError
from desk_app.callerid.sip.message import SipMessage, redact
from desk_app.callerid.sip.uri import NameAddr, Uri, parse_name_addr, parse_uri
from desk_app.domain.call_event import CallEvent, Withheld, utcnow

# URI users that say "no number" rather than being one (never taken from display names).
_ANONYMOUS_USERS = {
    "anonymous": Withheld.PRIVATE,
    "restricted": Withheld.PRIVATE,
    "private": Withheld.PRIVATE,
    "withheld": Withheld.PRIVATE,
    "unavailable": Withheld.UNAVAILABLE,
    "out-of-area": Withheld.UNAVAILABLE,
    "outofarea": Withheld.UNAVAILABLE,
}
# Display names that only signal absence (corpus convention 3).
_PLACEHOLDER_NAMES = {
    "o", "p", "a", "c", "s", "e", "private", "out-of-area", "outofarea", "out of area",
    "anonymous", "unavailable", "unknown", "restricted", "withheld", "no name", "noname",
    "no-callerid", "nocallerid", "-", "-unknown caller-",
}
_PHONE_LIKE = re.compile(r"\+?[0-9*#][0-9*#\-.() ]*\Z")


@dataclass(frozen=True, slots=True)
class Caller:
    number: str | None
    name: str | None
    withheld: Withheld | None


def extract_caller(msg: SipMessage) -> Caller:
    """Apply the identity rules to one parsed message (normally an INVITE)."""
    privacy = {token.strip().lower() for value in msg.get_all("Privacy")
               for token in re.split(r"[;,]", value)}
    if "id" in privacy:
        return Caller(None, None, Withheld.PRIVATE)
    pai = _name_addrs(msg.values("P-Asserted-Identity"))
    rpid = [na for na in _name_addrs(msg.values("Remote-Party-ID"))
            if na.params.get("party", "calling").lower() == "calling"]
    rpid_privacy = {p.strip().lower() for na in rpid
                    for p in na.params.get("privacy", "").split(",")}
    if rpid_privacy & {"full", "uri"}:
        return Caller(None, None, Withheld.PRIVATE)
    from_ = _name_addrs(msg.get_all("From"))[:1]
    named_from = [na for na in from_ if anonymous_reason_of(na.uri) is None]

    anonymous_reason: Withheld | None = None
    first_usable: list[NameAddr] | None = None
    for group in (pai, rpid, from_):
        usable = []
        for na in group:
            reason = anonymous_reason_of(na.uri)
            if reason is None:
                usable.append(na)
            elif anonymous_reason is None:
                anonymous_reason = reason
        if not usable:
            continue
        first_usable = first_usable or usable
        for na in usable:
            number = number_of(na.uri)
            if number:
                name = None if "name" in rpid_privacy else _group_name(na, usable, named_from)
                return Caller(number, name, None)
    if first_usable is None:
        return Caller(None, None, anonymous_reason)
    name = None if "name" in rpid_privacy else _group_name(first_usable[0], first_usable, named_from)
    return Caller(None, name, None)


def _name_addrs(values: list[str]) -> list[NameAddr]:
    out = []
    for value in values:
        try:
            out.append(parse_name_addr(value))
        except ParseError:
            continue  # one unreadable identity must not hide the others
    return out


def _group_name(chosen: NameAddr, group: list[NameAddr], from_: list[NameAddr]) -> str | None:
    """The chosen value's display name, else one from the same header, else From's."""
    for na in (chosen, *group, *from_):
        name = clean_name(na.display)
        if name:
            return name
    return None


def clean_name(display: str | None) -> str | None:
    if display is None:
        return None
    name = " ".join(display.split())
    if not name or name.lower() in _PLACEHOLDER_NAMES or name == "\x08":
        return None
    return name


def anonymous_reason_of(uri: Uri) -> Withheld | None:
    """Why this URI stands for a withheld caller, or None when it may be a real identity."""
    if uri.host.endswith("anonymous.invalid"):
        return Withheld.PRIVATE
    return _ANONYMOUS_USERS.get(uri.user.strip().lower())


def number_of(uri: Uri) -> str | None:
    """Digits of a telephone-number-like user part; +81 becomes the national 0… form.

    A user like ``alice`` is not a number (None); ``+81-3-1234-5678`` and ``*17`` are; more
    than 15 digits (E.164's limit) are none either.
    """
    if uri.scheme not in ("sip", "sips", "tel", ""):
        return None
    user = uri.user.strip()
    if not _PHONE_LIKE.match(user):
        return None
    digits = re.sub(r"[^0-9]", "", user)  # ASCII digits only (\D keeps ٣ and ３)
    if not digits or len(digits) > 15:
        return None
    if user.startswith("+"):
        return national_form(digits)
    return digits


def national_form(international_digits: str) -> str:
    """``81312345678`` (the digits after +) → ``0312345678``; other countries unchanged.

    phonenumbers knows the Japanese formats; it is imported here, on the first +81 number,
    so that ``desk-app sip parse`` stays quick for everything else.
    """
    if not international_digits.startswith("81") or len(international_digits) < 4:
        return international_digits
    import phonenumbers

    try:
        parsed = phonenumbers.parse("+" + international_digits)
        national = re.sub(r"\D", "", phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    except phonenumbers.NumberParseException:
        national = international_digits[2:]
    return national if national.startswith("0") else "0" + national.lstrip("0")


def line_of(msg: SipMessage) -> str | None:
    """The line the call came in on: the To user, else the Request-URI user."""
    try:
        user = parse_name_addr(msg.get("To") or "").uri.user
    except ParseError:
        user = ""
    if not user and msg.uri:
        try:
            user = parse_uri(msg.uri).user
        except ParseError:
            user = ""
    return user or None


def call_event(msg: SipMessage, *, line: str | None = None,
               received_at: datetime | None = None) -> CallEvent:
    """The CallEvent for an INVITE: ``raw`` is the message without credential lines."""
    caller = extract_caller(msg)
    return CallEvent(
        source="sip",
        number=caller.number,
        name=caller.name,
        withheld=caller.withheld,
        line=line or line_of(msg),
        raw=redact(msg.text),
        received_at=received_at or utcnow(),
        call_id=msg.call_id or None,
    )
