"""Images with alt text: presigned uploads, content that refers to them, shares that post them."""

from __future__ import annotations

import base64
import json

import boto3
import pytest

from local.fakes.network_media import attach_media
from tests.support import call, claims
from tests.unit.content_support import ANNA, API
from tests.unit.test_sharing import article, connected, run_worker, share  # noqa: F401  (fixtures)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1024
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x01" * 512
ITEM = {
    "type": "industry",
    "url": "https://example.com/report",
    "title": "The report",
    "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
}


def bucket() -> str:
    import os

    return os.environ["MEDIA_BUCKET_NAME"]


def upload(content_type="image/png", data=PNG, org="acme", who=ANNA):
    """Ask for an upload form, then put the file where it points (as the browser's POST would)."""
    reply = call(API, "POST", "/v1/media", {"content_type": content_type, "size": len(data)}, who=who)
    assert reply.status == 201, reply.body
    key = reply.body["upload"]["fields"]["key"]
    assert key == f"uploads/{org}/{reply.body['media_id']}"
    boto3.client("s3").put_object(Bucket=bucket(), Key=key, Body=data, ContentType=content_type)
    return reply.body["media_id"]


def test_the_upload_form_carries_the_type_and_size_limits_in_its_policy(stack):
    reply = call(API, "POST", "/v1/media", {"content_type": "image/jpeg"}, who=ANNA)
    assert reply.status == 201
    fields = reply.body["upload"]["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", 1, 5 * 1024 * 1024] in policy["conditions"]
    assert fields["Content-Type"] == "image/jpeg" and reply.body["max_bytes"] == 5 * 1024 * 1024


@pytest.mark.parametrize(
    "body, field",
    [({"content_type": "image/svg+xml"}, "content_type"), ({"content_type": "image/png", "size": 6 * 1024 * 1024}, "size")],
)
def test_a_wrong_type_or_size_is_refused_before_uploading(stack, body, field):
    reply = call(API, "POST", "/v1/media", body, who=ANNA)
    assert reply.status == 422 and reply.body["error"]["field"] == field


def test_only_curators_upload(stack):
    assert call(API, "POST", "/v1/media", {"content_type": "image/png"}, who=claims("eva")).status == 403


def test_content_with_an_image_needs_alt_text_in_each_of_its_languages(stack):
    media_id = upload()
    missing = call(API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "A chart"}}]}, who=ANNA)
    assert missing.status == 422 and missing.body["error"]["field"] == "images.0.alt.nl"
    assert missing.body["error"]["code"] == "alt_text_required"
    blank = call(
        API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "x", "nl": "  "}}]}, who=ANNA
    )
    assert blank.status == 422 and blank.body["error"]["field"].startswith("images.0.alt")
    made = call(
        API,
        "POST",
        "/v1/content",
        {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "A chart", "nl": "Een grafiek"}}]},
        who=ANNA,
    )
    assert made.status == 201, made.body
    assert made.body["images"] == [
        {
            "media_id": media_id,
            "alt": {"en": "A chart", "nl": "Een grafiek"},
            "content_type": "image/png",
            "size": len(PNG),
            "animated": False,
        }
    ]
    # It now lives under media/, out of reach of the lifecycle rule for abandoned uploads.
    assert boto3.client("s3").head_object(Bucket=bucket(), Key=f"media/acme/{media_id}")["ContentLength"] == len(PNG)


