"""Images on posts, through each network's own media API. Every image is uploaded before the post is
created, so a failed upload fails the share with nothing posted; the caller's error ladder decides on
retries (a 5xx or timeout on an upload is transient like any other).

- LinkedIn Images API (learn.microsoft.com/linkedin/marketing/community-management/shares/images-api):
  `POST /rest/images?action=initializeUpload` with `{"initializeUploadRequest": {"owner": <person urn>}}`
  answers `{"value": {"uploadUrl", "image": "urn:li:image:…", "uploadUrlExpiresAt"}}`; the bytes are
  PUT to `uploadUrl` with the same bearer token. JPG, GIF and PNG only. The post carries
  `content.media {id, altText}` for one image, `content.multiImage.images[]` for 2–20
  (.../shares/multiimage-post-api). `altText` at most 4,086 characters.
- X API v2 media (docs.x.com/x-api/media/upload-media, .../media/quickstart/best-practices,
  .../media/quickstart/media-upload-chunked): a still JPEG, PNG or WebP goes in one request,
  `POST /2/media/upload` as multipart form (`media`, `media_category=tweet_image`, `media_type`:
  that request's categories are tweet_image, dm_image and subtitles and its media types list no
  GIF). A GIF goes chunked: `POST /2/media/upload/initialize` `{media_type: image/gif,
  total_bytes, media_category}` with `tweet_gif` for an animated GIF (more than one image in its
  bytes) and `tweet_image` for a still one, `POST /2/media/upload/{id}/append` (multipart
  `segment_index`, `media`: chunks of at most 4 MiB), `POST /2/media/upload/{id}/finalize`; when
  that answers `processing_info` the media is usable only once `GET /2/media/upload?command=
  STATUS&media_id=` says `succeeded` (waited for as `check_after_secs` says, up to
  `X_PROCESSING_WAIT_SECONDS`, then a transient failure). Every answer carries `{"data": {"id",
  …}}`. Alt text through `POST /2/media/metadata` `{"id", "metadata": {"alt_text": {"text"}}}` (at
  most 1,000 characters). An image up to 5 MB, an animated GIF up to 15 MB; a post carries "up to
  4 photos, 1 animated GIF or 1 video" (`media.media_ids`), so an animated GIF goes alone. Scope
  `media.write`.
- Bluesky (docs.bsky.app/docs/advanced-guides/posts#images-embeds): `com.atproto.repo.uploadBlob`
  with the raw bytes and their `Content-Type` answers `{"blob": {"$type": "blob", "ref", "mimeType",
  "size"}}`; the record embeds `app.bsky.embed.images` `{"images": [{"alt", "image": <blob>}]}`, at
  most 4 images of at most 1,000,000 bytes each (lexicon app.bsky.embed.images).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from estafette.image_bytes import is_animated_gif
from estafette.networks.base import PermanentNetworkError, PostImage, TransientNetworkError, call, json_body

if TYPE_CHECKING:
    import httpx

LINKEDIN_TYPES = frozenset({"image/jpeg", "image/png", "image/gif"})
LINKEDIN_MAX_ALT = 4086
X_MAX_ALT = 1000
X_MAX_IMAGE_BYTES = 5 * 1024 * 1024
X_MAX_GIF_BYTES = 15 * 1024 * 1024
X_CHUNK_BYTES = 4 * 1024 * 1024
X_PROCESSING_WAIT_SECONDS = 30.0  # the most a share waits for X to process an animated GIF
BLUESKY_MAX_BYTES = 1_000_000
MAX_IMAGES = 4


def _check(network: str, images: tuple[PostImage, ...], *, types: frozenset[str] | None = None, max_bytes: int = 0) -> None:
    """Refuse before anything is uploaded what the network is known to refuse: nothing half done."""
    if len(images) > MAX_IMAGES:
        raise PermanentNetworkError(f"{network}: at most {MAX_IMAGES} images per post")
    for n, image in enumerate(images, 1):
        if types is not None and image.content_type not in types:
            raise PermanentNetworkError(f"{network}: image {n} is {image.content_type}, which {network} does not take")
        if max_bytes and len(image.data) > max_bytes:
            raise PermanentNetworkError(
                f"{network}: image {n} is {len(image.data):,} bytes; {network} takes at most {max_bytes:,}"
            )


def linkedin_content(
    client: httpx.Client, base: str, headers: dict[str, str], owner: str, images: tuple[PostImage, ...]
) -> dict[str, Any]:
    """Upload each image, then the post's `content` that shows them."""
    _check("linkedin", images, types=LINKEDIN_TYPES)
    uploaded = []
    for image in images:
        init = call(
            "linkedin",
            partial(
                client.post,
                f"{base}/rest/images",
                params={"action": "initializeUpload"},
                json={"initializeUploadRequest": {"owner": owner}},
                headers=headers,
            ),
        )
        value = json_body("linkedin", init).get("value") or {}
        upload_url, urn = value.get("uploadUrl"), value.get("image")
        if not upload_url or not urn:
            raise PermanentNetworkError("linkedin: initializeUpload answered without uploadUrl or image")
        auth = {"Authorization": headers["Authorization"], "Content-Type": "application/octet-stream"}
        call("linkedin", partial(client.put, upload_url, content=image.data, headers=auth))
        uploaded.append({"id": urn, "altText": image.alt[:LINKEDIN_MAX_ALT]})
    if len(uploaded) == 1:
        return {"media": uploaded[0]}
    return {"multiImage": {"images": uploaded}}


