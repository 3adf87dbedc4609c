"""Sharing through the local cloud: connecting networks, the credibility guard, consents, scheduling, retries."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest

from tests.support import eventually

pytestmark = pytest.mark.integration

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/lessons",
    "title": "Lessons from going event-driven",
    "summary": "What we learned.",
    "suggested_texts": {"en": ["Our team wrote down what we learned going event-driven, worth a read"]},
    "audience": {},
}


@pytest.fixture(autouse=True)
def quick_retries():
    """Retries in seconds, not minutes: the worker runs in this process, so its config is ours to set."""
    from estafette import config

    saved = os.environ.get("DISPATCH_BACKOFF_BASE_SECONDS")
    os.environ["DISPATCH_BACKOFF_BASE_SECONDS"] = "1"
    config.load.cache_clear()
    yield
    if saved is None:
        os.environ.pop("DISPATCH_BACKOFF_BASE_SECONDS", None)
    else:
        os.environ["DISPATCH_BACKOFF_BASE_SECONDS"] = saved
    config.load.cache_clear()


def publish(org, body=ARTICLE, **changes):
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    created = org.http.post("/v1/content", json={**body, **changes}, headers=anna)
    assert created.status_code == 201, created.text
    content_id = created.json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    assert org.http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=bram).status_code == 200
    return content_id


def settle(org, who, content_ids):
    """share_dispatch learns about published content through the bus."""
    for content_id in content_ids:
        probe = {"content_id": content_id, "network": "facebook", "text": ""}  # refused for its empty text once known
        eventually(lambda p=probe: org.http.post("/v1/shares", json=p, headers=who).status_code != 404)


def guard_settings(org, **guard):
    bram = org.token("bram", "admin")
    body = {"company_name": "Acme", "guard": {"max_shares_per_day": 20, "max_shares_per_week": 100, **guard}}
    reply = org.http.put("/v1/org/settings", json=body, headers=bram)
    assert reply.status_code == 200, reply.text


def share(org, who, content_id, text=None, network="linkedin", **extra):
    # Every org's "eva" is the same fake person, and networks refuse a person's duplicate posts.
    text = text if text is not None else f"In my own words: worth a read ({org.id}, {content_id})."
    return org.http.post("/v1/shares", json={"content_id": content_id, "network": network, "text": text, **extra}, headers=who)


def status_of(org, who, share_id, wanted="posted", timeout=30.0):
    def check():
        body = org.http.get(f"/v1/shares/{share_id}", headers=who).json()
        return body if body["status"] == wanted else None

    return eventually(check, timeout=timeout)


def posts_to(cloud, tracked_url, network="linkedin"):
    return [p for p in cloud.networks[network].posts if p.get("url") == tracked_url or tracked_url in p.get("text", "")]


# --- connecting networks ----------------------------------------------------------------------


def oauth_round_trip(cloud, org, who, network, user):
    started = org.http.post(f"/v1/me/connections/{network}", headers=who)
    assert started.status_code == 200, started.text
    url = started.json()["authorization_url"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] == [started.json()["state"]]
    assert query["redirect_uri"] == [f"{cloud.base_url}/v1/oauth/{network}/callback"]
    # The employee signs in at the network, which sends the browser back to our callback.
    consent = httpx.get(url + f"&fake_user={user}", follow_redirects=False)
    assert consent.status_code == 302
    return consent.headers["location"]


def test_linkedin_connects_through_oauth_with_pkce_and_posts_with_the_new_token(cloud, org):
    eva = org.employee("eva", "Engineering")
    callback = oauth_round_trip(cloud, org, eva, "linkedin", "eva-li")
    done = httpx.get(callback)
    # The browser lands on the web app's page for the network, which says it worked.
    assert done.status_code == 302, done.text
    assert done.headers["location"] == f"{cloud.base_url}/me/connections/linkedin?outcome=connected"

    listed = org.http.get("/v1/me/connections", headers=eva)
    assert listed.status_code == 200
    linkedin = next(c for c in listed.json()["items"] if c["network"] == "linkedin")
    # The follower count is LinkedIn's (r_member_profileAnalytics was granted), not a uniform default.
    assert linkedin["status"] == "active"
    assert linkedin["followers"] == cloud.networks["linkedin"].followers_of("urn:li:person:eva-li")
    assert "r_member_postAnalytics" in linkedin["scopes"] and "missing_scopes" not in linkedin
    assert linkedin["expires_at"] > datetime.now(UTC).isoformat()
    assert "fake-linkedin-access" not in listed.text and "token" not in listed.text

    # The same callback again (a replayed state) stores nothing and says why.
    replay = httpx.get(callback)
    assert replay.status_code == 302
    assert replay.headers["location"].endswith("/me/connections/linkedin?outcome=failed&reason=oauth_state_invalid")

    content_id = publish(org)
    accepted = eventually(lambda: (r := share(org, eva, content_id)).status_code == 202 and r)
    status_of(org, eva, accepted.json()["share_id"])
    assert posts_to(cloud, accepted.json()["tracked_url"])[0]["author"] == "urn:li:person:eva-li"

    # Disconnecting revokes the token at LinkedIn and forgets it here.
    token = posts_to(cloud, accepted.json()["tracked_url"])[0]["token"]
    gone = org.http.delete("/v1/me/connections/linkedin", headers=eva)
    assert gone.status_code == 200 and gone.json()["revoked_at_network"] is True
    assert token in cloud.networks["linkedin"].revoked
    assert (
        next(c for c in org.http.get("/v1/me/connections", headers=eva).json()["items"] if c["network"] == "linkedin")["status"]
        == "not_connected"
    )


def test_a_forged_oauth_state_stores_nothing(cloud, org):
    noor = org.employee("noor", "Sales")
    callback = oauth_round_trip(cloud, org, noor, "x", "noor-x")
    forged = callback.replace("state=", "state=forged")
    reply = httpx.get(forged)
    assert reply.headers["location"].endswith("/me/connections/x?outcome=failed&reason=oauth_state_invalid")
    no_state = httpx.get(f"{cloud.base_url}/v1/oauth/x/callback?code=abc")
    assert no_state.status_code == 302 and "outcome=failed" in no_state.headers["location"]
    x = next(c for c in org.http.get("/v1/me/connections", headers=noor).json()["items"] if c["network"] == "x")
    assert x["status"] == "not_connected"
    # The real one still works once.
    assert httpx.get(callback).headers["location"].endswith("/me/connections/x?outcome=connected")


def test_x_and_bluesky_connect_and_post(cloud, org):
    eva = org.employee("eva", "Engineering")
    assert httpx.get(oauth_round_trip(cloud, org, eva, "x", "eva-x")).headers["location"].endswith("outcome=connected")
    bsky = org.http.post(
        "/v1/me/connections/bluesky", json={"identifier": "eva.bsky.social", "app_password": "abcd-efgh"}, headers=eva
    )
    assert bsky.status_code == 201, bsky.text
    assert "abcd-efgh" not in bsky.text and bsky.json()["name"] == "eva.bsky.social"
    content_id = publish(org)
    for network in ("x", "bluesky"):
        accepted = eventually(lambda n=network: (r := share(org, eva, content_id, network=n)).status_code == 202 and r)
        status_of(org, eva, accepted.json()["share_id"])
        assert len(posts_to(cloud, accepted.json()["tracked_url"], network)) == 1
    bad = org.http.post("/v1/me/connections/bluesky", json={"identifier": "eva"}, headers=eva)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "app_password"
    intent = org.http.post("/v1/me/connections/facebook", headers=eva)
    assert intent.status_code == 422 and intent.json()["error"]["code"] == "network_needs_no_connection"


# --- the credibility guard --------------------------------------------------------------------


def test_caps_per_network_per_day_and_per_week(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    guard_settings(org, max_shares_per_week=3, network_caps={"linkedin": {"per_day": 2}})
    ids = [publish(org, url=f"https://example.com/{n}", title=f"Item {n}") for n in range(5)]
    settle(org, eva, ids)
    assert share(org, eva, ids[0], "First, in my words.").status_code == 202
    assert share(org, eva, ids[1], "Second, in my words.").status_code == 202
    blocked = share(org, eva, ids[2], "Third, in my words.")
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "daily_cap_reached"
    assert "2 times today" in blocked.json()["error"]["message"]
    # The weekly cap counts per network too: X is still open.
    assert httpx.get(oauth_round_trip(cloud, org, eva, "x", "eva-x2")).status_code == 200
    for n in range(3):
        assert share(org, eva, ids[n], f"On X, number {n}", network="x").status_code == 202
    weekly = share(org, eva, ids[3], "On X, once more", network="x")
    assert weekly.status_code == 409 and weekly.json()["error"]["code"] == "weekly_cap_reached"
    nl = org.http.post(
        "/v1/shares", json={"content_id": ids[4], "network": "x", "text": "x"}, headers={**eva, "Accept-Language": "nl"}
    )
    assert "deze week al 3 keer" in nl.json()["error"]["message"]


def test_sharing_hours_schedule_or_block_outside_the_window(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    tomorrow = (datetime.now(ZONE) + timedelta(days=1)).weekday()
    hours = {"start_hour": 9, "end_hour": 17, "weekdays": [tomorrow]}
    guard_settings(org, sharing_hours=hours, outside_sharing_hours="schedule")
    ids = [publish(org, url=f"https://example.com/h{n}", title=f"Hours {n}") for n in range(3)]
    settle(org, eva, ids)
    later = share(org, eva, ids[0])
    assert later.status_code == 202, later.text
    assert later.json()["status"] == "scheduled"
    warning = later.json()["warnings"][0]
    assert warning["code"] == "outside_sharing_hours_scheduled" and "09:00" in warning["message"]
    assert datetime.fromisoformat(warning["post_at"]) > datetime.now(UTC)

    guard_settings(org, sharing_hours=hours, outside_sharing_hours="block")
    refused = share(org, eva, ids[1])
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "outside_sharing_hours"
    assert refused.json()["error"]["next_window"]

    guard_settings(
        org, sharing_hours={"start_hour": 0, "end_hour": 24, "weekdays": list(range(7))}, outside_sharing_hours="block"
    )
    now = share(org, eva, ids[1])
    assert now.status_code == 202 and now.json()["status"] == "queued"


ZONE = __import__("zoneinfo").ZoneInfo("Europe/Amsterdam")


def test_content_mix_keeps_company_news_from_taking_over(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    guard_settings(org, content_mix_window=5, content_mix_minimum=0.4)  # at most 3 of any 5 shares are news
    news = [publish(org, type="news", url=f"https://example.com/n{n}", title=f"News {n}") for n in range(4)]
    expertise = publish(org, url="https://example.com/e", title="Expertise")
    settle(org, eva, [*news, expertise])
    for n in range(3):
        assert share(org, eva, news[n], f"News in my words {n}").status_code == 202
    blocked = share(org, eva, news[3], "More news in my words")
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "content_mix_too_corporate"
    assert "40%" in blocked.json()["error"]["message"]
    assert share(org, eva, expertise, "Something I know about").status_code == 202
    guard_settings(org, content_mix_window=5, content_mix_minimum=0.4, content_mix_action="warn")
    warned = share(org, eva, news[3], "More news in my words")
    assert warned.status_code == 202 and warned.json()["warnings"][0]["code"] == "content_mix_too_corporate"


def test_near_duplicates_ask_for_personal_words(cloud, org):
    people = [org.employee(name, "Engineering", followers=100) for name in ("eva", "daan", "sofie", "liam")]
    guard_settings(org, near_duplicate_colleagues=3)
    content_id = publish(org)
    settle(org, people[0], [content_id])
    same = ARTICLE["suggested_texts"]["en"][0]
    for who in people[:3]:
        assert share(org, who, content_id, same).status_code == 202
    fourth = share(org, people[3], content_id, same + "!")
    assert fourth.status_code == 409 and fourth.json()["error"]["code"] == "personalise_text"
    assert fourth.json()["error"]["field"] == "text"
    own = share(org, people[3], content_id, "I helped write chapter two; the part about retries is my favourite.")
    assert own.status_code == 202


def test_text_limits_and_the_disclosure_line(cloud, org):
    eva = org.employee("eva", "Engineering", followers=100)
    guard_settings(org, disclosure_required=True)
    ids = [publish(org, url=f"https://example.com/t{n}", title=f"T{n}") for n in range(2)]
    settle(org, eva, ids)
    too_long = share(org, eva, ids[0], "x" * 2990)  # with the disclosure line it no longer fits
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "text_too_long"
    empty = share(org, eva, ids[0], "  ")
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "text_empty"
    fine = share(org, eva, ids[0], "Proud of this.")
    assert fine.status_code == 202
    assert fine.json()["warnings"][0]["code"] == "disclosure_added"
    status_of(org, eva, fine.json()["share_id"])
    assert posts_to(cloud, fine.json()["tracked_url"])[0]["text"] == "Proud of this.\n\nI work at Acme."


# --- consent ----------------------------------------------------------------------------------


def test_vacancies_are_shared_for_employees_who_consented_and_only_them(cloud, org):
    eva = org.employee("eva", "Engineering", followers=750)
    org.employee("daan", "Engineering", followers=400)  # no consent: gets the vacancy in the feed only
    given = org.http.post("/v1/me/consents", json={"network": "linkedin"}, headers=eva)
    assert given.status_code == 201, given.text
    consent_id = given.json()["consent_id"]
    assert given.json()["department"] == "Engineering" and given.json()["content_type"] == "vacancy"
    again = org.http.post("/v1/me/consents", json={"network": "linkedin"}, headers=eva)
    assert again.status_code == 409 and again.json()["error"]["code"] == "consent_exists"
    # A curator cannot give consent for someone else: every consent route acts on the caller alone.
    anna = org.token("anna", "curator")
    assert org.http.post("/v1/me/consents", json={"network": "linkedin"}, headers=anna).status_code == 403

    vacancy = {
        "vacancy_id": "ENG-9",
        "title": "Platform Engineer",
        "url": "https://example.com/jobs/9",
        "department": "Engineering",
    }
    assert org.webhook("vacancy.opened", vacancy).status_code == 202

    def auto_share():
        items = org.http.get("/v1/shares", headers=eva).json()["items"]
        return next((s for s in items if s.get("consent_id") == consent_id and s["status"] == "posted"), None)

    posted = eventually(auto_share)
    assert len(posts_to(cloud, posted["tracked_url"])) == 1
    daan = org.token("daan")
    assert org.http.get("/v1/shares", headers=daan).json()["items"] == []

    # Revoked: the next vacancy is not shared for her. The history keeps both steps.
    revoked = org.http.delete(f"/v1/me/consents/{consent_id}", headers=eva)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert org.http.delete(f"/v1/me/consents/{consent_id}", headers=eva).status_code == 409
    history = org.http.get("/v1/me/consents", headers=eva).json()["history"]
    assert [h["action"] for h in history] == ["revoked", "given"]
    assert (
        org.webhook("vacancy.opened", {**vacancy, "vacancy_id": "ENG-10", "url": "https://example.com/jobs/10"}).status_code
        == 202
    )
    time.sleep(3)
    assert len(org.http.get("/v1/shares", headers=eva).json()["items"]) == 1


# --- scheduling -------------------------------------------------------------------------------


def test_a_scheduled_share_goes_out_at_its_time_and_another_is_cancelled(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    ids = [publish(org, url=f"https://example.com/s{n}", title=f"S{n}") for n in range(3)]
    settle(org, eva, ids)
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    first = share(org, eva, ids[0], scheduled_at=soon)
    assert first.status_code == 202 and first.json()["status"] == "scheduled"
    second = share(org, eva, ids[1], "Later this week", scheduled_at=later)
    assert second.status_code == 202 and second.json()["status"] == "scheduled"
    assert posts_to(cloud, first.json()["tracked_url"]) == []

    time.sleep(2.5)
    cloud.function("ShareReleaseFunction").invoke({"detail-type": "Scheduled Event", "detail": "{}"})
    status_of(org, eva, first.json()["share_id"])
    assert len(posts_to(cloud, first.json()["tracked_url"])) == 1

    cancelled = org.http.delete(f"/v1/shares/{second.json()['share_id']}", headers=eva)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = org.http.delete(f"/v1/shares/{second.json()['share_id']}", headers=eva)
    assert again.status_code == 409 and again.json()["error"]["code"] == "share_not_cancellable"
    posted = org.http.delete(f"/v1/shares/{first.json()['share_id']}", headers=eva)
    assert posted.status_code == 409
    # Cancelled, so the item can be shared again.
    assert share(org, eva, ids[1], "Now after all").status_code == 202

    past = share(org, eva, ids[2], scheduled_at="2020-01-01T10:00:00+00:00")
    assert past.status_code == 422 and past.json()["error"]["code"] == "scheduled_in_past"
    assert past.json()["error"]["field"] == "scheduled_at"
    naive = share(org, eva, ids[2], scheduled_at="2030-01-01T10:00:00")
    assert naive.status_code == 422 and naive.json()["error"]["field"] == "scheduled_at"


# --- the worker: 401, 429, 5xx, redelivery ----------------------------------------------------


def test_an_expired_token_fails_the_share_and_asks_to_reconnect(cloud, org):
    eva = org.employee("eva", "Engineering")
    from local.seed import connect_linkedin

    token = connect_linkedin(cloud, org.id, "eva", 300)
    cloud.networks["linkedin"].expire_token(token)
    content_id = publish(org)
    settle(org, eva, [content_id])
    accepted = share(org, eva, content_id)
    failed = status_of(org, eva, accepted.json()["share_id"], "failed")
    assert failed["failure"] == "connection_expired"
    linkedin = next(c for c in org.http.get("/v1/me/connections", headers=eva).json()["items"] if c["network"] == "linkedin")
    assert linkedin["status"] == "expired"
    again = share(org, eva, content_id)
    assert again.status_code == 409 and again.json()["error"]["connect"]["path"] == "/v1/me/connections/linkedin"


def test_rate_limits_and_server_errors_are_retried_honouring_retry_after(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    ids = [publish(org, url=f"https://example.com/r{n}", title=f"R{n}") for n in range(2)]
    settle(org, eva, ids)
    linkedin = cloud.networks["linkedin"]

    linkedin.fail_next(429, retry_after=3)
    started = time.monotonic()
    limited = share(org, eva, ids[0])
    status_of(org, eva, limited.json()["share_id"])
    assert time.monotonic() - started >= 3
    assert len(posts_to(cloud, limited.json()["tracked_url"])) == 1

    linkedin.fail_next(503, count=2)
    busy = share(org, eva, ids[1], "Second try")
    status_of(org, eva, busy.json()["share_id"])
    assert len(posts_to(cloud, busy.json()["tracked_url"])) == 1


def test_a_lost_answer_is_recovered_without_a_second_post(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    content_id = publish(org)
    settle(org, eva, [content_id])
    cloud.networks["linkedin"].lose_next_answers(1)
    accepted = share(org, eva, content_id)
    posted = status_of(org, eva, accepted.json()["share_id"])
    posts = posts_to(cloud, accepted.json()["tracked_url"])
    assert len(posts) == 1 and posted["external_post_id"] == posts[0]["id"]


@pytest.mark.parametrize("network", ["x", "bluesky"])
def test_a_lost_answer_on_x_or_bluesky_finds_the_earlier_post_instead_of_posting_again(cloud, org, network):
    eva = org.employee("eva", "Engineering")
    if network == "x":
        assert httpx.get(oauth_round_trip(cloud, org, eva, "x", f"eva-{org.id}")).status_code == 200
    else:
        login = {"identifier": f"eva-{org.id}.bsky.social", "app_password": "abcd-efgh"}
        assert org.http.post("/v1/me/connections/bluesky", json=login, headers=eva).status_code == 201
    content_id = publish(org)
    settle(org, eva, [content_id])
    fake = cloud.networks[network]
    lookups = fake.calls("GET")
    fake.lose_next_answers(1)
    accepted = share(org, eva, content_id, network=network)
    posted = status_of(org, eva, accepted.json()["share_id"])
    posts = posts_to(cloud, accepted.json()["tracked_url"], network)
    assert len(posts) == 1 and posted["external_post_id"] == posts[0]["id"]
    assert fake.calls("GET") > lookups  # the recovery looked before it would have posted


def test_giving_up_records_share_failed_and_leaves_the_message_in_the_dlq(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    content_id = publish(org)
    settle(org, eva, [content_id])
    cloud.networks["linkedin"].fail_next(503, count=5)
    accepted = share(org, eva, content_id)
    failed = status_of(org, eva, accepted.json()["share_id"], "failed", timeout=60)
    assert failed["failure"] == "retries_exhausted"
    sqs = boto3.session.Session().client("sqs")
    dlq = cloud.template.physical["DispatchDLQ"]
    eventually(lambda: cloud.dead_letters()["DispatchDLQ"] == 1, timeout=20)
    for message in sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", []):
        sqs.delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
    assert posts_to(cloud, accepted.json()["tracked_url"]) == []


# --- offboarding ------------------------------------------------------------------------------


def test_a_leaver_has_tokens_revoked_and_scheduled_shares_cancelled(cloud, org):
    eva = org.employee("eva", "Engineering")
    assert httpx.get(oauth_round_trip(cloud, org, eva, "linkedin", "eva-leaver")).status_code == 200
    assert org.http.post("/v1/me/consents", json={"network": "linkedin"}, headers=eva).status_code == 201
    content_id = publish(org)
    settle(org, eva, [content_id])
    later = share(org, eva, content_id, scheduled_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    assert later.status_code == 202
    linkedin = cloud.networks["linkedin"]
    token = next(t for t, account in linkedin.valid_tokens.items() if account == "urn:li:person:eva-leaver")
    assert org.webhook("employee.left", {"employee_id": "eva"}).status_code == 202

    eventually(lambda: org.http.get(f"/v1/shares/{later.json()['share_id']}", headers=eva).json()["status"] == "cancelled")
    assert token in linkedin.revoked
    consents = org.http.get("/v1/me/consents", headers=eva).json()
    assert consents["items"][0]["status"] == "revoked" and consents["history"][0]["reason"] == "employee_left"
    assert org.http.get("/v1/me/connections", headers=eva).json()["items"][0]["status"] == "not_connected"


def test_the_composer_checks_a_share_before_sending_it_and_nothing_is_stored(cloud, org):
    eva = org.employee("eva", "Engineering", followers=500)
    daan = {**org.employee("daan", "Engineering", language="nl", followers=300), "Accept-Language": "nl"}
    content_id = publish(org)
    settle(org, eva, [content_id])

    text = "Wat we leerden van event-driven: https://example.com/" + "x" * 60
    checked = org.http.post("/v1/shares/check", json={"content_id": content_id, "network": "x", "text": text}, headers=daan)
    assert checked.status_code == 200, checked.text
    verdict = checked.json()
    # Daan has not connected X yet: a reason in his language, with where to connect.
    assert [r["code"] for r in verdict["reasons"]] == ["network_not_connected"]
    assert (
        verdict["reasons"][0]["message"]
        != org.http.post(
            "/v1/shares/check",
            json={"content_id": content_id, "network": "x", "text": text},
            headers={**daan, "Accept-Language": "en"},
        ).json()["reasons"][0]["message"]
    )
    # X counts a URL with a domain as 23; the local cloud's tracked links live on an IP address, which X
    # does not recognise as a link, so the appended blank line and link count character by character.
    link = 2 + len(f"{cloud.base_url}/r/") + 10
    assert verdict["length"] == {
        "text": len("Wat we leerden van event-driven: ") + 23,
        "link": link,
        "total": 33 + 23 + link,
        "limit": 280,
    }

    ok = org.http.post(
        "/v1/shares/check", json={"content_id": content_id, "network": "linkedin", "text": "Worth it"}, headers=eva
    )
    assert ok.json()["allowed"] is True and ok.json()["reasons"] == []
    assert org.http.get("/v1/shares", headers=eva).json()["items"] == []
    assert (
        org.http.post(
            "/v1/shares", json={"content_id": content_id, "network": "linkedin", "text": "Worth it"}, headers=eva
        ).status_code
        == 202
    )
    again = org.http.post(
        "/v1/shares/check", json={"content_id": content_id, "network": "linkedin", "text": "Again"}, headers=eva
    )
    assert [r["code"] for r in again.json()["reasons"]] == ["already_shared"]
