"""Admins configure the organisation; every service follows the settings."""

from __future__ import annotations

from datetime import UTC, datetime

from estafette.domain import Network
from estafette.events import EventMetadata, LinkClicked
from tests.support import call, claims

SETTINGS = "organisation.handlers.api"
BRAM = claims("bram", roles=("admin",))
ANNA = claims("anna", roles=("curator",))


def test_admin_reads_defaults_before_configuring_anything(stack):
    reply = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM)
    assert reply.status == 200
    assert reply.body["reporting"]["cpc_eur"] == {"linkedin": "3.00"}
    assert reply.body["guard"]["max_shares_per_day"] == 3
    assert reply.body["content"]["allow_self_approval"] is False


def test_curator_cannot_change_org_settings(stack):
    assert call(SETTINGS, "GET", "/v1/org/settings", who=ANNA).status == 403
    assert call(SETTINGS, "PUT", "/v1/org/settings", {}, who=ANNA).status == 403


def test_invalid_settings_name_the_field(stack):
    reply = call(SETTINGS, "PUT", "/v1/org/settings", {"guard": {"max_shares_per_day": 0}}, who=BRAM)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "guard.max_shares_per_day"
    unknown = call(SETTINGS, "PUT", "/v1/org/settings", {"guard": {"max_posts": 5}}, who=BRAM)
    assert unknown.status == 422 and unknown.body["error"]["field"] == "guard.max_posts"
    hours = call(SETTINGS, "PUT", "/v1/org/settings", {"guard": {"sharing_hours": {"start_hour": 18, "end_hour": 9}}}, who=BRAM)
    assert hours.status == 422


def test_a_vanishingly_small_ratio_is_stored_not_refused_by_dynamodb(stack):
    # DynamoDB numbers stop at 1e-130; a ratio that small is zero for every purpose.
    reply = call(SETTINGS, "PUT", "/v1/org/settings", {"reporting": {"visibility_low": 1e-200}}, who=BRAM)
    assert reply.status == 200, reply.body
    assert call(SETTINGS, "GET", "/v1/org/settings", who=BRAM).body["reporting"]["visibility_low"] == 0


def test_configured_cpc_drives_media_value(stack):
    from reporting.projector import project

    body = {"reporting": {"cpc_eur": {"linkedin": 2.5, "x": 1.2}}}
    assert call(SETTINGS, "PUT", "/v1/org/settings", body, who=BRAM).status == 200
    for n, network in enumerate([Network.LINKEDIN, Network.LINKEDIN, Network.X]):
        event = LinkClicked(
            tracked_code="c0de1234",
            share_id="s",
            employee_id="eva",
            content_id="c",
            network=network,
            unique=True,
            clicked_at=datetime.now(UTC),
        )
        project(event, EventMetadata(event_id=f"e{n}", org_id="acme"))
    media = call("reporting.handlers.api", "GET", "/v1/reports/summary", who=ANNA).body["media_value"]
    assert media["value"] == 2 * 2.5 + 1.2
    assert media["networks_without_cpc"] == []


def test_settings_are_per_org(stack):
    call(SETTINGS, "PUT", "/v1/org/settings", {"company_name": "Acme"}, who=BRAM)
    other = call(SETTINGS, "GET", "/v1/org/settings", who=claims("zoe", org_id="globex", roles=("admin",)))
    assert other.body["company_name"] == ""


def test_self_approval_when_the_org_allows_it(stack):
    call(SETTINGS, "PUT", "/v1/org/settings", {"content": {"allow_self_approval": True}}, who=BRAM)
    api = "content_publishing.handlers.api"
    item = call(api, "POST", "/v1/content", {"type": "news", "url": "https://example.com/n", "title": "N"}, who=ANNA).body
    call(api, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    reply = call(api, "POST", f"/v1/content/{item['content_id']}/approve", who=ANNA)
    assert reply.status == 200 and reply.body["status"] == "published"


# --- one field at a time, without overwriting another admin's change -----------------------------

FLEUR = claims("fleur", roles=("admin",))


def _etag(who=BRAM) -> str:
    reply = call(SETTINGS, "GET", "/v1/org/settings", who=who)
    assert reply.status == 200
    return reply.headers["etag"]


def test_patch_changes_one_field_and_keeps_the_rest(stack):
    put = call(SETTINGS, "PUT", "/v1/org/settings", {"company_name": "Acme", "guard": {"max_shares_per_week": 8}}, who=BRAM)
    assert put.status == 200
    reply = call(
        SETTINGS,
        "PATCH",
        "/v1/org/settings",
        {"guard": {"max_shares_per_day": 5}},
        who=BRAM,
        headers={"If-Match": put.headers["etag"]},
    )
    assert reply.status == 200
    assert reply.body["guard"]["max_shares_per_day"] == 5
    after = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM)
    assert after.body["company_name"] == "Acme"
    assert after.body["guard"]["max_shares_per_week"] == 8
    assert after.body["guard"]["max_shares_per_day"] == 5
    assert after.headers["etag"] == reply.headers["etag"] != put.headers["etag"]


