"""Bad content input comes back as a JSON error that names the field, never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.content_support import ARTICLE, create, person

pytestmark = pytest.mark.integration


def test_bad_content_input_names_the_field(cloud, org):
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    eva = person(org, "eva", "Engineering")
    lists = {"content": {"departments": ["Engineering", "Sales"], "roles": ["Consultant", "Manager"]}}
    assert org.http.put("/v1/org/settings", json=lists, headers=bram).status_code == 200
    now = datetime.now(UTC)
    cases = [
        ({**ARTICLE, "url": "javascript:alert(1)"}, 422, "url"),
        ({**ARTICLE, "url": "ftp://example.com/file"}, 422, "url"),
        ({**ARTICLE, "image_url": "file:///etc/passwd"}, 422, "image_url"),
        ({**ARTICLE, "suggested_texts": {"en": ["x" * 281]}}, 422, "suggested_texts.en.0"),
        ({**ARTICLE, "networks": ["linkedin"], "suggested_texts": {"nl": ["ok", "y" * 3001]}}, 422, "suggested_texts.nl.1"),
        ({**ARTICLE, "suggested_texts": {"de": ["Hallo"]}}, 422, "suggested_texts.de.[key]"),
        ({**ARTICLE, "audience": {"departments": ["Astrology"]}}, 422, "audience.departments.0"),
        ({**ARTICLE, "audience": {"roles": ["Wizard"]}}, 422, "audience.roles.0"),
        ({**ARTICLE, "audience": {"languages": ["fr"]}}, 422, "audience.languages.0"),
        (
            {**ARTICLE, "publish_at": (now + timedelta(days=2)).isoformat(), "expires_at": (now + timedelta(days=1)).isoformat()},
            422,
            "expires_at",
        ),
    ]
    for body, status, field in cases:
        reply = org.http.post("/v1/content", json=body, headers=anna)
        assert reply.status_code == status, (field, reply.text)
        error = reply.json()["error"]
        assert error["field"] == field, (field, error)
        assert error["message"]

    dutch = org.http.post(
        "/v1/content", json={**ARTICLE, "suggested_texts": {"en": ["x" * 281]}}, headers={**anna, "Accept-Language": "nl"}
    )
    assert "tekens" in dutch.json()["error"]["message"]
    assert org.http.post("/v1/content", json=ARTICLE, headers=eva).status_code == 403


def test_html_and_script_are_neutralised(cloud, org):
    item = create(
        org, {**ARTICLE, "title": "<b>Bold</b> move<script>steal()</script>", "summary": "<img src=x onerror=alert(1)>Safe"}
    )
    assert (item["title"], item["summary"]) == ("Bold move", "Safe")


def test_previews_never_reach_into_our_own_network(cloud, org):
    anna = org.token("anna", "curator")
    for url in ("http://127.0.0.1:3000/v1/feed", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"):
        reply = org.http.post("/v1/content/preview", json={"url": url}, headers=anna)
        assert reply.status_code == 422, reply.text
        assert reply.json()["error"] | {"message": ""} == {"code": "preview_refused", "field": "url", "message": ""}
