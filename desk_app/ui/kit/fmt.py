"""How values read on screen: yen, table dates, 「32日前」, category and outcome labels.

Labels are translated at call time (QCoreApplication.translate with literal source text so
lupdate finds them), because the language is chosen after import. Dates follow the glossary:
2026/11/23 in tables, money as ¥12,345 without decimals.

Plurals go through :class:`Labels` (``self.tr(text, "", n)``): pyside6-lupdate marks only
``tr`` calls as numerus, so a ``QCoreApplication.translate(..., n)`` would lose its plural
forms the next time the .ts is updated.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QObject

from desk_app.domain.call_event import Withheld
from desk_app.domain.clock import table_date, to_local


def arg(text: str, *values: object) -> str:
    """``%1``…``%9`` of a translated text filled in one pass, like QString::arg: a value that
    itself contains "%2" (a customer's memo, a file name) is left as it is."""
    def value(m: re.Match) -> str:
        i = int(m.group(1))
        return str(values[i - 1]) if i <= len(values) else m.group(0)
    return re.sub(r"%([1-9])", value, text)


def person(name: str, kana: str = "") -> str:
    """The customer as a form's heading names them: 「山田 花子 様（ヤマダ ハナコ）」, without
    the brackets when there is no フリガナ (a customer an import brought without one)."""
    honorific = QCoreApplication.translate("Fmt", "%1 様", "a customer named in a heading")
    who = arg(honorific, name)
    if not kana:
        return who
    return arg(QCoreApplication.translate("Fmt", "%1 (%2)", "name and its kana"), who, kana)


def yen(amount: int | None) -> str:
    return f"¥{(amount or 0):,}"


def day(value: date | None) -> str:
    return table_date(value) if value else "—"


def when(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return ""
    local = to_local(value)
    return local.strftime("%Y/%m/%d %H:%M") if with_date else local.strftime("%H:%M:%S")


def days_ago(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return QCoreApplication.translate("Labels", "today")
    return _labels().days_ago(days)


def count(n: int) -> str:
    return _labels().times(n)


class Labels(QObject):
    """The "Labels" context's plural strings (see the module docstring)."""

    def days_ago(self, days: int) -> str:
        return self.tr("%n day(s) ago", "", days)

    def times(self, n: int) -> str:
        return self.tr("%n time(s)", "", n)


# One translation context object for the process (app-wide on purpose: it holds no data,
# only gives the "Labels" plural strings a QObject for tr(); the language is the app's).
_LABELS: list[Labels] = []


def _labels() -> Labels:
    if not _LABELS:
        _LABELS.append(Labels())
    return _LABELS[0]


def category_labels() -> dict[str, str]:
    return {
        "order": QCoreApplication.translate("Labels", "Order", "note category"),
        "inquiry": QCoreApplication.translate("Labels", "Inquiry", "note category"),
        "complaint": QCoreApplication.translate("Labels", "Complaint", "note category"),
        "praise": QCoreApplication.translate("Labels", "Praise", "note category"),
        "other": QCoreApplication.translate("Labels", "Other", "note category"),
    }


def category(value: str) -> str:
    return category_labels().get(value, value)


def outcome(value: str) -> str:
    return {
        "ringing": QCoreApplication.translate("Labels", "Ringing", "call outcome"),
        "note": QCoreApplication.translate("Labels", "Note", "call outcome"),
        "order": QCoreApplication.translate("Labels", "Order", "call outcome"),
        "missed": QCoreApplication.translate("Labels", "Missed", "call outcome"),
        "answered_elsewhere": QCoreApplication.translate("Labels", "Answered elsewhere",
                                                         "call outcome"),
        "internal": QCoreApplication.translate("Labels", "Internal", "call outcome"),
        # call-log records a source reported (NCID): they never rang at this desk
        "log": QCoreApplication.translate("Labels", "From server log", "call outcome"),
        "hangup": QCoreApplication.translate("Labels", "Hung up (blacklist)", "call outcome"),
        "blocked": QCoreApplication.translate("Labels", "Blocked", "call outcome"),
        "outgoing": QCoreApplication.translate("Labels", "Outgoing", "call outcome"),
        "ended": QCoreApplication.translate("Labels", "Ended", "call outcome"),
    }.get(value, value)


def call_outcome(value: str, callback_done: bool = False) -> str:
    """The call list's words: 呼出中 / 応答 / 不在 / 折り返し済み / 受注あり
    (domain.call_outcomes)."""
    from desk_app.domain.call_outcomes import outcome_word

    word = outcome_word(value, callback_done)
    return {
        "answered": QCoreApplication.translate("Labels", "Answered", "call outcome"),
        "missed": QCoreApplication.translate("Labels", "Missed", "call outcome"),
        "called_back": QCoreApplication.translate("Labels", "Called back", "call outcome"),
        "ordered": QCoreApplication.translate("Labels", "Order taken", "call outcome"),
    }.get(word) or outcome(word)


def withheld(value: Withheld | str | None) -> str:
    """The reason in words: 非通知, 表示圏外, 公衆電話 …"""
    if value is None:
        return QCoreApplication.translate("Labels", "No caller ID")
    reason = Withheld(value)
    return {
        Withheld.PRIVATE: QCoreApplication.translate("Labels", "Withheld"),
        Withheld.UNAVAILABLE: QCoreApplication.translate("Labels", "Unavailable"),
        Withheld.PAYPHONE: QCoreApplication.translate("Labels", "Payphone"),
        Withheld.CONFLICT: QCoreApplication.translate("Labels", "Unavailable (service conflict)"),
        Withheld.ERROR: QCoreApplication.translate("Labels", "Receive error"),
    }[reason]


def line(value: str | None) -> str:
    if not value:
        return ""
    return QCoreApplication.translate("Labels", "Line %1").replace("%1", value)


def phone_kinds() -> dict[str, str]:
    return {
        "home": QCoreApplication.translate("Labels", "Home"),
        "mobile": QCoreApplication.translate("Labels", "Mobile"),
        "work": QCoreApplication.translate("Labels", "Work"),
        "fax": QCoreApplication.translate("Labels", "Fax"),
    }


def dm(allowed: bool) -> str:
    return (QCoreApplication.translate("Labels", "DM: yes") if allowed
            else QCoreApplication.translate("Labels", "DM: no"))


def postal(code: str | None) -> str:
    return f"〒{code[:3]}-{code[3:]}" if code and len(code) == 7 else ""


def now_hms() -> str:
    from desk_app.domain.clock import now_utc

    return to_local(now_utc()).strftime("%H:%M:%S")


def local_day(value: datetime | None) -> str:
    return table_date(to_local(value).date()) if value else "—"


def display_number(number: str | None) -> str:
    from desk_app.domain.phone import display_form

    return display_form(number) if number else ""
