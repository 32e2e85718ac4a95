"""Caller-ID sources: one per device kind, all emitting :class:`desk_app.domain.call_event.CallEvent`."""
