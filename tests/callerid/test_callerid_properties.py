"""Hypothesis: a stream split anywhere gives the same calls; random or mutated bytes never raise."""

from __future__ import annotations

import math

import pytest
from callerid_helpers import corpus_cases, parse_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.callerid.formats import FORMATS, make_parser

CASES = corpus_cases()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
@FAST
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_any_split_gives_the_same_calls(case, cuts):
    whole = parse_all(case["format"], [case["raw"]])
    assert parse_all(case["format"], _split(case["raw"], cuts)) == whole


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_byte_by_byte_gives_the_same_calls(case):
    raw = case["raw"]
    assert parse_all(case["format"], [raw[i:i + 1] for i in range(len(raw))]) == \
        parse_all(case["format"], [raw])


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(max_examples=150, deadline=None)
@given(chunks=st.lists(st.binary(max_size=300), max_size=8),
       times=st.lists(st.floats(min_value=0, max_value=100), max_size=8))
def test_random_bytes_never_raise(fmt, chunks, times):
    parser = make_parser(fmt)
    for i, chunk in enumerate(chunks):
        now = sorted(times)[i] if i < len(times) else 100.0
        parser.feed(chunk, now)
        parser.flush(now + 0.1)
    for event in parser.flush(math.inf):
        assert event.source == fmt


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_mutated_corpus_never_raises(case, data):
    raw = bytearray(case["raw"])
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        pos = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "flip" and raw:
            raw[pos] ^= 1 << data.draw(st.integers(0, 7))
        elif op == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=4))
        elif raw:
            del raw[pos]
    parse_all(case["format"], [bytes(raw)])
