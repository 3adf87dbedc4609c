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


def _x_upload(fake: FakeNetwork, data: bytes, category: str = "tweet_image", **form: str) -> httpx.Response:
    files = {"media": ("m", data, "application/octet-stream")}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    fields = {"media_category": category, **form}
    return httpx.post(f"{fake.base_url}/2/media/upload", data=fields, files=files, headers=headers)


def _x_chunked(fake: FakeNetwork, data: bytes, category: str, media_type: str = "image/gif") -> httpx.Response:
    """initialize, one append, finalize: the answer of the first step that refuses, else finalize's."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    init = {"media_type": media_type, "total_bytes": len(data), "media_category": category}
    started = httpx.post(f"{fake.base_url}/2/media/upload/initialize", json=init, headers=headers)
    if started.status_code != 200:
        return started
    media_id = started.json()["data"]["id"]
    files = {"media": ("chunk", data, "application/octet-stream")}
    appended = httpx.post(
        f"{fake.base_url}/2/media/upload/{media_id}/append", data={"segment_index": "0"}, files=files, headers=headers
    )
    if appended.status_code != 200:
        return appended
    return httpx.post(f"{fake.base_url}/2/media/upload/{media_id}/finalize", headers=headers)


@pytest.fixture
def x(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FakeNetwork, FakeMedia, Any]]:
    from estafette.networks import media

    waits: list[float] = []
    monkeypatch.setattr(media, "sleep", waits.append)  # X's check_after_secs, without waiting in a test
    with connected("x") as found:
        found[1].waits = waits  # type: ignore[attr-defined]
        yield found


def test_x_takes_an_animated_gif_up_to_15_mb_alone_and_other_images_up_to_5_mb(x):
    # docs.x.com/x-api/media/quickstart/best-practices: image <= 5 MB, animated GIF <= 15 MB;
    # "up to 4 photos, 1 animated GIF or 1 video in a Post".
    _name, fake, _media, _adapter = x
    six_mb = 6 * 1024 * 1024
    assert _x_upload(fake, png_of(100, 100) + b"\x00" * six_mb).status_code == 400
    gif = _x_chunked(fake, gif_of(12, padding=six_mb), "tweet_gif")
    assert gif.status_code == 200, gif.text
    assert gif.json()["data"]["processing_info"]["state"] == "pending"  # async finalize for an animated GIF
    big = _x_chunked(fake, gif_of(12, padding=16 * 1024 * 1024), "tweet_gif")
    assert big.status_code == 400 and "too large" in big.text
    photo = _x_upload(fake, PNG).json()["data"]["id"]
    animated = gif.json()["data"]["id"]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    single = {"text": "alone", "media": {"media_ids": [animated]}}
    early = httpx.post(f"{fake.base_url}/2/tweets", json=single, headers=headers)
    assert early.status_code == 400 and "still processing" in early.text  # not before STATUS says succeeded
    status = httpx.get(f"{fake.base_url}/2/media/upload", params={"command": "STATUS", "media_id": animated}, headers=headers)
    assert status.json()["data"]["processing_info"]["state"] == "succeeded"
    together = {"text": "both", "media": {"media_ids": [animated, photo]}}
    refused = httpx.post(f"{fake.base_url}/2/tweets", json=together, headers=headers)
    assert refused.status_code == 400 and "animated GIF goes alone" in refused.text
    alone = httpx.post(f"{fake.base_url}/2/tweets", json=single, headers=headers)
    assert alone.status_code == 201, alone.text
    five = {"text": "five", "media": {"media_ids": [photo] * 5}}
    assert httpx.post(f"{fake.base_url}/2/tweets", json=five, headers=headers).status_code == 400


@pytest.mark.parametrize(
    "upload, why",
    [
        # upload-media: the one request's categories are tweet_image, dm_image and subtitles ...
        (lambda fake: _x_upload(fake, gif_of(3), "tweet_gif"), "tweet_gif is not one of"),
        (lambda fake: _x_upload(fake, PNG, "banner_image"), "banner_image is not one of"),
        # ... and its media types list no GIF
        (lambda fake: _x_upload(fake, gif_of(1), media_type="image/gif"), "image/gif is not one of"),
        (lambda fake: _x_upload(fake, PNG, media_type="image/jpeg"), "not a image/jpeg"),
        # the category must suit the bytes: tweet_gif is an animated GIF only, and an animated GIF is no tweet_image
        (lambda fake: _x_upload(fake, gif_of(3)), "uploaded as tweet_gif"),
        (lambda fake: _x_chunked(fake, gif_of(3), "tweet_image"), "uploaded as tweet_gif"),
        (lambda fake: _x_chunked(fake, gif_of(1), "tweet_gif"), "still image/gif"),
        (lambda fake: _x_chunked(fake, PNG, "tweet_image", media_type="image/gif"), "not a image/gif"),
        # initialize-media-upload: the size is declared up front and must fit the category
        (lambda fake: _x_chunked(fake, PNG + b"\x00" * (5 * 1024 * 1024), "tweet_image", "image/png"), "too large"),
    ],
)
def test_the_fake_x_refuses_media_whose_category_or_type_does_not_fit(x, upload, why):
    _name, fake, media, _adapter = x
    refused = upload(fake)
    assert refused.status_code == 400 and why in refused.text, refused.text
    assert media.uploads == {}


def test_the_fake_x_joins_appended_segments_and_checks_them_against_the_declared_size(x):
    _name, fake, media, _adapter = x
    headers = {"Authorization": f"Bearer {TOKEN}"}
    data = gif_of(2, padding=100)
    init = {"media_type": "image/gif", "total_bytes": len(data) + 1, "media_category": "tweet_gif"}
    media_id = httpx.post(f"{fake.base_url}/2/media/upload/initialize", json=init, headers=headers).json()["data"]["id"]
    for index, part in enumerate((data[:50], data[50:])):
        files = {"media": ("chunk", part, "application/octet-stream")}
        url = f"{fake.base_url}/2/media/upload/{media_id}/append"
        assert httpx.post(url, data={"segment_index": str(index)}, files=files, headers=headers).status_code == 200
    short = httpx.post(f"{fake.base_url}/2/media/upload/{media_id}/finalize", headers=headers)
    assert short.status_code == 400 and "declared" in short.text and media.uploads == {}


def test_x_gets_an_animated_gif_chunked_as_tweet_gif_and_posts_it_once_processed(x):
    name, fake, media, adapter = x
    animated = gif_of(3, padding=5 * 1024 * 1024)  # over 5 MB: an animated GIF may have up to 15
    result = adapter.post(post_request(name, PostImage(animated, "image/gif", "Our stand, animated")))
    post = fake.find_post(result.external_post_id)
    assert [(i["alt"], i["size"]) for i in post["images"]] == [("Our stand, animated", len(animated))]
    paths = [p for m, p in fake.requests if "/media/" in p]
    media_id = post["images"][0]["id"]
    assert paths == [
        "/2/media/upload/initialize",
        f"/2/media/upload/{media_id}/append",
        f"/2/media/upload/{media_id}/append",  # 4 MiB chunks
        f"/2/media/upload/{media_id}/finalize",
        "/2/media/upload",  # STATUS, after the wait X asked for
        "/2/media/metadata",
    ]
    assert fake.waits == [1.0] and media.uploads[media_id]["animated"] is True


def test_x_gets_a_still_gif_chunked_as_tweet_image_and_other_images_in_one_request(x):
    name, fake, _media, adapter = x
    result = adapter.post(post_request(name, PostImage(gif_of(1), "image/gif", "still"), PostImage(PNG, "image/png", "png")))
    assert [i["content_type"] for i in fake.find_post(result.external_post_id)["images"]] == ["image/gif", "image/png"]
    assert ("POST", "/2/media/upload/initialize") in fake.requests and ("POST", "/2/media/upload") in fake.requests
    assert fake.waits == []  # a still image needs no processing


@pytest.mark.parametrize(
    "images, why",
    [
        ((PostImage(gif_of(3), "image/gif", "moving"), PostImage(PNG, "image/png", "still")), "animated GIF"),
        ((PostImage(PNG, "image/png", "still"), PostImage(gif_of(2), "image/gif", "moving")), "image 2 is an animated GIF"),
        ((PostImage(gif_of(3, padding=15 * 1024 * 1024), "image/gif", "long"),), "at most 15,728,640"),
    ],
)
def test_x_refuses_what_x_would_before_anything_is_uploaded(x, images, why):
    name, fake, media, adapter = x
    with pytest.raises(PermanentNetworkError) as refused:
        adapter.post(post_request(name, *images))
    assert why in refused.value.reason
    assert fake.requests == [] and media.uploads == {} and fake.posts == []


def test_x_waits_for_processing_and_gives_up_as_transient(x, monkeypatch):
    from estafette.networks import media as client_media

    name, fake, _media, adapter = x
    monkeypatch.setattr(client_media, "X_PROCESSING_WAIT_SECONDS", 0.5)
    with pytest.raises(TransientNetworkError) as waiting:
        adapter.post(post_request(name, PostImage(gif_of(2), "image/gif", "moving")))
    assert "still processing" in waiting.value.reason and fake.posts == []


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
