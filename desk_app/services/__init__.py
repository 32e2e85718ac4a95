"""Use cases that the desk and the CLI both call (see ``base`` for their shape).

- ``calls`` — a ring looked up and logged (:class:`~desk_app.services.calls.CallDesk`
  keeps the source call → call row map), call-log replays, outcomes, the call log, missed
  calls, ``lookup`` (what ``desk-app lookup`` prints).
- ``calldesk`` — customer search, the card, 重複チェック and registration, postal lookup.
- ``notes`` — 応対メモ, follow-ups, the customers' voices.
- ``operators`` — the clerks offered at sign-in.
- ``orders`` — the order form's context, place, edit, cancel, order detail.
- ``catalogue`` — the product catalogue: load, save, retire, CSV import and export.
- ``shipping`` — the Yamato B2 export.
- ``demo_shop`` — the deterministic demo shop.

Queries return plain values; writes return ``Result(value, Changes)``; refusals raise
``ServiceError`` subclasses whose problems are message codes (``desk_app.domain.messages``).
"""
