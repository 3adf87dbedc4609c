"""Images curators attach to content: the limits, the stored reference, and where the bytes live.

A curator asks `POST /v1/media` for a presigned S3 POST (content_publishing): the policy only
accepts the declared type and at most `MAX_BYTES`, under `uploads/{org}/{media_id}`. When a
content item first refers to the image it is copied to `media/{org}/{media_id}`; whatever stays
under `uploads/` (abandoned forms) is removed by the bucket's lifecycle rule after a day. The key
carries the org, so an item can never refer to another org's image.

Sharing an item with images (share_dispatch) reads the bytes from `media/` and posts them through
each network's media API with the alt text in the share's language.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from estafette.domain import Language

CONTENT_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_IMAGES = 4  # X and Bluesky take at most four images per post
MAX_ALT_LENGTH = 1000  # X's limit for alt text; Bluesky and LinkedIn take at least as much
MEDIA_ID = re.compile(r"^[0-9a-f]{20}$")

AltText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ALT_LENGTH)]


class ImageIn(BaseModel):
    """An image on a content item, as a curator sends it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use

    media_id: Annotated[str, StringConstraints(pattern=MEDIA_ID.pattern)]
    alt: dict[Language, AltText] = Field(description="What the image shows, in each of the item's languages")


class Image(ImageIn):
    """An image as stored and announced: its object and what S3 said about it.

    A tolerant reader: a field a newer version adds (as `animated` was) is ignored by a consumer
    deployed before it, instead of failing the event it travels in.
    """

    model_config = ConfigDict(extra="ignore", defer_build=True)

    content_type: str
    size: int
    animated: bool = False  # a GIF of more than one image (X takes it only alone on a post)

    def alt_for(self, language: str) -> str:
        texts = {str(k): v for k, v in self.alt.items()}
        return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def upload_key(org_id: str, media_id: str) -> str:
    return f"uploads/{org_id}/{media_id}"


def media_key(org_id: str, media_id: str) -> str:
    return f"media/{org_id}/{media_id}"
