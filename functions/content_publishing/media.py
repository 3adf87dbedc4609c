"""Images on content: presigned uploads for curators, and the check that an item's images exist.

`POST /v1/media` answers an S3 presigned POST whose policy holds the limits, so S3 itself refuses a
file of another type or over 5 MB (`Content-Type` must equal the declared type,
`content-length-range` 1 to 5,242,880 bytes). Nothing is stored until a content item refers to
the image: `resolve` then finds it (HeadObject), checks its type and size once more, and copies it
from `uploads/` to `media/` where no lifecycle rule touches it. A GIF is read whole on that copy to
tell an animated one (more than one image in it) from a still one; the copy keeps the answer in its
metadata (`x-amz-meta-animated`), since X takes an animated GIF only alone on a post. An image never
uploaded, or another org's, is a 422 naming the field.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

import content_publishing.messages  # noqa: F401  (registers the messages raised below)
from content_publishing.config import config
from estafette import media
from estafette.aws import client
from estafette.errors import Unprocessable
from estafette.image_bytes import is_animated_gif
from estafette.media import Image, ImageIn

ImageType = Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
SNIFF_BYTES = 16
# The signatures that open each format: JPEG (ITU T.81, SOI then a marker), PNG (RFC 2083 §3.1),
# GIF (GIF89a spec: "GIF87a" or "GIF89a"), WebP (a RIFF container of form type "WEBP").
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def is_image_of(content_type: str, head: bytes) -> bool:
    """Do these first bytes open an image of this type?"""
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    signatures = SIGNATURES.get(content_type)
    return bool(signatures) and head.startswith(signatures or ())


class MediaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content_type: ImageType
    size: int | None = Field(default=None, ge=1, description="The file's size in bytes, to refuse a large file before uploading")


def presign(org_id: str, body: MediaIn) -> dict[str, Any]:
    if body.size is not None and body.size > media.MAX_BYTES:
        raise Unprocessable("image_too_large", field="size", size=body.size, limit=media.MAX_BYTES)
    media_id = secrets.token_hex(10)
    key = media.upload_key(org_id, media_id)
    seconds = config().media_upload_seconds
    form = client("s3").generate_presigned_post(
        Bucket=config().media_bucket_name,
        Key=key,
        Fields={"Content-Type": body.content_type},
        Conditions=[{"Content-Type": body.content_type}, ["content-length-range", 1, media.MAX_BYTES]],
        ExpiresIn=seconds,
    )
    return {
        "media_id": media_id,
        "content_type": body.content_type,
        "max_bytes": media.MAX_BYTES,
        "expires_in": seconds,
        # POST these fields and then the file (as the last field, named "file") to the url.
        "upload": {"url": form["url"], "fields": form["fields"]},
    }


def view_url(org_id: str, media_id: str) -> str:
    """A presigned GET of the stored image, so a browser shows it from the private bucket (signed here, no call)."""
    return str(
        client("s3").generate_presigned_url(
            "get_object",
            Params={"Bucket": config().media_bucket_name, "Key": media.media_key(org_id, media_id)},
            ExpiresIn=config().media_view_seconds,
        )
    )


def viewed(org_id: str, images: list[Image], language: str | None = None) -> list[dict[str, Any]]:
    """The images as a screen shows them: with their address, and (for an employee) the alt text in one language."""
    shown = []
    for image in images:
        url = view_url(org_id, image.media_id)
        body: dict[str, Any] = {"media_id": image.media_id, "content_type": image.content_type, "url": url}
        if language is None:
            body |= {"alt": {str(k): v for k, v in image.alt.items()}, "size": image.size}
        else:
            body["alt"] = image.alt_for(language)
        shown.append(body)
    return shown


def resolve(org_id: str, images: list[ImageIn], known: dict[str, Image] | None = None) -> list[Image]:
    """The images as stored, each found in this org's media (copied there from uploads on first use)."""
    resolved = []
    for n, image in enumerate(images):
        if known and image.media_id in known:
            resolved.append(Image(**{**known[image.media_id].model_dump(), "alt": image.alt}))
            continue
        head = _head(org_id, image.media_id)
        if head is None:
            raise Unprocessable("image_not_uploaded", field=f"images.{n}.media_id", media_id=image.media_id)
        content_type, size, problem, animated = head
        if problem:
            raise Unprocessable(problem, field=f"images.{n}.media_id", content_type=content_type, size=size)
        resolved.append(Image(media_id=image.media_id, alt=image.alt, content_type=content_type, size=size, animated=animated))
    return resolved


def _head(org_id: str, media_id: str) -> tuple[str, int, str | None, bool] | None:
    """(content type, size, the problem's message code or None, animated) of the stored image; None when there is none.

    An acceptable upload is copied to `media/` here; one that is not stays under `uploads/`,
    where the lifecycle rule removes it.
    """
    from botocore.exceptions import ClientError

    s3, bucket = client("s3"), config().media_bucket_name
    for key in (media.media_key(org_id, media_id), media.upload_key(org_id, media_id)):
        try:
            head = s3.head_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound", "403"):
                continue
            raise
        content_type, size = str(head.get("ContentType", "")), int(head.get("ContentLength", 0))
        if key.startswith("media/"):
            animated = (head.get("Metadata") or {}).get("animated") == "true"
            return content_type, size, None, animated  # checked when it was copied there
        if content_type not in media.CONTENT_TYPES or not 0 < size <= media.MAX_BYTES:
            return content_type, size, "image_not_accepted", False
        whole = content_type == "image/gif"  # at most 5 MB: read whole to count its images
        ranged = {} if whole else {"Range": f"bytes=0-{SNIFF_BYTES - 1}"}
        data = s3.get_object(Bucket=bucket, Key=key, **ranged)["Body"].read()
        if not is_image_of(content_type, data[:SNIFF_BYTES]):
            return content_type, size, "image_not_what_it_says", False
        animated = whole and is_animated_gif(data)
        s3.copy_object(
            Bucket=bucket,
            Key=media.media_key(org_id, media_id),
            CopySource={"Bucket": bucket, "Key": key},
            MetadataDirective="REPLACE",
            ContentType=content_type,
            Metadata={"animated": "true" if animated else "false"},
        )
        return content_type, size, None, animated
    return None