def x_check(images: tuple[PostImage, ...]) -> None:
    """What X refuses, before anything is uploaded: more than 4 images, an animated GIF with other
    images, an image over 5 MB or an animated GIF over 15 MB (best practices, "Keep in mind" and
    "Image specifications")."""
    _check("x", images)
    animated = [n for n, image in enumerate(images, 1) if is_animated_gif(image.data)]
    if animated and len(images) > 1:
        raise PermanentNetworkError(
            f"x: image {animated[0]} is an animated GIF, which X takes only alone on a post "
            f"(up to 4 images or 1 animated GIF); this post has {len(images)} images"
        )
    for n, image in enumerate(images, 1):
        limit = X_MAX_GIF_BYTES if n in animated else X_MAX_IMAGE_BYTES
        if len(image.data) > limit:
            kind = "an animated GIF" if n in animated else "an image"
            raise PermanentNetworkError(f"x: image {n} is {len(image.data):,} bytes; X takes {kind} of at most {limit:,}")


def x_media_ids(client: httpx.Client, base: str, token: str, images: tuple[PostImage, ...]) -> list[str]:
    x_check(images)
    headers = {"Authorization": f"Bearer {token}"}
    ids = []
    for n, image in enumerate(images, 1):
        if image.content_type == "image/gif":
            media_id = _x_chunked(client, base, headers, image)
        else:
            upload = call(
                "x",
                partial(
                    client.post,
                    f"{base}/2/media/upload",
                    data={"media_category": "tweet_image", "media_type": image.content_type},
                    files={"media": (f"image-{n}", image.data, image.content_type)},
                    headers=headers,
                ),
            )
            media_id = _x_id(upload)
        if image.alt:
            body = {"id": media_id, "metadata": {"alt_text": {"text": image.alt[:X_MAX_ALT]}}}
            call("x", partial(client.post, f"{base}/2/media/metadata", json=body, headers=headers))
        ids.append(media_id)
    return ids


def _x_id(response: httpx.Response) -> str:
    media_id = (json_body("x", response).get("data") or {}).get("id")
    if not media_id:
        raise PermanentNetworkError("x: media upload answered without data.id")
    return str(media_id)


def _x_chunked(client: httpx.Client, base: str, headers: dict[str, str], image: PostImage) -> str:
    """INIT, APPEND, FINALIZE (and STATUS while X processes it): the one way X takes a GIF."""
    category = "tweet_gif" if is_animated_gif(image.data) else "tweet_image"
    init = {"media_type": image.content_type, "total_bytes": len(image.data), "media_category": category}
    media_id = _x_id(call("x", partial(client.post, f"{base}/2/media/upload/initialize", json=init, headers=headers)))
    for segment, start in enumerate(range(0, len(image.data), X_CHUNK_BYTES)):
        chunk = image.data[start : start + X_CHUNK_BYTES]
        call(
            "x",
            partial(
                client.post,
                f"{base}/2/media/upload/{media_id}/append",
                data={"segment_index": str(segment)},
                files={"media": ("chunk", chunk, "application/octet-stream")},
                headers=headers,
            ),
        )
    final = call("x", partial(client.post, f"{base}/2/media/upload/{media_id}/finalize", headers=headers))
    info = (json_body("x", final).get("data") or {}).get("processing_info")
    waited = 0.0
    while isinstance(info, dict) and info.get("state") != "succeeded":
        if info.get("state") == "failed":
            error = info.get("error") or {}
            raise PermanentNetworkError(f"x: media processing failed: {error.get('message') or error.get('name') or 'no reason'}")
        pause = max(1.0, float(info.get("check_after_secs") or 1))
        if waited + pause > X_PROCESSING_WAIT_SECONDS:
            raise TransientNetworkError(f"x: media {media_id} still processing after {waited:.0f} s")
        sleep(pause)
        waited += pause
        params = {"command": "STATUS", "media_id": media_id}
        status = call("x", partial(client.get, f"{base}/2/media/upload", params=params, headers=headers))
        info = (json_body("x", status).get("data") or {}).get("processing_info")
    return media_id


def sleep(seconds: float) -> None:
    """The wait between STATUS checks (tests replace it)."""
    time.sleep(seconds)


def bluesky_embed(xrpc: Callable[..., dict], token: str, images: tuple[PostImage, ...]) -> dict[str, Any]:
    _check("bluesky", images, max_bytes=BLUESKY_MAX_BYTES)
    embedded = []
    for image in images:
        result = xrpc(
            "POST",
            "com.atproto.repo.uploadBlob",
            token,
            content=image.data,
            extra_headers={"Content-Type": image.content_type},
        )
        blob = result.get("blob")
        if not isinstance(blob, dict):
            raise PermanentNetworkError("bluesky: uploadBlob answered without a blob")
        embedded.append({"alt": image.alt, "image": blob})
    return {"$type": "app.bsky.embed.images", "images": embedded}
