"""Domain words and messages in the desk's language: a thin adapter over the catalogue.

The domain, the store and the services speak in message codes with parameters
(``desk_app.domain.messages``), whose catalogue holds both the Japanese wording (what the
CLI prints and a Japanese desk shows) and the English one. This module only picks the
desk's language for them; there is nothing to recognise and nothing to translate here, so
a new message is English on an English desk as soon as it is in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk_app.domain import messages
from desk_app.domain.delivery import Carrier
from desk_app.domain.messages import Problem
from desk_app.ui.kit.resources import is_japanese


def lang() -> str:
    """The desk's language as a catalogue language."""
    return "ja" if is_japanese() else "en"


def message(problem: Problem | None) -> str:
    """One problem, warning or reason (a suggestion's, a fee note's) in the desk's language."""
    return problem.text(lang()) if problem is not None else ""


def field_name(name: str) -> str:
    """A field path in the desk's language: a CSV cell ("行3.tax_rate") reads "line 3,
    tax_rate" on an English desk; other paths are names the form routes by, unchanged."""
    row, dot, column = name.partition(".")
    if is_japanese() or not dot or not row.startswith("行") or not row[1:].isdigit():
        return name
    return messages.text("csv.row_field", {"row": row[1:], "field": column}, "en")


def describe(errors: Iterable[Problem]) -> str:
    """"field: message" lines, as refusals print, in the desk's language."""
    return "\n".join((f"{field_name(e.field)}: " if e.field else "") + message(e)
                     for e in errors)


def error_text(exc: BaseException) -> str:
    """A failed job's reason: a refusal's problems in the desk's language, else the text of
    the exception."""
    problems = getattr(exc, "problems", None)
    if problems:
        return describe(problems)
    return str(exc)


def payment_label(code: str) -> str:
    wording = messages.CATALOGUE.get(f"payment.{code}")
    return messages.text(f"payment.{code}", lang=lang()) if wording else code


def slot_label(code: str | None, label_ja: str | None = None) -> str:
    """A delivery time slot; a code the carrier no longer offers shows as the code."""
    word = Carrier.slot_word(code)
    if word.code in messages.CATALOGUE:
        return word.text(lang())
    return label_ja if label_ja is not None else (code or "")


def source_name(name: str) -> str:
    """A caller-ID source kind in the desk's language (``modem`` → モデム); a name the
    catalogue does not know shows as itself."""
    from desk_app.callerid.status_messages import source_name as word

    problem = word(name)
    return problem.text(lang()) if problem.code in messages.CATALOGUE else name


def callerid_failure(exc: BaseException) -> str:
    """Why a caller-ID source could not be built or started, in the desk's language: a
    setting's code (SettingError), the desk's coded I/O errors, an OS error by its errno;
    never the exception's English or the operating system's own text."""
    from desk_app.callerid.status_messages import reason

    return reason(exc).text(lang())


def source_detail(status) -> str:
    """A source status's particulars (:class:`~desk_app.callerid.base.SourceStatus`, or a SIP
    registration result) in the desk's language; the English ``detail`` when it has no code."""
    problem = getattr(status, "message", None)
    return problem.text(lang()) if problem is not None else str(getattr(status, "detail", ""))