def test_null_puts_a_setting_back_to_its_default(stack):
    etag = call(SETTINGS, "PUT", "/v1/org/settings", {"guard": {"max_shares_per_day": 7}}, who=BRAM).headers["etag"]
    reply = call(
        SETTINGS, "PATCH", "/v1/org/settings", {"guard": {"max_shares_per_day": None}}, who=BRAM, headers={"If-Match": etag}
    )
    assert reply.status == 200 and reply.body["guard"]["max_shares_per_day"] == 3


def test_the_second_of_two_admins_gets_412_not_a_silent_overwrite(stack):
    read_by_bram = _etag(BRAM)
    read_by_fleur = _etag(FLEUR)
    assert read_by_bram == read_by_fleur
    first = call(
        SETTINGS, "PATCH", "/v1/org/settings", {"guard": {"max_shares_per_day": 4}}, who=BRAM, headers={"If-Match": read_by_bram}
    )
    assert first.status == 200
    second = call(
        SETTINGS,
        "PATCH",
        "/v1/org/settings",
        {"guard": {"max_shares_per_day": 6}},
        who=FLEUR,
        headers={"If-Match": read_by_fleur},
    )
    assert second.status == 412
    assert second.body["error"]["code"] == "settings_changed_meanwhile"
    assert second.body["error"]["current_etag"] == first.headers["etag"]
    assert call(SETTINGS, "GET", "/v1/org/settings", who=BRAM).body["guard"]["max_shares_per_day"] == 4
    # A PUT with the stale ETag is refused as well; one without If-Match still replaces (older clients).
    stale_put = call(SETTINGS, "PUT", "/v1/org/settings", {}, who=FLEUR, headers={"If-Match": read_by_fleur})
    assert stale_put.status == 412


def test_patch_needs_if_match_and_a_well_formed_one(stack):
    missing = call(SETTINGS, "PATCH", "/v1/org/settings", {"company_name": "X"}, who=BRAM)
    assert missing.status == 428 and missing.body["error"]["field"] == "If-Match"
    garbage = call(SETTINGS, "PATCH", "/v1/org/settings", {"company_name": "X"}, who=BRAM, headers={"If-Match": "yesterday"})
    assert garbage.status == 422 and garbage.body["error"]["field"] == "If-Match"
    dutch = call(SETTINGS, "PATCH", "/v1/org/settings", {"company_name": "X"}, who=BRAM, headers={"accept-language": "nl"})
    assert "If-Match" in dutch.body["error"]["message"] and "Stuur" in dutch.body["error"]["message"]


def test_an_invalid_patch_names_the_field_and_changes_nothing(stack):
    etag = _etag()
    reply = call(
        SETTINGS, "PATCH", "/v1/org/settings", {"guard": {"max_shares_per_day": 0}}, who=BRAM, headers={"If-Match": etag}
    )
    assert reply.status == 422
    assert reply.body["error"]["field"] == "guard.max_shares_per_day"
    assert reply.body["error"]["details"][0]["field"] == "guard.max_shares_per_day"
    unknown = call(SETTINGS, "PATCH", "/v1/org/settings", {"guard": {"max_posts": 1}}, who=BRAM, headers={"If-Match": etag})
    assert unknown.status == 422 and unknown.body["error"]["field"] == "guard.max_posts"
    not_an_object = call(SETTINGS, "PATCH", "/v1/org/settings", ["x"], who=BRAM, headers={"If-Match": etag})
    assert not_an_object.status == 422
    assert _etag() == etag


