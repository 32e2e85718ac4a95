"""Folding of names and readings so that search does not care how the clerk typed.

Clerks type フリガナ in hiragana or katakana, sometimes half-width (ｶﾀｶﾅ) from old
habits, sometimes with a space between family and given name. Stored keys and queries go
through the same fold: NFKC (half- to full-width), hiragana → katakana (jaconv), spaces
removed. Long vowel marks and small kana are kept: they distinguish real names.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"[\s\u3000・･]+")


def fold_kana(text: str) -> str:
    """Search key for a reading: full-width katakana, no spaces."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    folded = jaconv.hira2kata(folded)
    return _SPACES.sub("", folded)


def fold_name(text: str) -> str:
    """Search key for a name: NFKC (full-width Latin to ASCII), lower-case, no spaces."""
    if not text:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def to_katakana_reading(text: str) -> str:
    """What the フリガナ field stores: full-width katakana with the clerk's spacing kept."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    folded = re.sub(r"[\s\u3000]+", "\u3000", folded)
    return jaconv.hira2kata(folded)


def is_kana(text: str) -> bool:
    """True when the text is a reading (kana, long vowel, spaces) — search goes to kana_key."""
    key = fold_kana(text)
    return bool(key) and all("\u30a0" <= ch <= "\u30ff" for ch in key)


def prefix_upper_bound(prefix: str) -> str:
    """Exclusive upper bound of all strings starting with *prefix*, for index range scans
    (works the same in SQLite and PostgreSQL, unlike LIKE with collations)."""
    return prefix + "\U0010ffff"
