"""The people who run the programme hear what needs them, across services: content_publishing
emits ContentSubmitted / ContentRejected on the bus, notifications mails the reviewers and the
author, and the local outbox shows the mails."""

from __future__ import annotations

import pytest

from tests.integration.test_notifications import join, mail_to
from tests.support import eventually

pytestmark = pytest.mark.integration


def test_reviewers_hear_of_new_items_and_suggestions_and_authors_of_rejections(cloud, org):
    join(org, "anna", department="Marketing")
    join(org, "bram", department="Marketing", language="nl")
    eva = join(org, "eva")
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    # Using the library once makes a curator or admin a reviewer.
    assert org.http.get("/v1/content", headers=bram).status_code == 200

    body = {"type": "expertise", "url": "https://example.com/planner", "title": "Route planner delivered"}
    content_id = org.http.post("/v1/content", json=body, headers=anna).json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    (review,) = eventually(lambda: mail_to(cloud, f"bram@{org.id}.example"))
    assert review["subject"] == "Te beoordelen: Route planner delivered"
    assert f"/approval?content={content_id}" in review["text"]

    reason = "Noem de klant pas als die het zelf heeft aangekondigd."
    assert org.http.post(f"/v1/content/{content_id}/reject", json={"reason": reason}, headers=bram).status_code == 200
    (rejected,) = eventually(lambda: mail_to(cloud, f"anna@{org.id}.example"))
    assert rejected["subject"] == "Sent back: Route planner delivered"
    assert f"The reason: {reason}" in rejected["text"]

    suggestion = {"occasion": "client_visit", "title": "Visit at Havenbedrijf", "story": "We showed the planner."}
    assert org.http.post("/v1/content/suggestions", json=suggestion, headers=eva).status_code == 201
    mails = eventually(lambda: [m for m in mail_to(cloud, f"anna@{org.id}.example") if "suggests" in m["subject"]])
    assert mails[0]["subject"] == "Eva Tester suggests something to share: Visit at Havenbedrijf"
    assert eventually(lambda: [m for m in mail_to(cloud, f"bram@{org.id}.example") if "stelt iets voor" in m["subject"]])
