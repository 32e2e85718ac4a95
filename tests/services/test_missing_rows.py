"""A use case asked about a row that is not there refuses with NotFound and its code."""

import pytest

from desk_app.services import calls
from desk_app.services.base import NotFound, ServiceContext, missing_as


def test_missing_as_turns_a_lookup_error_into_not_found():
    with pytest.raises(NotFound) as info, missing_as("call.not_found", "call", call=7):
        raise LookupError(7)
    assert info.value.code == "call.not_found" and info.value.problems[0].field == "call"
    assert "7" in info.value.text("en")
    with pytest.raises(ValueError):  # anything else passes through untouched
        with missing_as("call.not_found", call=1):
            raise ValueError("x")


def test_a_missing_call_is_not_found_and_nothing_is_written(store):
    ctx = ServiceContext(store)
    with pytest.raises(NotFound) as info:
        calls.mark_callback_done(ctx, 10**6)
    assert info.value.code == "call.not_found"
    with pytest.raises(NotFound):
        calls.set_outcome(ctx, 10**6, "order")
    assert calls.call_log(ctx) == []
