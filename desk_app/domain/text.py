"""Text a clerk types or pastes: one cleaning rule and one length limit per field.

A name pasted from an e-mail can carry tabs, line breaks, zero-width and bidi control
characters, or three thousand characters of something else; stored as is it breaks labels,
the B2 export and every window that shows it. Every text input goes through :func:`clean`
(control and format characters removed, tabs and line breaks of one-line fields become one
space, runs of spaces collapse) and is checked against :data:`LIMITS` (the widths the UI
sets as ``maxLength`` too, so a paste is cut where the clerk sees it).

Emoji and JIS X 0213 characters (𠮷) are kept: they are real text; the B2 export reports what
Shift_JIS cannot carry.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from desk_app.domain import messages

# Characters per field (code points). Widths follow what a 通販 desk stores: a name fits a
# label (B2: 全角16文字), an address line fits the B2 column, a note is a conversation.
LIMITS: dict[str, int] = {
    "name": 40,
    "kana": 60,
    "company": 60,
    "department": 60,
    "postal_code": 10,
    "prefecture": 10,
    "city": 60,
    "address1": 120,
    "address2": 120,
    "phone": 20,
    "email": 254,
    "birthday": 20,
    "caution_note": 200,
    "note": 4000,
    "memo": 500,
    "ship_name": 60,
    "ship_address": 240,
    "sender_name": 40,
    "noshi_omote": 20,
    "noshi_name": 40,
    "search": 60,
    "operator": 30,
    "product_code": 40,
    "product_name": 120,
    "shop_name": 60,
}
MULTILINE = frozenset({"note", "memo", "caution_note"})

# Format characters kept: ZWJ (emoji sequences) and ZWNJ; variation selectors are marks.
_KEEP_FORMAT = {"\u200d", "\u200c"}
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f]+")
_BLANK_LINES = re.compile(r"\n{3,}")

messages.register({
    "text.too_long": ("{max}文字以内で入力してください（{length}文字あります）。",
                      "Use at most {max} characters ({length} entered)."),
})


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A rule's refusal of one field: a message code with parameters (see ``messages``);
    services turn these into ``Problem`` values."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # `field` is taken above

    def text(self, lang: str = "ja") -> str:
        return messages.text(self.code, self.params, lang)


def clean(text: str | None, *, multiline: bool = False) -> str:
    """*text* without control or format characters, with tidy spacing; ``""`` for None.

    One-line text: tabs and line breaks become a space, space runs collapse, ends are
    stripped (a full-width space between family and given name is kept). Multi-line text
    keeps its line breaks (CRLF and CR become LF, at most one blank line in a row).
    """
    if not text:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in value:
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif ch == "\t":
            out.append(" ")
        elif ch in _KEEP_FORMAT:
            out.append(ch)
        else:
            category = unicodedata.category(ch)
            if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
                if category in ("Zl", "Zp"):
                    out.append("\n" if multiline else " ")
                continue
            out.append(ch)
    value = "".join(out)
    if multiline:
        lines = [_SPACES.sub(" ", line).rstrip() for line in value.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", value).strip()


def clean_field(name: str, text: str | None) -> str:
    """:func:`clean` with the field's own line rule."""
    return clean(text, multiline=name in MULTILINE)


def limit_of(name: str) -> int:
    return LIMITS[name]


def check_length(name: str, text: str, path: str | None = None) -> FieldIssue | None:
    """A ``text.too_long`` issue when *text* (already cleaned) exceeds the field's limit."""
    limit = LIMITS.get(name)
    if limit is None or len(text) <= limit:
        return None
    return FieldIssue(path or name, "text.too_long", {"max": limit, "length": len(text)})


def first_lines(text: str, lines: int = 3, chars: int = 160) -> str:
    """The start of a long note for a pop-up: at most *lines* lines and *chars* characters,
    with … when something was left out."""
    value = text or ""
    parts = value.split("\n")
    head = "\n".join(parts[:lines])
    cut = len(parts) > lines
    if len(head) > chars:
        head, cut = head[:chars].rstrip(), True
    return head + ("…" if cut else "")