def test_a_patch_takes_effect_for_the_guard_at_once(stack):
    from estafette import settings

    etag = _etag()
    assert (
        call(
            SETTINGS, "PATCH", "/v1/org/settings", {"guard": {"max_shares_per_day": 9}}, who=BRAM, headers={"If-Match": etag}
        ).status
        == 200
    )
    assert settings.for_org("acme").guard.max_shares_per_day == 9


def test_curator_cannot_patch(stack):
    assert call(SETTINGS, "PATCH", "/v1/org/settings", {}, who=ANNA, headers={"If-Match": '"0"'}).status == 403


def test_settings_answer_the_linkedin_version_health_and_warn_before_the_sunset(stack, monkeypatch):
    from estafette import clock

    clock.install(lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC).timestamp())
    try:
        monkeypatch.setenv("LINKEDIN_VERSION", "202611")
        fresh = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM).body["health"]["linkedin_version"]
        assert (fresh["version"], fresh["status"], fresh["age_months"]) == ("202611", "current", 1)
        assert fresh["supported_until"] == "2027-11"

        monkeypatch.setenv("LINKEDIN_VERSION", "202601")  # 11 months old: LinkedIn stops around 2027-01
        ageing = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM, headers={"Accept-Language": "nl"}).body
        report = ageing["health"]["linkedin_version"]
        assert report["status"] == "ageing" and report["code"] == "linkedin_version_ageing"
        assert "LinkedInVersion" in report["message"] and "maanden oud" in report["message"]

        monkeypatch.setenv("LINKEDIN_VERSION", "202511")  # sunset on 2026-11-16
        sunset = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM).body["health"]["linkedin_version"]
        assert sunset["status"] == "sunset" and "posting to LinkedIn fails" in sunset["message"]

        # The settings round-trip: a PUT may send the read-only health back, and it is not stored.
        assert call(SETTINGS, "PUT", "/v1/org/settings", ageing, who=BRAM).status == 200
        assert "health" not in call(SETTINGS, "PUT", "/v1/org/settings", ageing, who=BRAM).body
    finally:
        clock.reset()


def test_x_api_prices_are_configurable_per_network(stack):
    reply = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM)
    assert reply.body["reporting"]["api_prices"] == {"x": {"currency": "USD", "per_post": "0.200", "per_read": "0.005"}}
    prices = {"api_prices": {"x": {"currency": "USD", "per_post": 0.25, "per_read": 0.01}}, "eur_per_usd": 0.9}
    assert call(SETTINGS, "PUT", "/v1/org/settings", {"reporting": prices}, who=BRAM).status == 200
    bad = call(SETTINGS, "PUT", "/v1/org/settings", {"reporting": {"api_prices": {"x": {"per_post": -1}}}}, who=BRAM)
    assert bad.status == 422 and "api_prices" in bad.body["error"]["field"]


def test_an_hr_location_time_zone_must_be_an_iana_name_and_a_stored_misspelling_still_loads(stack):
    from estafette import settings
    from estafette.aws import table

    body = {"hr": {"locations": {"AMS-HQ": {"name": "Amsterdam", "timezone": "Europe/Amstrdam"}}}}
    refused = call(SETTINGS, "PUT", "/v1/org/settings", body, who=BRAM)
    assert refused.status == 422
    assert refused.body["error"]["field"] == "hr.locations.AMS-HQ.timezone"
    assert "Europe/Amstrdam" in refused.body["error"]["message"]
    body["hr"]["locations"]["AMS-HQ"]["timezone"] = "Europe/Amsterdam"
    assert call(SETTINGS, "PUT", "/v1/org/settings", body, who=BRAM).status == 200
    # A document stored before zones were checked: it loads, and the screen shows what it holds.
    key = {"pk": "ORG#acme", "sk": "SETTINGS"}
    table(settings.table_name()).update_item(
        Key=key,
        UpdateExpression="SET settings.hr.locations.#loc.#tz = :bad",
        ExpressionAttributeNames={"#loc": "AMS-HQ", "#tz": "timezone"},
        ExpressionAttributeValues={":bad": "Europe/Amstrdam"},
    )
    settings.clear_cache()
    shown = call(SETTINGS, "GET", "/v1/org/settings", who=BRAM)
    assert shown.status == 200 and shown.body["hr"]["locations"]["AMS-HQ"]["timezone"] == "Europe/Amstrdam"
