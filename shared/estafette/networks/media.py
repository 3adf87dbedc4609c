"""Images on posts, through each network's own media API. Every image is uploaded before the post is
created, so a failed upload fails the share with nothing posted; the caller's error ladder decides on
retries (a 5xx or timeout on an upload is transient like any other).

- LinkedIn Images API (learn.microsoft.com/linkedin/marketing/community-management/shares/images-api):
  `POST /rest/images?action=initializeUpload` with `{"initializeUploadRequest": {"owner": <person urn>}}`
  answers `{"value": {"uploadUrl", "image": "urn:li:image:…", "uploadUrlExpiresAt"}}`; the bytes are
  PUT to `uploadUrl` with the same bearer token. JPG, GIF and PNG only. The post carries
  `content.media {id, altText}` for one image, `content.multiImage.images[]` for 2–20
  (.../shares/multiimage-post-api). `altText` at most 4,086 characters.
- X API v2 media (docs.x.com/x-api/media/upload-media): `POST /2/media/upload` as multipart form
  (`media`, `media_category=tweet_image`, `media_type`) answers `{"data": {"id", "media_key", …}}`;
  alt text through `POST /2/media/metadata` `{"id", "metadata": {"alt_text": {"text"}}}` (at most
  1,000 characters). Images up to 5 MB; the post carries `media.media_ids` (1–4). Scope `media.write`.
- Bluesky (docs.bsky.app/docs/advanced-guides/posts#images-embeds): `com.atproto.repo.uploadBlob`
  with the raw bytes and their `Content-Type` answers `{"blob": {"$type": "blob", "ref", "mimeType",
  "size"}}`; the record embeds `app.bsky.embed.images` `{"images": [{"alt", "image": <blob>}]}`, at
  most 4 images of at most 1,000,000 bytes each (lexicon app.bsky.embed.images).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from estafette.networks.base import PermanentNetworkError, PostImage, call, json_body

if TYPE_CHECKING:
    import httpx

LINKEDIN_TYPES = frozenset({"image/jpeg", "image/png", "image/gif"})
LINKEDIN_MAX_ALT = 4086
X_MAX_ALT = 1000
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


def x_media_ids(client: httpx.Client, base: str, token: str, images: tuple[PostImage, ...]) -> list[str]:
    _check("x", images, max_bytes=5 * 1024 * 1024)
    headers = {"Authorization": f"Bearer {token}"}
    ids = []
    for n, image in enumerate(images, 1):
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
        media_id = (json_body("x", upload).get("data") or {}).get("id")
        if not media_id:
            raise PermanentNetworkError("x: media upload answered without data.id")
        if image.alt:
            body = {"id": str(media_id), "metadata": {"alt_text": {"text": image.alt[:X_MAX_ALT]}}}
            call("x", partial(client.post, f"{base}/2/media/metadata", json=body, headers=headers))
        ids.append(str(media_id))
    return ids


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