def test_an_image_never_uploaded_or_another_orgs_is_a_422(stack):
    never = call(
        API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": "0" * 20, "alt": {"en": "a", "nl": "b"}}]}, who=ANNA
    )
    assert never.status == 422 and never.body["error"] | {"message": ""} == {
        "code": "image_not_uploaded", "field": "images.0.media_id", "message": "",
    }  # fmt: skip
    theirs = upload(org="other", who=claims("olga", roles=("curator",), org_id="other"))
    stolen = call(API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": theirs, "alt": {"en": "a", "nl": "b"}}]}, who=ANNA)
    assert stolen.status == 422 and stolen.body["error"]["code"] == "image_not_uploaded"
    bad_id = call(API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": "../x", "alt": {"en": "a"}}]}, who=ANNA)
    assert bad_id.status == 422 and bad_id.body["error"]["field"].startswith("images.0.media_id")
    five = [{"media_id": upload(), "alt": {"en": "a", "nl": "b"}} for _ in range(5)]
    assert call(API, "POST", "/v1/content", {**ITEM, "images": five}, who=ANNA).status == 422


@pytest.mark.parametrize(
    "stored_type, data, code",
    [
        ("text/html", b"<!doctype html><p>hi</p>", "image_not_accepted"),  # another type
        ("image/png", PNG + b"\x00" * (5 * 1024 * 1024), "image_not_accepted"),  # over 5 MB
        ("image/png", b"<svg xmlns='http://www.w3.org/2000/svg'/>" + b" " * 64, "image_not_what_it_says"),
        ("image/webp", PNG, "image_not_what_it_says"),  # a PNG stored as WebP
    ],
)
def test_a_stored_file_that_is_not_an_allowed_image_is_a_422_and_stays_out_of_the_media_library(stack, stored_type, data, code):
    # S3 enforces the upload form's policy (type as declared, at most 5 MB; see tests/fidelity). This
    # is the second check, when an item first refers to the file: HeadObject for type and size, the
    # first bytes for what the file really is.
    form = call(API, "POST", "/v1/media", {"content_type": "image/png"}, who=ANNA).body
    key = form["upload"]["fields"]["key"]
    boto3.client("s3").put_object(Bucket=bucket(), Key=key, Body=data, ContentType=stored_type)
    image = [{"media_id": form["media_id"], "alt": {"en": "A chart", "nl": "Een grafiek"}}]
    refused = call(API, "POST", "/v1/content", {**ITEM, "images": image, "networks": ["x"]}, who=ANNA)
    assert refused.status == 422, refused.body
    assert refused.body["error"]["code"] == code and refused.body["error"]["field"] == "images.0.media_id"
    assert stored_type in refused.body["error"]["message"]
    dutch = call(API, "POST", "/v1/content", {**ITEM, "images": image}, who=ANNA, headers={"accept-language": "nl"})
    assert dutch.status == 422 and "bestand" in dutch.body["error"]["message"]
    media_key = f"media/acme/{form['media_id']}"
    assert boto3.client("s3").list_objects_v2(Bucket=bucket(), Prefix=media_key).get("KeyCount") == 0


def test_every_allowed_type_is_recognised_by_its_first_bytes():
    from content_publishing.media import is_image_of

    assert is_image_of("image/png", PNG) and is_image_of("image/webp", WEBP)
    assert is_image_of("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF") and is_image_of("image/gif", b"GIF89a\x01\x00")
    assert not is_image_of("image/jpeg", PNG) and not is_image_of("image/gif", b"GIF88a")
    assert not is_image_of("image/svg+xml", b"<svg")


def test_webp_is_refused_for_linkedin_and_fine_for_x(stack):
    media_id = upload("image/webp", WEBP)
    image = [{"media_id": media_id, "alt": {"en": "a", "nl": "b"}}]
    refused = call(API, "POST", "/v1/content", {**ITEM, "images": image, "networks": ["linkedin", "x"]}, who=ANNA)
    assert refused.status == 422 and refused.body["error"]["code"] == "image_type_not_for_network"
    assert call(API, "POST", "/v1/content", {**ITEM, "images": image, "networks": ["x"]}, who=ANNA).status == 201


def test_an_image_over_a_million_bytes_is_refused_for_bluesky_and_fine_for_linkedin(stack):
    media_id = upload("image/png", PNG + b"\x00" * 1_000_000)
    image = [{"media_id": media_id, "alt": {"en": "a", "nl": "b"}}]
    refused = call(API, "POST", "/v1/content", {**ITEM, "images": image, "networks": ["linkedin", "bluesky"]}, who=ANNA)
    assert refused.status == 422 and refused.body["error"]["code"] == "image_too_large_for_network"
    assert refused.body["error"]["field"] == "images.0.media_id" and "1000000" in refused.body["error"]["message"]
    assert call(API, "POST", "/v1/content", {**ITEM, "images": image, "networks": ["linkedin"]}, who=ANNA).status == 201


def test_editing_keeps_the_images_and_can_change_their_alt_text(stack):
    media_id = upload()
    item = call(
        API, "POST", "/v1/content", {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "a", "nl": "b"}}]}, who=ANNA
    ).body
    edited = call(API, "PATCH", f"/v1/content/{item['content_id']}", {"title": "New title"}, who=ANNA)
    assert edited.status == 200 and edited.body["images"][0]["media_id"] == media_id
    alt = call(
        API,
        "PATCH",
        f"/v1/content/{item['content_id']}",
        {"images": [{"media_id": media_id, "alt": {"en": "c", "nl": "d"}}]},
        who=ANNA,
    )
    assert alt.status == 200 and alt.body["images"][0]["alt"] == {"en": "c", "nl": "d"}


