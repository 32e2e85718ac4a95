"""Every message the domain, the store and the services can show, by code.

Rules and use cases never build sentences: they raise or return a *code* with parameters
(``Problem("order.quantity_range", {"max": 999}, "lines[2].quantity")``). This catalogue
holds the wording for each code in Japanese (the desk's and the CLI's default, in the tone
of ``shared/glossary-ja.md``) and in English. Parameters are written ``{name}`` and are
formatted with ``str.format``; a parameter that is itself a code (a payment method, a slot)
is translated by the caller before it goes in.

``tests/domain/test_messages.py`` checks that every code has both languages with the same
placeholders, and that every code the code base raises is in the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("ja", "en")

# code → (Japanese, English). Grouped by the package that raises them; keep codes stable:
# the CLI's JSON carries them and saved drafts may hold them.
CATALOGUE: dict[str, tuple[str, str]] = {
    "common.not_found": ("{what}が見つかりません。", "{what} not found."),
    "common.required": ("{what}を入力してください。", "Enter {what}."),
}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add a package's codes (at import time); a code registered twice must not change."""
    for code, wording in entries.items():
        if CATALOGUE.get(code, wording) != wording:
            raise ValueError(f"message code {code!r} registered twice with other wording")
        CATALOGUE[code] = wording


def text(code: str, params: Mapping[str, Any] | None = None, lang: str = "ja") -> str:
    """The message for *code* in *lang*; an unknown code shows as itself (never crashes)."""
    wording = CATALOGUE.get(code)
    if wording is None:
        return code
    template = wording[1] if lang == "en" else wording[0]
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template
