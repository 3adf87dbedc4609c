"""Blocked words and phrases: an org's list, matched as whole words, blind to case and accents.

One list per org (`GuardSettings.blocked_words`), applied to every text whatever its language:
a Dutch employee may write in English and the other way round, so a word blocked in one
language is blocked in both. The credibility guard refuses a share containing one, and content
validation refuses a curator's suggested text containing one; both name the word as the org
spelled it.

Matching: both sides are folded (Unicode NFKD with combining marks dropped, then casefold, so
"Café" matches "cafe" and "CAFÉ"); a phrase's words may be separated by any run of spaces or
punctuation ("get rich quick" matches "get rich, quick!"); a word only matches whole ("ass"
does not match "class").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MAX_WORDS = 500
MAX_WORD_LENGTH = 100


def fold(text: str) -> str:
    """Text without accents, in case-folded form: the form both sides are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = []
    for word in words:
        parts = fold(word).split()
        if parts:
            alternatives.append(r"[\W_]+".join(re.escape(p) for p in parts))
    if not alternatives:
        return None
    # Longest first, so a phrase wins over a word it starts with.
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def find(text: str, words: Iterable[str]) -> str | None:
    """The first blocked word or phrase in `text`, as the org spelled it; None when there is none."""
    listed = tuple(w for w in words if w.strip())
    pattern = _pattern(listed)
    if pattern is None or not text:
        return None
    match = pattern.search(fold(text))
    if match is None:
        return None
    found = fold(match.group(0))
    for word in listed:
        if _pattern((word,)).fullmatch(found):  # type: ignore[union-attr]
            return word.strip()
    return match.group(0)