def test_a_share_posts_the_image_with_the_alt_text_in_the_employees_language(stack, connected):  # noqa: F811
    from tests.unit.conftest import deliver

    media = attach_media(stack.linkedin)
    media_id = upload()
    body = {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "A chart of reach", "nl": "Een grafiek van bereik"}}]}
    item = call(API, "POST", "/v1/content", body, who=ANNA).body
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=claims("carl", roles=("curator",)))
    deliver(stack, "ShareEventsQueue", "share_dispatch.handlers.events")
    accepted = share(item["content_id"])
    assert accepted.status == 202, accepted.body
    assert run_worker(stack) == {"batchItemFailures": []}
    post = stack.linkedin.posts[-1]
    assert post["images"] == [
        {"id": post["images"][0]["id"], "alt": "A chart of reach", "content_type": "image/png", "size": len(PNG)}
    ]
    assert accepted.body["tracked_url"] in post["text"]
    media.stop()


def test_an_image_gone_from_storage_fails_the_share_with_the_reason_and_posts_nothing(stack, connected):  # noqa: F811
    from tests.unit.conftest import deliver

    media = attach_media(stack.linkedin)
    media_id = upload()
    body = {**ITEM, "images": [{"media_id": media_id, "alt": {"en": "a", "nl": "b"}}]}
    item = call(API, "POST", "/v1/content", body, who=ANNA).body
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=claims("carl", roles=("curator",)))
    deliver(stack, "ShareEventsQueue", "share_dispatch.handlers.events")
    boto3.client("s3").delete_object(Bucket=bucket(), Key=f"media/acme/{media_id}")
    accepted = share(item["content_id"])
    run_worker(stack)
    shown = call("share_dispatch.handlers.api", "GET", f"/v1/shares/{accepted.body['share_id']}", who=claims("eva")).body
    assert shown["status"] == "failed" and "media library" in str(shown)
    assert stack.linkedin.posts == []
    media.stop()


def test_the_feed_and_the_editor_show_the_images_from_the_private_bucket_with_their_alt_text(stack):
    import requests

    from tests.unit.content_support import feed, profile

    media_id = upload()
    alt = {"en": "A chart of reach", "nl": "Een grafiek van bereik"}
    item = call(
        API, "POST", "/v1/content", {**ITEM, "audience": {}, "images": [{"media_id": media_id, "alt": alt}]}, who=ANNA
    ).body
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=claims("carl", roles=("curator",)))

    detail = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body
    [image] = detail["images"]
    assert image["alt"] == alt and image["content_type"] == "image/png"
    assert f"media/acme/{media_id}" in image["url"] and "Signature" in image["url"]
    assert requests.get(image["url"], timeout=5).content == PNG  # the address serves the stored bytes

    profile("daan", language="nl")
    [shown] = [i for i in feed(claims("daan"))["items"] if i["content_id"] == item["content_id"]]
    assert [(i["alt"], i["content_type"]) for i in shown["images"]] == [("Een grafiek van bereik", "image/png")]
    assert requests.get(shown["images"][0]["url"], timeout=5).content == PNG


