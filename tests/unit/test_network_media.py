"""Images on posts through each network's media API, against fakes as strict as the networks' docs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from estafette.networks import PermanentNetworkError, PostImage, PostRequest, TransientNetworkError, adapter_for
from local.fakes.network_media import FakeMedia, attach_media, multipart, sniff
from local.fakes.networks import FakeNetwork, did_for

TOKEN = "tok-media-0123456789abcdef"
AUTHORS = {"linkedin": "urn:li:person:eva", "x": "4242", "bluesky": did_for("eva.bsky.social")}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 4096
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x02" * 1024


@contextmanager
def connected(name: str) -> Iterator[tuple[str, FakeNetwork, FakeMedia, Any]]:
    with FakeNetwork(name) as fake, httpx.Client(timeout=3.0) as client:
        fake.add_token(TOKEN, AUTHORS[name])
        media = attach_media(fake)
        yield name, fake, media, adapter_for(name, base_url=fake.base_url, client=client)
        media.stop()


@pytest.fixture(params=["linkedin", "x", "bluesky"])
def network(request: pytest.FixtureRequest) -> Iterator[tuple[str, FakeNetwork, FakeMedia, Any]]:
    with connected(request.param) as found:
        yield found


@pytest.fixture
def linkedin() -> Iterator[tuple[str, FakeNetwork, FakeMedia, Any]]:
    with connected("linkedin") as found:
        yield found


@pytest.fixture
def bluesky() -> Iterator[tuple[str, FakeNetwork, FakeMedia, Any]]:
    with connected("bluesky") as found:
        yield found


def post_request(network: str, *images: PostImage, text: str = "Worth a look") -> PostRequest:
    return PostRequest(
        access_token=TOKEN,
        author_id=AUTHORS[network],
        text=text,
        url="https://go.example/r/abc123",
        title="The report",
        idempotency_key="0000019a1b2c3d4e5f607182",
        images=images,
    )


def test_each_network_gets_the_images_through_its_media_api_with_their_alt_text(network):
    name, fake, media, adapter = network
    result = adapter.post(
        post_request(
            name, PostImage(PNG, "image/png", "A bar chart: reach grows 561%"), PostImage(JPEG, "image/jpeg", "Our team")
        )
    )
    post = fake.find_post(result.external_post_id)
    assert post is not None
    assert [(i["alt"], i["content_type"], i["size"]) for i in post["images"]] == [
        ("A bar chart: reach grows 561%", "image/png", len(PNG)),
        ("Our team", "image/jpeg", len(JPEG)),
    ]
    # The link card gives way to the images; the tracked link stays in the text.
    assert "https://go.example/r/abc123" in post["text"]
    assert len(media.uploads) == 2


def test_one_image_on_linkedin_is_a_media_post_two_are_multi_image(linkedin):
    name, fake, _media, adapter = linkedin
    one = fake.find_post(adapter.post(post_request(name, PostImage(PNG, "image/png", "A chart"), text="one")).external_post_id)
    assert one["body"]["content"]["media"]["altText"] == "A chart" and "article" not in one["body"]["content"]
    two = fake.find_post(
        adapter.post(
            post_request(name, PostImage(PNG, "image/png", "a"), PostImage(JPEG, "image/jpeg", "b"), text="two")
        ).external_post_id
    )
    assert [i["altText"] for i in two["body"]["content"]["multiImage"]["images"]] == ["a", "b"]


def test_an_image_a_network_does_not_take_fails_before_anything_is_posted(network):
    name, fake, media, adapter = network
    if name == "linkedin":
        bad = PostImage(WEBP, "image/webp", "webp")  # LinkedIn's Images API takes JPG, GIF and PNG
    elif name == "bluesky":
        bad = PostImage(b"\x89PNG\r\n\x1a\n" + b"\x00" * 1_000_001, "image/png", "big")  # over 1,000,000 bytes
    else:
        bad = PostImage(b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "image/jpeg", "big")  # over 5 MB
    with pytest.raises(PermanentNetworkError) as refused:
        adapter.post(post_request(name, PostImage(PNG, "image/png", "fine"), bad))
    assert name in refused.value.reason
    assert fake.posts == [] and media.uploads == {}


def test_an_upload_that_fails_fails_the_post_as_transient_and_nothing_is_posted(network):
    name, fake, _media, adapter = network
    fake.fail_next(503)
    with pytest.raises(TransientNetworkError):
        adapter.post(post_request(name, PostImage(PNG, "image/png", "chart")))
    assert fake.posts == []
    # Retried, it goes through whole.
    result = adapter.post(post_request(name, PostImage(PNG, "image/png", "chart")))
    assert len(fake.find_post(result.external_post_id)["images"]) == 1


def test_the_fakes_refuse_a_post_naming_media_that_was_never_uploaded(network):
    name, fake, _media, _adapter = network
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if name == "linkedin":
        headers |= {"LinkedIn-Version": "202511", "X-Restli-Protocol-Version": "2.0.0"}
        body = {
            "author": AUTHORS[name], "commentary": "x", "visibility": "PUBLIC", "distribution": {}, "lifecycleState": "PUBLISHED",
            "content": {"media": {"id": "urn:li:image:C4E10AQ0000000999", "altText": "x"}},
        }  # fmt: skip
        reply = httpx.post(f"{fake.base_url}/rest/posts", json=body, headers=headers)
        assert reply.status_code == 422 and "AVAILABLE" in reply.json()["message"]
    elif name == "x":
        reply = httpx.post(f"{fake.base_url}/2/tweets", json={"text": "x", "media": {"media_ids": ["123"]}}, headers=headers)
        assert reply.status_code == 400 and "media_ids" in reply.text
    else:
        blob = {"$type": "blob", "ref": {"$link": "bafkreinever"}, "mimeType": "image/png", "size": 10}
        record = {
            "text": "x",
            "createdAt": "2026-12-01T10:00:00Z",
            "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": "", "image": blob}]},
        }
        body = {"repo": AUTHORS[name], "collection": "app.bsky.feed.post", "record": record}
        reply = httpx.post(f"{fake.base_url}/xrpc/com.atproto.repo.createRecord", json=body, headers=headers)
        assert reply.status_code == 400 and "not uploaded" in reply.text
    assert fake.posts == []


def test_bluesky_requires_alt_on_every_image(bluesky):
    # alt is a required property of app.bsky.embed.images#image (it may be empty).
    name, fake, _media, _adapter = bluesky
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "image/png"}
    blob = httpx.post(f"{fake.base_url}/xrpc/com.atproto.repo.uploadBlob", content=PNG, headers=headers).json()["blob"]
    record = {
        "text": "x",
        "createdAt": "2026-12-01T10:00:00Z",
        "embed": {"$type": "app.bsky.embed.images", "images": [{"image": blob}]},
    }
    body = {"repo": AUTHORS[name], "collection": "app.bsky.feed.post", "record": record}
    reply = httpx.post(
        f"{fake.base_url}/xrpc/com.atproto.repo.createRecord", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert reply.status_code == 400 and '"alt"' in reply.json()["message"]


def test_sniffing_and_multipart_helpers():
    assert (sniff(PNG), sniff(JPEG), sniff(WEBP), sniff(b"GIF89a..."), sniff(b"<svg")) == (
        "image/png", "image/jpeg", "image/webp", "image/gif", None,
    )  # fmt: skip
    raw = b'--b\r\nContent-Disposition: form-data; name="media_category"\r\n\r\ntweet_image\r\n--b--\r\n'
    assert multipart("multipart/form-data; boundary=b", raw) == {"media_category": b"tweet_image"}
    assert multipart("application/json", raw) is None


# --- the networks' own limits, each as its docs state it (see local/fakes/network_media.py) ----


def png_of(width: int, height: int) -> bytes:
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + ihdr + b"\x00" * 4 + b"\x00" * 512


def gif_of(frames: int, padding: int = 0) -> bytes:
    """A GIF89a of `frames` one-pixel images (each with its Graphic Control Extension); padding after the trailer."""
    screen = b"GIF89a" + (1).to_bytes(2, "little") * 2 + b"\x00\x00\x00"
    frame = b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + b"\x00" * 4 + (1).to_bytes(2, "little") * 2 + b"\x00"
    frame += b"\x02\x02\x4c\x01\x00"  # LZW minimum code size, one data sub-block, the terminator
    return screen + frame * frames + b"\x3b" + b"\x00" * padding


def jpeg_of(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + (16).to_bytes(2, "big") + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + (17).to_bytes(2, "big") + b"\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big") + b"\x03"
    return b"\xff\xd8" + app0 + sof0 + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01" + b"\x00" * 256


def test_the_fakes_read_sizes_and_frames_as_the_formats_define_them():
    from local.fakes.network_media import dimensions, gif_frames

    assert dimensions(png_of(6000, 6026)) == (6000, 6026)
    assert dimensions(jpeg_of(4032, 3024)) == (4032, 3024)
    assert dimensions(gif_of(3)) == (1, 1) and gif_frames(gif_of(3)) == 3 and gif_frames(gif_of(1)) == 1
    assert dimensions(b"RIFF....WEBP") is None and gif_frames(PNG) == 0


@pytest.mark.parametrize(
    "image, why",
    [
        (PostImage(png_of(6100, 6000), "image/png", "wide"), "36,600,000 pixels: not under 36,152,320"),
        (PostImage(jpeg_of(9000, 4100), "image/jpeg", "wide"), "36,900,000 pixels"),
        (PostImage(gif_of(251), "image/gif", "long"), "251 frames: a GIF has at most 250"),
    ],
)
def test_linkedin_never_makes_an_image_past_its_restrictions_available(linkedin, image, why):
    # Images API, image restrictions: under 36,152,320 pixels; a GIF of at most 250 frames. The
    # upload itself is taken (201); the image fails processing, and a post that shows it is refused.
    name, fake, media, adapter = linkedin
    with pytest.raises(PermanentNetworkError) as refused:
        adapter.post(post_request(name, image))
    assert "AVAILABLE" in refused.value.reason and "PROCESSING_FAILED" in refused.value.reason, why
    assert fake.posts == [] and len(media.uploads) == 1
    fine = adapter.post(post_request(name, PostImage(png_of(6000, 6000), "image/png", "36,000,000 pixels")))
    assert fake.find_post(fine.external_post_id)["images"][0]["alt"] == "36,000,000 pixels"


def _x_upload(fake: FakeNetwork, data: bytes, category: str = "tweet_image") -> httpx.Response:
    files = {"media": ("m", data, "application/octet-stream")}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx.post(f"{fake.base_url}/2/media/upload", data={"media_category": category}, files=files, headers=headers)


def test_x_takes_an_animated_gif_up_to_15_mb_alone_and_other_images_up_to_5_mb():
    # docs.x.com/x-api/media/quickstart/best-practices: image <= 5 MB, animated GIF <= 15 MB;
    # "up to 4 photos, 1 animated GIF or 1 video in a Post".
    with connected("x") as (_name, fake, _media, _adapter):
        six_mb = 6 * 1024 * 1024
        assert _x_upload(fake, png_of(100, 100) + b"\x00" * six_mb).status_code == 400
        gif = _x_upload(fake, gif_of(12, padding=six_mb), "tweet_gif")
        assert gif.status_code == 200, gif.text
        assert _x_upload(fake, gif_of(12, padding=16 * 1024 * 1024), "tweet_gif").status_code == 400
        assert _x_upload(fake, PNG, "banner_image").status_code == 400  # not one of MediaUploadRequest's categories
        photo = _x_upload(fake, PNG).json()["data"]["id"]
        animated = gif.json()["data"]["id"]
        headers = {"Authorization": f"Bearer {TOKEN}"}
        together = {"text": "both", "media": {"media_ids": [animated, photo]}}
        refused = httpx.post(f"{fake.base_url}/2/tweets", json=together, headers=headers)
        assert refused.status_code == 400 and "animated GIF goes alone" in refused.text
        single = {"text": "alone", "media": {"media_ids": [animated]}}
        alone = httpx.post(f"{fake.base_url}/2/tweets", json=single, headers=headers)
        assert alone.status_code == 201, alone.text
        assert [p["text"] for p in fake.posts] == ["alone"]


def _bsky_post(fake: FakeNetwork, images: list[dict[str, Any]]) -> httpx.Response:
    record = {"text": "x", "createdAt": "2026-12-01T10:00:00Z", "embed": {"$type": "app.bsky.embed.images", "images": images}}
    body = {"repo": AUTHORS["bluesky"], "collection": "app.bsky.feed.post", "record": record}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx.post(f"{fake.base_url}/xrpc/com.atproto.repo.createRecord", json=body, headers=headers)


def test_bluesky_takes_at_most_four_images_and_alt_text_of_any_length(bluesky):
    # Lexicon app.bsky.embed.images: images maxLength 4; alt a required string with no maxLength.
    _name, fake, _media, _adapter = bluesky
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "image/png"}
    blob = httpx.post(f"{fake.base_url}/xrpc/com.atproto.repo.uploadBlob", content=PNG, headers=headers).json()["blob"]
    five = _bsky_post(fake, [{"alt": f"image {n}", "image": blob} for n in range(5)])
    assert five.status_code == 400 and "longer than 4" in five.json()["message"]
    long_alt = _bsky_post(fake, [{"alt": "A long description. " * 250, "image": blob}])
    assert long_alt.status_code == 200, long_alt.text
    assert len(fake.posts) == 1
