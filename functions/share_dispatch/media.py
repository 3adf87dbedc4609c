"""The images a share posts: read from the media bucket (content_publishing copied them to media/{org}/)."""

from __future__ import annotations

from typing import Any

from estafette import media
from estafette.aws import client
from estafette.networks import PostImage, TransientNetworkError
from share_dispatch.config import config


class ImageUnavailable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def images_of(share: dict[str, Any]) -> tuple[PostImage, ...]:
    """One GetObject per image (at most 4). A missing object is permanent; any other S3 failure transient."""
    from botocore.exceptions import BotoCoreError, ClientError

    found = []
    for image in share.get("images") or []:
        key = media.media_key(share["org_id"], image["media_id"])
        try:
            body = client("s3").get_object(Bucket=config().media_bucket_name, Key=key)["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise ImageUnavailable(f"image {image['media_id']} is no longer in the media library") from None
            raise TransientNetworkError(f"media: could not read image {image['media_id']}") from None
        except BotoCoreError:
            raise TransientNetworkError(f"media: could not read image {image['media_id']}") from None
        found.append(PostImage(data=body, content_type=str(image["content_type"]), alt=str(image.get("alt", ""))))
    return tuple(found)
