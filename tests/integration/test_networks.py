"""The networks as they really are, through the local cloud: LinkedIn's scopes and what reports say
when one is missing, X's weighted length and Bluesky's graphemes at share time, the API cost."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_share_dispatch import oauth_round_trip, posts_to, publish, share, status_of
from tests.support import eventually

pytestmark = pytest.mark.integration

BASIC = {"openid", "profile", "email", "w_member_social"}  # "Share on LinkedIn" + "Sign In with LinkedIn"


def reported_summary(org, admin, shares=1):
    """The org's summary once the projector has counted `shares` shares."""

    def counted():
        summary = org.http.get("/v1/reports/summary", headers=admin).json()
        return summary if summary["shares"]["value"] == shares else None

    return eventually(counted)


def linkedin_connection(org, who):
    return next(c for c in org.http.get("/v1/me/connections", headers=who).json()["items"] if c["network"] == "linkedin")


def test_linkedin_refuses_a_consent_asking_scopes_the_app_lacks_and_basic_scopes_connect(cloud, org, monkeypatch):
    monkeypatch.setattr(cloud.networks["linkedin"], "app_scopes", set(BASIC))
    eva = org.employee("eva", "Engineering")
    refused = httpx.get(oauth_round_trip(cloud, org, eva, "linkedin", "eva-basic"))
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "oauth_denied"
    assert "unauthorized_scope_error" in refused.json()["error"]["message"]
    assert linkedin_connection(org, eva)["status"] == "not_connected"

    # The admin sets LinkedInScopes to what the app has; connecting works and says what is missing.
    monkeypatch.setenv("LINKEDIN_SCOPES", "openid profile w_member_social")
    done = httpx.get(oauth_round_trip(cloud, org, eva, "linkedin", "eva-basic"))
    assert done.status_code == 200, done.text
    connection = linkedin_connection(org, eva)
    assert connection["scopes"] == ["openid", "profile", "w_member_social"]
    assert connection["missing_scopes"] == {
        "post_metrics": ["r_member_postAnalytics"],
        "followers": ["r_member_profileAnalytics"],
    }
    assert "followers" not in connection  # unknown, not 0

    # Her own count stands in for reach; the report says engagement is not available instead of 0.
    own = org.http.put("/v1/me", json={"name": "Eva", "self_reported_connections": {"linkedin": 640}}, headers=eva)
    assert own.status_code == 200 and own.json()["self_reported_connections"] == {"linkedin": 640}
    content_id = publish(org)
    accepted = eventually(lambda: (r := share(org, eva, content_id)).status_code == 202 and r)
    status_of(org, eva, accepted.json()["share_id"])
    bram = org.token("bram", "admin")
    summary = reported_summary(org, bram)
    assert summary["potential_reach"]["value"] == 640
    assert summary["potential_reach"]["sources"]["self_reported"] == 1
    [gap] = summary["engagement"]["not_available"]
    assert "not available for LinkedIn: the app lacks r_member_postAnalytics" in gap["message"]
    rows = {r["network"]: r for r in org.http.get("/v1/reports/networks", headers=bram).json()["networks"]}
    assert rows["linkedin"]["engagement"] is None


def test_x_weighs_a_dutch_salary_post_as_x_does_and_bluesky_counts_graphemes(cloud, org):
    eva = org.employee("eva", "Engineering")
    assert httpx.get(oauth_round_trip(cloud, org, eva, "x", "eva-x2")).status_code == 200
    bsky = {"identifier": "eva2.bsky.social", "app_password": "abcd-efgh"}
    assert org.http.post("/v1/me/connections/bluesky", json=bsky, headers=eva).status_code == 201
    content_id = publish(org)

    # 250 characters: with the link they fit by code points, but X weighs € and … as 2.
    salary = ("Salaris €4.500–€6.000… " * 11)[:250]
    refused = eventually(lambda: (r := share(org, eva, content_id, salary, network="x")).status_code != 404 and r)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "text_too_long"
    assert refused.json()["error"]["length"] > 280

    family = "👨‍👩‍👧‍👦" * 60  # 60 graphemes, 420 code points: fits Bluesky's 300 graphemes
    accepted = share(org, eva, content_id, family, network="bluesky")
    assert accepted.status_code == 202, accepted.text
    status_of(org, eva, accepted.json()["share_id"])
    [post] = posts_to(cloud, accepted.json()["tracked_url"], "bluesky")
    assert post["text"].startswith(family) and post["text"].endswith(accepted.json()["tracked_url"])

    link = accepted.json()["tracked_url"]
    over = "b" * (300 - 2 - len(link) + 1)  # one grapheme too many once the whole link is appended
    too_long = share(org, eva, content_id, over, network="bluesky")
    assert too_long.status_code == 422 and too_long.json()["error"]["length"] == 301


def test_reports_put_xs_api_cost_next_to_the_media_value(cloud, org):
    eva = org.employee("eva", "Engineering")
    assert httpx.get(oauth_round_trip(cloud, org, eva, "x", "eva-x3")).status_code == 200
    content_id = publish(org)
    accepted = eventually(lambda: (r := share(org, eva, content_id, network="x")).status_code == 202 and r)
    status_of(org, eva, accepted.json()["share_id"])
    bram = org.token("bram", "admin")
    summary = reported_summary(org, bram)
    x = summary["api_cost"]["inputs"]["networks"]["x"]
    assert x["posts"] == 1 and x["currency"] == "USD" and x["cost"] == round(0.20 + 18 * 0.005, 2)
    assert summary["api_cost"]["value"] == round((0.20 + 18 * 0.005) * 0.86, 2)
    value, cost = summary["media_value"]["value"], summary["api_cost"]["value"]
    assert summary["media_value_after_api_cost"]["value"] == round(value - cost, 2)