def test_an_animated_gif_goes_alone_on_an_item_for_x(stack):
    # docs.x.com/x-api/media/quickstart/best-practices: "up to 4 photos, 1 animated GIF or 1 video in a Post".
    from tests.unit.test_network_media import gif_of

    animated, still, png = upload("image/gif", gif_of(3)), upload("image/gif", gif_of(1)), upload()
    alt = {"en": "a", "nl": "b"}
    both = [{"media_id": animated, "alt": alt}, {"media_id": png, "alt": alt}]
    refused = call(API, "POST", "/v1/content", {**ITEM, "images": both, "networks": ["linkedin", "x"]}, who=ANNA)
    assert refused.status == 422 and refused.body["error"]["code"] == "animated_gif_not_alone_on_x"
    assert refused.body["error"]["field"] == "images.0.media_id" and "2 images" in refused.body["error"]["message"]
    assert call(API, "POST", "/v1/content", {**ITEM, "images": both, "networks": ["linkedin"]}, who=ANNA).status == 201
    alone = call(API, "POST", "/v1/content", {**ITEM, "images": [both[0]], "networks": ["x"]}, who=ANNA)
    assert alone.status == 201 and alone.body["images"][0]["media_id"] == animated
    stills = [{"media_id": still, "alt": alt}, {"media_id": png, "alt": alt}]
    assert call(API, "POST", "/v1/content", {**ITEM, "images": stills, "networks": ["x"]}, who=ANNA).status == 201
    # The copy in the media library remembers what its bytes are, for the next item that uses it.
    head = boto3.client("s3").head_object(Bucket=bucket(), Key=f"media/acme/{animated}")
    assert head["Metadata"] == {"animated": "true"} and head["ContentType"] == "image/gif"
    again = call(API, "POST", "/v1/content", {**ITEM, "images": both, "networks": ["x"]}, who=ANNA)
    assert again.status == 422 and again.body["error"]["code"] == "animated_gif_not_alone_on_x"


def test_sharing_an_item_with_an_animated_gif_and_other_images_to_x_is_refused_before_anything_is_queued(stack):
    from estafette.domain import Network
    from share_dispatch.connections import connect
    from tests.unit.conftest import deliver
    from tests.unit.test_network_media import gif_of

    alt = {"en": "a", "nl": "b"}
    images = [{"media_id": upload("image/gif", gif_of(2)), "alt": alt}, {"media_id": upload(), "alt": alt}]
    item = call(API, "POST", "/v1/content", {**ITEM, "images": images, "networks": ["linkedin"]}, who=ANNA).body
    call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    call(API, "POST", f"/v1/content/{item['content_id']}/approve", who=claims("carl", roles=("curator",)))
    deliver(stack, "ShareEventsQueue", "share_dispatch.handlers.events")
    connect("acme", "eva", Network.X, access_token="x-token-eva", author_id="4242", followers=300)
    refused = share(item["content_id"], network="x")
    assert refused.status == 422, refused.body
    assert refused.body["error"]["code"] == "animated_gif_not_alone_on_x_share" and "2 images" in refused.body["error"]["message"]
    assert run_worker(stack) == {"batchItemFailures": []}
    listed = call("share_dispatch.handlers.api", "GET", "/v1/shares", who=claims("eva")).body
    assert listed["items"] == []  # nothing stored, nothing queued
