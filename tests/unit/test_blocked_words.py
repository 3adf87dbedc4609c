"""Blocked words: whole words and phrases, blind to case and accents, in shares and in curators' texts."""

from __future__ import annotations

import pytest

from estafette import blocked_words
from estafette.settings import GuardSettings, OrgSettings
from share_dispatch import guard
from tests.support import call
from tests.unit.content_support import ANNA, API, ARTICLE
from tests.unit.test_guard import candidate, judge
from tests.unit.test_sharing import article, connected, share  # noqa: F401  (fixtures)

WORDS = ["guaranteed returns", "Crème brûlée", "ass"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("We offer GUARANTEED   returns to all!", "guaranteed returns"),
        ("guaranteed, returns", "guaranteed returns"),
        ("Wat een creme brulee was dat", "Crème brûlée"),
        ("CRÈME BRÛLÉE for everyone", "Crème brûlée"),
        ("what an ass.", "ass"),
        ("A first-class team", None),  # whole words only
        ("Guaranteed delivery and good returns", None),  # a phrase's words must follow each other
        ("", None),
    ],
)
def test_words_and_phrases_match_whole_and_blind_to_case_and_accents(text, found):
    assert blocked_words.find(text, WORDS) == found


def test_the_list_is_validated_and_deduplicated_without_regard_to_case_or_accents():
    rules = GuardSettings.model_validate({"blocked_words": ["  Café  noir ", "cafe NOIR", "spam"]})
    assert rules.blocked_words == ["Café noir", "spam"]
    with pytest.raises(ValueError):
        GuardSettings.model_validate({"blocked_words": ["!!!"]})
    with pytest.raises(ValueError):
        GuardSettings.model_validate({"blocked_words": ["x" * 101]})


@pytest.mark.parametrize(
    "language, fragment",
    [("en", "asks not to use \u201cguaranteed returns\u201d"), ("nl", "vraagt \u201cguaranteed returns\u201d niet")],
)
def test_the_guard_blocks_a_share_naming_the_word_in_the_employees_language(language, fragment):
    rules = GuardSettings(blocked_words=WORDS)
    verdict = judge(candidate("Guaranteed returns, my friends", language=language), rules)
    assert [d.code for d in verdict.blocks] == ["blocked_word"]
    block = verdict.blocks[0]
    assert block.status == 422 and block.field == "text" and block.details == {"word": "guaranteed returns"}
    assert fragment in block.message
    assert judge(candidate("Returns are never guaranteed."), rules).allowed


def save_words(words):
    from estafette import settings

    settings.save("acme", OrgSettings.model_validate({"guard": {"blocked_words": words}}), "bram")


def test_a_curators_suggested_text_with_a_blocked_word_is_refused_naming_field_and_word(stack):
    save_words(WORDS)
    body = {**ARTICLE, "suggested_texts": {"en": ["Worth a read"], "nl": ["Lekker, crème brulée!"]}}
    reply = call(API, "POST", "/v1/content", body, who=ANNA, headers={"accept-language": "nl"})
    assert reply.status == 422
    error = reply.body["error"]
    assert error["code"] == "blocked_word_in_text" and error["field"] == "suggested_texts.nl.0"
    assert "\u201cCrème brûlée\u201d" in error["message"] and "geblokkeerd" in error["message"]


def test_an_employees_share_with_a_blocked_word_is_refused_with_the_reason(stack, article, connected):  # noqa: F811
    save_words(WORDS)
    reply = share(article["content_id"], text="This is an ASS of an article")
    assert reply.status == 422, reply.body
    assert stack.drain("DispatchQueue") == []
    assert "\u201cass\u201d" in str(reply.body)
    assert share(article["content_id"], text="A first-class article").status == 202


def test_the_list_is_per_org(stack):
    from estafette import settings

    save_words(["spam"])
    settings.clear_cache()
    assert settings.for_org("acme").guard.blocked_words == ["spam"]
    assert settings.for_org("other").guard.blocked_words == []
    assert guard.judge(candidate("spam"), settings.for_org("other").guard, lambda _at: guard.History()).allowed
