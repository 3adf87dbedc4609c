"""The credibility guard's rules as plain data: each one allows, blocks or warns, and says why in nl and en."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from estafette.domain import ContentType, Network
from estafette.settings import GuardSettings, NetworkCaps
from share_dispatch import guard

# A Tuesday, 10:30 in Amsterdam.
TUESDAY_MORNING = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
LINK = "https://estafette.acme.com/r/AbCdEfGh12"  # a tracked link: X counts it as 23, Bluesky in full
SUGGESTED = "Our team wrote down what we learned moving to event-driven serverless. Lesson 3 surprised me."


def candidate(text="In my own words.", network=Network.LINKEDIN, content_type=ContentType.EXPERTISE, **kw):
    values = {
        "text": text,
        "network": network,
        "content_type": content_type,
        "employee_id": "eva",
        "language": "en",
        "timezone": "Europe/Amsterdam",
        "now": TUESDAY_MORNING,
        "company_name": "Acme",
        **kw,
    }
    return guard.Candidate(**values)


def judge(c=None, rules=None, **history):
    return guard.judge(c or candidate(), rules or GuardSettings(), lambda _at: guard.History(**history))


def codes(decisions):
    return [d.code for d in decisions]


def test_a_plain_share_in_own_words_passes_without_remarks():
    verdict = judge()
    assert verdict.allowed and verdict.warnings == [] and not verdict.scheduled
    assert verdict.text == "In my own words."


def test_empty_and_oversize_texts_are_refused_with_422_naming_the_text():
    empty = judge(candidate("   "))
    assert codes(empty.blocks) == ["text_empty"] and empty.blocks[0].status == 422 and empty.blocks[0].field == "text"
    on_x = judge(candidate("x" * 260, network=Network.X, link_url=LINK))  # + two newlines and the 23-character link
    assert codes(on_x.blocks) == ["text_too_long"] and on_x.blocks[0].details == {"length": 285, "limit": 280}
    assert judge(candidate("x" * 260, network=Network.LINKEDIN, link_url=LINK)).allowed


def test_x_weighs_the_text_as_x_does_so_a_dutch_salary_post_over_280_is_refused():
    # 253 characters + the link fit by code points; X weighs € and … as 2, so it is 259 + 25.
    text = ("Salaris €4.500–€6.000… " * 11)[:253]
    assert len(text) + 25 <= 280
    verdict = judge(candidate(text, network=Network.X, link_url=LINK))
    assert codes(verdict.blocks) == ["text_too_long"] and verdict.blocks[0].details["length"] > 280


def test_bluesky_counts_graphemes_and_the_whole_link():
    family = "👨‍👩‍👧‍👦"
    assert judge(candidate(family * 200, network=Network.BLUESKY)).allowed is False  # 5000 bytes: over 3000
    assert judge(candidate(family * 100, network=Network.BLUESKY, link_url=LINK)).allowed  # 100 graphemes + the link
    room = 300 - 2 - len(LINK)
    assert judge(candidate("b" * room, network=Network.BLUESKY, link_url=LINK)).allowed
    refused = judge(candidate("b" * 275, network=Network.BLUESKY, link_url=LINK))
    assert codes(refused.blocks) == ["text_too_long"] and refused.blocks[0].details["length"] == 275 + 2 + len(LINK)


def test_daily_and_weekly_caps_count_per_network_with_overrides():
    rules = GuardSettings(max_shares_per_day=3, max_shares_per_week=5, network_caps={Network.X: NetworkCaps(per_day=1)})
    assert judge(rules=rules, shares_on_day=2).allowed
    day = judge(rules=rules, shares_on_day=3)
    assert codes(day.blocks) == ["daily_cap_reached"] and day.blocks[0].status == 409
    assert codes(judge(candidate(network=Network.X), rules, shares_on_day=1).blocks) == ["daily_cap_reached"]
    week = judge(rules=rules, shares_in_week=5)
    assert codes(week.blocks) == ["weekly_cap_reached"] and "5 times to linkedin this week" in week.blocks[0].message


def test_outside_sharing_hours_the_share_waits_for_the_next_window_in_the_employees_time_zone():
    rules = GuardSettings.model_validate(
        {"outside_sharing_hours": "schedule", "sharing_hours": {"start_hour": 8, "end_hour": 20}}
    )
    late = datetime(2026, 3, 3, 21, 0, tzinfo=UTC)  # 22:00 in Amsterdam
    verdict = judge(candidate(now=late), rules)
    assert verdict.allowed and verdict.scheduled
    assert verdict.post_at == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 Amsterdam
    assert codes(verdict.warnings) == ["outside_sharing_hours_scheduled"] and "2026-03-04 08:00" in verdict.warnings[0].message
    # 21:00 UTC is 16:00 in New York: inside its own window.
    assert not judge(candidate(now=late, timezone="America/New_York"), rules).scheduled
    # Friday evening waits for Monday.
    friday = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)
    assert judge(candidate(now=friday), rules).post_at == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


def test_outside_sharing_hours_can_be_refused_naming_the_next_window():
    rules = GuardSettings.model_validate({"outside_sharing_hours": "block"})
    verdict = judge(candidate(now=datetime(2026, 3, 3, 21, 0, tzinfo=UTC)), rules)
    assert codes(verdict.blocks) == ["outside_sharing_hours"] and verdict.blocks[0].details["next_window"].startswith(
        "2026-03-04T07:00"
    )
    assert judge(rules=rules).allowed  # inside the window


def test_caps_count_on_the_day_a_scheduled_share_goes_out():
    seen = []

    def history_at(at):
        seen.append(guard.local_day(at, "Europe/Amsterdam"))
        return guard.History()

    rules = GuardSettings.model_validate({"outside_sharing_hours": "schedule"})
    guard.judge(candidate(now=datetime(2026, 3, 3, 21, 0, tzinfo=UTC)), rules, history_at)
    assert seen == [("2026-03-04", "2026-W10")]


def test_content_mix_lets_newcomers_start_with_news_but_never_only_news():
    rules = GuardSettings(content_mix_window=10, content_mix_minimum=0.4)  # at most 6 of any 10 may be news
    news = candidate(content_type=ContentType.NEWS)
    assert judge(news, rules).allowed
    assert judge(news, rules, recent_types=("news",) * 5).allowed
    blocked = judge(news, rules, recent_types=("news",) * 6)
    assert codes(blocked.blocks) == ["content_mix_too_corporate"] and "40%" in blocked.blocks[0].message
    assert judge(news, rules, recent_types=("industry", "news", "expertise", "industry") + ("news",) * 4 + ("industry",)).allowed
    assert judge(candidate(content_type=ContentType.INDUSTRY), rules, recent_types=("news",) * 9).allowed
    warn = GuardSettings.model_validate({"content_mix_action": "warn", "content_mix_window": 10})
    assert codes(judge(news, warn, recent_types=("news",) * 9).warnings) == ["content_mix_too_corporate"]


def test_near_duplicates_ask_to_personalise_once_enough_colleagues_posted_the_same():
    rules = GuardSettings(near_duplicate_colleagues=3, near_duplicate_threshold=0.85)
    two = (("daan", SUGGESTED), ("sofie", SUGGESTED))
    assert judge(candidate(SUGGESTED), rules, colleague_texts=two).allowed
    three = (*two, ("liam", SUGGESTED.upper() + "!!"))
    blocked = judge(candidate(SUGGESTED), rules, colleague_texts=three)
    assert codes(blocked.blocks) == ["personalise_text"] and blocked.blocks[0].field == "text"
    own = "I worked on lesson 3 myself: moving to events took us a year, and it was worth it."
    assert judge(candidate(own), rules, colleague_texts=three).allowed
    # My own earlier texts are not colleagues.
    assert judge(candidate(SUGGESTED), rules, colleague_texts=(("eva", SUGGESTED),) * 5).allowed


def test_similarity_ignores_case_punctuation_and_links():
    assert guard.similarity("Great read! https://a.example/x", "great read https://b.example/y") == 1.0
    assert guard.similarity(SUGGESTED, SUGGESTED + " Proud of the team.") > 0.7
    assert guard.similarity(SUGGESTED, "Completely different words about our office party today") == 0.0


def test_the_disclosure_line_is_added_in_the_employees_language_where_policy_asks():
    rules = GuardSettings(disclosure_required=True)
    verdict = judge(candidate("Trots op dit team.", language="nl"), rules)
    assert verdict.text == "Trots op dit team.\n\nIk werk bij Acme."
    assert codes(verdict.warnings) == ["disclosure_added"] and "Ik werk bij Acme." in verdict.warnings[0].message
    already = judge(candidate("Proud of this. I work at Acme."), rules)
    assert already.text == "Proud of this. I work at Acme." and already.warnings == []
    only_x = GuardSettings(disclosure_required=True, disclosure_networks=[Network.X])
    assert judge(rules=only_x).text == "In my own words."
    assert judge(rules=GuardSettings()).warnings == []


@pytest.mark.parametrize("language, fragment", [("en", "You already shared 3 times today"), ("nl", "Je hebt vandaag al 3 keer")])
def test_every_refusal_speaks_the_employees_language(language, fragment):
    verdict = judge(candidate(language=language), GuardSettings(), shares_on_day=3)
    assert fragment in verdict.blocks[0].message


def test_rules_are_org_configurable_and_validated():
    with pytest.raises(ValueError):
        GuardSettings.model_validate({"near_duplicate_action": "shout"})
    with pytest.raises(ValueError):
        GuardSettings.model_validate({"network_caps": {"myspace": {"per_day": 1}}})
    rules = GuardSettings.model_validate({"network_caps": {"x": {"per_week": 2}}})
    assert rules.caps_for(Network.X) == (3, 2) and rules.caps_for(Network.LINKEDIN) == (3, 10)
