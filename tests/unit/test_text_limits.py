"""One length counter per network: X by twitter-text's published conformance file, Bluesky in
graphemes with the whole appended link, LinkedIn in characters."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from estafette import text_limits
from estafette.domain import Network
from estafette.text_limits import check, graphemes, post_length, text_length, x_length, x_parse

CONFORMANCE = Path(__file__).parents[1] / "conformance" / "twitter-text" / "validate.yml"
CASES = yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))["tests"]
V3_SECTIONS = ("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")
TRACKED = "https://estafette.acme.com/r/AbCdEfGh12"


def v3_cases():
    for section in V3_SECTIONS:
        for case in CASES[section]:
            yield pytest.param(case, id=f"{section}: {case['description']}")


@pytest.mark.parametrize("case", list(v3_cases()))
def test_x_counts_as_twitter_text_v3_does(case):
    parsed = x_parse(case["text"])
    for field, expected in case["expected"].items():
        assert getattr(parsed, field) == expected, field
    assert x_length(case["text"]) == case["expected"]["weightedLength"]


def test_the_library_also_passes_the_v2_section_under_the_v2_configuration():
    from twitter_text import parse_tweet
    from twitter_text.config import config

    v2 = {**config["version2"], "emoji_parsing_enabled": False}
    cases = CASES["WeightedTweetsCounterTest"]
    results = [parse_tweet(case["text"], v2).weightedLength == case["expected"]["weightedLength"] for case in cases]
    assert len(results) == 20 and all(results)


def test_the_conformance_file_is_the_published_one_with_its_licence():
    assert len(CASES["WeightedTweetsWithDiscountedEmojiCounterTest"]) == 22
    assert "Apache License" in (CONFORMANCE.parent / "LICENSE").read_text()


def test_a_dutch_salary_post_that_x_weighs_over_280_does_not_fit():
    # € and … weigh 2 on X, and the tracked link 23 with the two newlines before it.
    text = "Wij zoeken een backend developer (m/v/x) in Utrecht… Salaris €4.500–€6.000 per maand! " * 2 + "Reageer!"
    assert len(text) < 280 - 25
    assert x_length(text) == len(text) + text.count("€") + text.count("…")
    assert post_length(text, Network.X, TRACKED) == x_length(text) + 2 + 23
    verdict = check(text, Network.X, TRACKED)
    assert verdict.length == len(text) + 6 + 25 and verdict.fits  # four €, two …
    longer = (text + " Kom werken bij ons, met thuiswerken en een opleidingsbudget." + " Echt!" * 5)[:252]
    assert len(longer) + 25 <= 280 < check(longer, Network.X, TRACKED).length
    assert not check(longer, Network.X, TRACKED).fits


def test_x_weighs_emoji_cjk_and_urls_as_x_does():
    assert x_length("😷") == 2 and x_length("👨‍👩‍👧‍👦") == 2  # an emoji sequence counts once, at weight 2
    assert x_length("日本語") == 6
    assert x_length("see example.com/" + "a" * 100) == 4 + 23  # a URL without protocol is a URL too
    assert x_length("") == 0


def test_bluesky_counts_graphemes_so_family_emoji_fit():
    family = "👨‍👩‍👧‍👦"
    assert len(family) == 7 and graphemes(family) == 1
    text = family * 100  # 100 graphemes, 700 code points, 2500 bytes
    assert text_length(text, Network.BLUESKY) == 100 and check(text, Network.BLUESKY).fits
    assert not check(family * 130, Network.BLUESKY).fits  # 130 graphemes but 3250 bytes: over the byte limit
    assert check(family * 130, Network.BLUESKY).as_json()["too_many_bytes"] is True


def test_bluesky_counts_the_whole_appended_link_not_23():
    text = "b" * 275
    assert post_length(text, Network.BLUESKY, TRACKED) == 275 + 2 + len(TRACKED)
    assert not check(text, Network.BLUESKY, TRACKED).fits
    room = 300 - 2 - len(TRACKED)
    assert check("b" * room, Network.BLUESKY, TRACKED).fits
    assert not check("b" * (room + 1), Network.BLUESKY, TRACKED).fits


def test_linkedin_counts_3000_characters_and_carries_the_link_outside_the_text():
    assert check("y" * 3000, Network.LINKEDIN, TRACKED).fits
    assert check("y" * 3001, Network.LINKEDIN, TRACKED).length == 3001
    assert text_limits.posted_text("hi", Network.LINKEDIN, TRACKED) == "hi"


def test_a_text_that_already_carries_the_link_gets_it_once():
    text = f"Read this: {TRACKED}"
    assert text_limits.posted_text(text, Network.X, TRACKED) == text
    assert text_limits.text_with_link("", TRACKED) == TRACKED


def test_the_check_speaks_json_with_the_unit_each_network_counts():
    assert check("hallo", Network.X).as_json() == {
        "network": "x",
        "length": 5,
        "limit": 280,
        "remaining": 275,
        "fits": True,
        "unit": "weighted characters",
    }
    assert check("hallo", Network.BLUESKY).unit == "graphemes"
    assert check("hallo", Network.LINKEDIN).unit == "characters"


def test_tracked_link_shape_is_as_long_as_a_real_tracked_link():
    assert len(text_limits.tracked_link_shape("https://estafette.acme.com/")) == len(TRACKED)


def test_the_tracked_link_shape_has_the_length_of_share_dispatchs_codes():
    from share_dispatch.shares import TRACKED_CODE_LENGTH

    assert text_limits.TRACKED_CODE_LENGTH == TRACKED_CODE_LENGTH
