"""What happened to a call, in the words the call list shows (呼出中 / 応答 / 不在 /
折り返し済み / 受注あり), and whether an operator took it.

The store keeps the call's life as the desk sees it (``ringing`` while the pop-up is up
and nobody took it, ``answered`` once a clerk acted on it, ``note`` when a clerk wrote
something, ``order``, ``missed`` when it ended unanswered …); a clerk reading the list wants
to know whether somebody answered, whether a missed caller was called back and whether the
call became an order. The operator column only names someone who really handled the call.
"""

from __future__ import annotations

RINGING, ANSWERED, MISSED, CALLED_BACK, ORDERED = (
    "ringing", "answered", "missed", "called_back", "ordered")
HANDLED = frozenset({"answered", "note", "order"})


def outcome_word(outcome: str, callback_done: bool = False) -> str:
    """The list's outcome key for a stored outcome (keys other than the five below pass
    through: answered_elsewhere, internal and the call-log kinds)."""
    if outcome == "order":
        return ORDERED
    if outcome in ("answered", "note"):
        return ANSWERED
    if outcome == "missed":
        return CALLED_BACK if callback_done else MISSED
    return outcome  # "ringing" included


def shows_operator(outcome: str, callback_done: bool = False) -> bool:
    """An operator is named only where one took the call (answered it, wrote a note, took
    an order) or called the missed caller back; never on a ringing or missed call."""
    return outcome in HANDLED or (outcome == "missed" and callback_done)
