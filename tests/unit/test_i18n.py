"""Which language a person reads: Accept-Language with its weights, and the language a post is written in."""

from __future__ import annotations

import pytest

from estafette.domain import Language
from estafette.i18n import pick_language, text_language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("nl", Language.NL),
        ("nl-NL,nl;q=0.9,en;q=0.8", Language.NL),
        ("en-GB,en;q=0.9,nl;q=0.8", Language.EN),
        ("nl;q=0, en", Language.EN),  # q=0 means "not Dutch"
        ("nl;q=0", Language.EN),  # nothing acceptable: the default
        ("en;q=0.5, nl", Language.NL),  # the higher weight wins, wherever it is listed
        ("de, fr;q=0.9, nl;q=0.3", Language.NL),
        ("en;q=0.8, nl;q=0.8", Language.EN),  # equal weights: the first
        ("NL-be", Language.NL),
        ("nl;q=abc, en;q=0.1", Language.EN),  # a malformed weight counts as 0
        ("*", Language.EN),
        ("", Language.EN),
    ],
)
def test_accept_language_weights_are_honoured(header, language):
    assert pick_language(header) is language


def test_the_language_of_a_post_is_read_from_its_words():
    assert text_language("Mooi artikel van onze collega's: de moeite waard voor iedereen die met data werkt.") is Language.NL
    assert text_language("Our team wrote down what we learned, and it is worth a read.") is Language.EN
    assert text_language("🚀🚀 https://example.com") is None
