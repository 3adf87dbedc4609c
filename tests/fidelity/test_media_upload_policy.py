"""S3 itself holds an image upload to its form's policy: at most 5 MB, of the type the curator declared.

`POST /v1/media` answers a presigned POST whose policy carries `content-length-range` (1 to
5,242,880 bytes) and `{"Content-Type": <declared type>}`. The browser sends the file straight to
S3, so the API never sees the bytes: whether the limits hold is S3's doing. moto does not check
POST policies; LocalStack's S3 does (docs/fidelity.md), so this runs on `--backend localstack`
(`make test-fidelity`). What the API checks afterwards, when an item refers to the image, is in
tests/unit/test_content_media.py.
"""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.fidelity

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096
ALT = {"en": "A bar chart", "nl": "Een staafdiagram"}


def _form(org, anna) -> dict:
    reply = org.http.post("/v1/media", json={"content_type": "image/png"}, headers=anna)
    assert reply.status_code == 201, reply.text
    return reply.json()


def _item(org, anna, media_id: str) -> httpx.Response:
    body = {"type": "industry", "url": "https://example.com/chart", "title": "A chart", "networks": ["x"]}
    return org.http.post("/v1/content", json={**body, "images": [{"media_id": media_id, "alt": ALT}]}, headers=anna)


def test_s3_refuses_an_upload_over_5_mb_or_of_another_type_and_takes_a_good_one(request, cloud, org):
    if request.config.getoption("--backend") != "localstack":
        pytest.skip("moto accepts any presigned POST whatever its policy says (docs/fidelity.md); run make test-fidelity")
    anna = org.token("anna", "curator")

    large = _form(org, anna)
    upload = large["upload"]
    six_mb = PNG + b"\x00" * (6 * 1024 * 1024)
    refused = httpx.post(upload["url"], data=upload["fields"], files={"file": ("big.png", six_mb, "image/png")}, timeout=60)
    assert refused.status_code == 400 and "EntityTooLarge" in refused.text, refused.text

    other_type = _form(org, anna)
    upload = other_type["upload"]
    page = {**upload["fields"], "Content-Type": "text/html"}  # the form says image/png; the policy holds it to that
    wrong = httpx.post(upload["url"], data=page, files={"file": ("page.html", b"<!doctype html>", "text/html")}, timeout=60)
    assert wrong.status_code == 403 and "Policy Condition failed" in wrong.text, wrong.text

    good = _form(org, anna)
    upload = good["upload"]
    stored = httpx.post(upload["url"], data=upload["fields"], files={"file": ("chart.png", PNG, "image/png")}, timeout=60)
    assert stored.status_code in (200, 201, 204), stored.text

    # Nothing of the refused uploads was stored: an item that refers to one is told so.
    for media_id in (large["media_id"], other_type["media_id"]):
        never = _item(org, anna, media_id)
        assert never.status_code == 422 and never.json()["error"]["code"] == "image_not_uploaded", never.text
    item = _item(org, anna, good["media_id"])
    assert item.status_code == 201, item.text
    assert item.json()["images"][0] | {"alt": None} == {
        "media_id": good["media_id"], "alt": None, "content_type": "image/png", "size": len(PNG), "animated": False,
    }  # fmt: skip
