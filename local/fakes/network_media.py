"""The fake networks' media APIs: LinkedIn Images API, X media upload, Bluesky uploadBlob. Stdlib only.

`attach_media(fake)` adds these endpoints to a running `FakeNetwork` and wraps its post endpoint
so a post that refers to images is held to the same rules as the real network. Kept apart from
`networks.py` (the posting fakes) so both can change independently. Each rule cites its source:

LinkedIn (learn.microsoft.com/linkedin/marketing/community-management/shares/images-api and
.../shares/posts-api, .../multiimage-post-api):
- `POST /rest/images?action=initializeUpload` needs the LinkedIn-Version and Rest.li 2.0.0 headers
  and `{"initializeUploadRequest": {"owner": urn:li:person|organization}}`; the owner must be the
  token's member (403 otherwise). Answers `{"value": {"uploadUrlExpiresAt", "uploadUrl", "image"}}`.
- The upload URL is on another host (LinkedIn's is www.linkedin.com/dms-uploads/…): a PUT with the
  same bearer token and the bytes; JPG, GIF or PNG only (the bytes are sniffed, as LinkedIn
  processes them); 201. An image that was never uploaded is not AVAILABLE.
- Images API, "Image restrictions": a total pixel count (width × height) under 36,152,320, and a
  GIF of at most 250 frames. LinkedIn takes such an upload (201) and then fails to process it: the
  image never becomes AVAILABLE, so a post that shows it is refused.
- A post has one kind of content: `article`, `media {id, altText}` or `multiImage {images: 2–20}`;
  every image must be AVAILABLE and owned by the post's author; `altText` at most 4,086 characters.
  Refusals are 422 `UNPROCESSABLE_ENTITY` naming the field, as the Posts API answers.

X (docs.x.com/x-api/media/upload-media, .../media/initialize-media-upload, .../media/append-media-upload,
.../media/finalize-media-upload, .../media/get-media-upload-status, .../media/create-media-metadata,
.../posts/manage-tweets, .../media/quickstart/best-practices, .../media/quickstart/media-upload-chunked):
- One request, `POST /2/media/upload`: multipart form with `media` and `media_category`, both
  required; the category is `tweet_image`, `dm_image` or `subtitles` and `media_type`, when sent,
  one of the image and subtitle types that request lists (no GIF) and what the bytes are. An
  animated GIF is not a `tweet_image`: it goes chunked as `tweet_gif`.
- Chunked: `POST /2/media/upload/initialize` (JSON `media_type`, `total_bytes`, `media_category`
  from the initialize request's lists; the size must fit the category) answers `data.id`;
  `POST /2/media/upload/{id}/append` (multipart `segment_index` 0–999 and `media`);
  `POST /2/media/upload/{id}/finalize` joins the segments, which must add up to `total_bytes` and
  be the declared type; `tweet_gif` takes an animated GIF only, `tweet_image` no animated GIF. A
  `tweet_gif` is processed asynchronously ("async finalize ... when the media type is either video
  or animated GIF"): finalize answers `processing_info {state: pending, check_after_secs}` and
  `GET /2/media/upload?command=STATUS&media_id=` then answers `succeeded` (here at the first
  check; X takes seconds). Until then the media id cannot go on a post.
- Sizes (best practices, "Image specifications"): an image at most 5 MB, an animated GIF at most
  15 MB. Answers `{"data": {"id", "media_key", "size", "expires_after_secs", "image": {"image_type"}}}`.
- `POST /2/media/metadata` `{"id", "metadata": {"alt_text": {"text"}}}`: the uploader's own media,
  alt text at most 1,000 characters.
- `POST /2/tweets` with `media.media_ids`: 1 to 4 ids, each uploaded by the posting user and
  processed; "up to 4 photos, 1 animated GIF or 1 video in a Post" (best practices), so an
  animated GIF goes alone; else 400.

Bluesky (docs.bsky.app/docs/advanced-guides/posts#images-embeds; lexicons
com.atproto.repo.uploadBlob, app.bsky.embed.images):
- `com.atproto.repo.uploadBlob`: the raw bytes with their Content-Type; answers the blob
  `{"$type": "blob", "ref": {"$link": cid}, "mimeType", "size"}`.
- An `app.bsky.embed.images` embed holds at most 4 images (`maxLength: 4`, no minimum), each
  `{alt, image}` with `alt` required (a string, empty allowed; the lexicon sets no maximum length,
  so a long alt text is taken), the blob uploaded by the record's repo, `accept: image/*`,
  `maxSize: 1000000` bytes; else 400 `InvalidRequest`.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import threading
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from estafette.image_bytes import gif_frames
from local.fakes.server import FakeServer, QuietHandler

if TYPE_CHECKING:
    from local.fakes.networks import FakeNetwork, Reply, _Request

MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


LINKEDIN_MAX_PIXELS = 36_152_320  # "less than": Images API, image restrictions
LINKEDIN_MAX_GIF_FRAMES = 250
X_MAX_IMAGE_BYTES = 5 * 1024 * 1024
X_MAX_GIF_BYTES = 15 * 1024 * 1024
# upload-media: the one-request upload's `media_category` and `media_type` lists.
X_ONE_SHOT_CATEGORIES = ("tweet_image", "dm_image", "subtitles")
X_ONE_SHOT_TYPES = ("text/srt", "text/vtt", "image/jpeg", "image/bmp", "image/png", "image/webp", "image/pjpeg", "image/tiff")
# initialize-media-upload: the chunked upload's lists.
X_CHUNKED_CATEGORIES = (
    "amplify_video", "tweet_gif", "tweet_image", "tweet_video", "dm_gif", "dm_image", "dm_video", "subtitles",
)  # fmt: skip
X_CHUNKED_TYPES = (*X_ONE_SHOT_TYPES, "video/mp4", "video/webm", "video/mp2t", "video/quicktime", "image/gif")
X_MAX_SEGMENTS = 1000  # APPEND: segment_index 0 to 999


def sniff(data: bytes) -> str | None:
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR, a GIF's logical screen or a JPEG's start-of-frame marker."""
    kind = sniff(data)
    if kind == "image/png" and len(data) >= 24 and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if kind == "image/gif" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if kind == "image/jpeg":
        at = 2
        while at + 9 <= len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn (not DHT, JPG, DAC)
                return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
            at += 2 + length
    return None


class FakeMedia:
    def __init__(self, fake: FakeNetwork) -> None:
        self.fake = fake
        self.uploads: dict[str, dict[str, Any]] = {}  # id / URN / CID -> {owner, data, content_type, alt}
        self.sessions: dict[str, dict[str, Any]] = {}  # X chunked uploads between initialize and finalize
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._upload_server: _LinkedInUploads | None = None

    # --- wiring -------------------------------------------------------------------------------

    def attach(self) -> FakeMedia:
        routes = self.fake._routes
        if self.fake.network == "linkedin":
            routes[("POST", "/rest/images")] = self._linkedin_initialize
            routes[("POST", "/rest/posts")] = self._wrapped(routes[("POST", "/rest/posts")], self._linkedin_check)
            self._start_upload_server()
        elif self.fake.network == "x":
            routes[("POST", "/2/media/upload")] = self._x_upload
            routes[("POST", "/2/media/upload/initialize")] = self._x_initialize
            routes[("POST", "/2/media/upload/")] = self._x_append_or_finalize
            routes[("GET", "/2/media/upload")] = self._x_status
            routes[("POST", "/2/media/metadata")] = self._x_metadata
            routes[("POST", "/2/tweets")] = self._wrapped(routes[("POST", "/2/tweets")], self._x_check)
        else:
            routes[("POST", "/xrpc/com.atproto.repo.uploadBlob")] = self._bsky_upload
            key = ("POST", "/xrpc/com.atproto.repo.createRecord")
            routes[key] = self._wrapped(routes[key], self._bsky_check)
        return self

    def stop(self) -> None:
        if self._upload_server is not None:
            self._upload_server.stop()

    def _wrapped(self, post: Any, check: Any) -> Any:
        """The network's post endpoint, after the images it names have been checked."""

        def handle(request: _Request) -> Reply:
            body = request.json()
            token = request.bearer()
            images, refused = check(body if isinstance(body, dict) else {}, token)
            if refused is not None:
                return refused
            reply = post(request)
            if images and reply[0] in (200, 201):
                post_id = (
                    reply[2].get("x-restli-id") or ((reply[1] or {}).get("data") or {}).get("id") or (reply[1] or {}).get("uri")
                )
                recorded = self.fake.find_post(str(post_id))
                if recorded is not None:
                    recorded["images"] = images
            return reply

        return handle

    def _new_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def _owner(self, token: str | None) -> str:
        return self.fake.valid_tokens.get(token or "", "")

    # --- LinkedIn -----------------------------------------------------------------------------

    def _linkedin_initialize(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied or (denied := self.fake._linkedin_headers(request)):
            return denied
        if request.param("action") != "initializeUpload":
            return self.fake._error(400, "BAD_REQUEST", "Unsupported action; use action=initializeUpload")
        body = request.json()
        owner = ((body or {}).get("initializeUploadRequest") or {}).get("owner") if isinstance(body, dict) else None
        if not isinstance(owner, str) or not re.fullmatch(r"urn:li:(person|organization):\S+", owner):
            return self.fake._error(
                422, "UNPROCESSABLE_ENTITY", "ERROR :: /initializeUploadRequest/owner :: field is required but not found"
            )
        if self._owner(token) and self._owner(token) != owner:
            return self.fake._error(403, "ACCESS_DENIED", "Not enough permissions to upload for this owner")
        number = self._new_id()
        urn = f"urn:li:image:C4E10AQ{number:010d}"
        with self._lock:
            self.uploads[urn] = {"owner": owner, "token": token, "data": None, "content_type": None}
        assert self._upload_server is not None
        upload_url = f"{self._upload_server.base_url}/dms-uploads/{urn.rsplit(':', 1)[1]}/uploaded-image/0?ca=vector_feedshare"
        expires = int(self.fake.clock() * 1000) + 24 * 3600 * 1000
        return 200, {"value": {"uploadUrlExpiresAt": expires, "uploadUrl": upload_url, "image": urn}}, {}

    def _start_upload_server(self) -> None:
        self._upload_server = _LinkedInUploads(self).start()

    def _linkedin_store(self, path: str, authorization: str, data: bytes) -> int:
        match = re.match(r"^/dms-uploads/(C4E10AQ\d+)/", path)
        urn = f"urn:li:image:{match.group(1)}" if match else ""
        with self._lock:
            upload = self.uploads.get(urn)
            if upload is None:
                return 404
            if authorization != f"Bearer {upload['token']}":
                return 401
            kind = sniff(data)
            if kind not in ("image/jpeg", "image/png", "image/gif"):
                return 400  # LinkedIn processes JPG, GIF and PNG only
            size = dimensions(data)
            status = "AVAILABLE"
            if size is not None and size[0] * size[1] >= LINKEDIN_MAX_PIXELS:
                status = f"PROCESSING_FAILED ({size[0]}x{size[1]} is not under {LINKEDIN_MAX_PIXELS:,} pixels)"
            elif kind == "image/gif" and gif_frames(data) > LINKEDIN_MAX_GIF_FRAMES:
                status = f"PROCESSING_FAILED ({gif_frames(data)} frames; a GIF has at most {LINKEDIN_MAX_GIF_FRAMES})"
            upload.update(data=data, content_type=kind, status=status)
        return 201

    def _linkedin_check(self, body: dict[str, Any], token: str | None) -> tuple[list[dict[str, Any]], Reply | None]:
        content = body.get("content") or {}
        kinds = [k for k in ("article", "media", "multiImage") if k in content]
        if len(kinds) > 1:
            return [], self._li_invalid("/content", f"only one of article, media, multiImage may be set, not {kinds}")
        if "media" in content:
            entries = [content["media"]]
        elif "multiImage" in content:
            entries = (content["multiImage"] or {}).get("images") or []
            if not 2 <= len(entries) <= 20:
                return [], self._li_invalid("/content/multiImage/images", "a multi-image post has 2 to 20 images")
        else:
            return [], None
        images = []
        for n, entry in enumerate(entries):
            urn, alt = (entry or {}).get("id"), (entry or {}).get("altText", "")
            upload = self.uploads.get(str(urn))
            if upload is None or upload["data"] is None:
                return [], self._li_invalid(f"/content/media/{n}/id", f"{urn} is not AVAILABLE (never uploaded)")
            if upload.get("status") != "AVAILABLE":
                return [], self._li_invalid(f"/content/media/{n}/id", f"{urn} is not AVAILABLE: {upload.get('status')}")
            if upload["owner"] != body.get("author"):
                return [], self.fake._error(403, "ACCESS_DENIED", f"{urn} does not belong to the post's author")
            if not isinstance(alt, str) or len(alt) > 4086:
                return [], self._li_invalid(f"/content/media/{n}/altText", "altText must be a string of at most 4086 characters")
            images.append({"id": urn, "alt": alt, "content_type": upload["content_type"], "size": len(upload["data"])})
        return images, None

    def _li_invalid(self, field: str, why: str) -> Reply:
        return self.fake._error(422, "UNPROCESSABLE_ENTITY", f"ERROR :: {field} :: {why}")

    # --- X --------------------------------------------------------------------------------------

    def _x_upload(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        form = multipart(request.headers.get("Content-Type", ""), request.raw)
        if form is None or "media" not in form:
            return self.fake._x_invalid("$.media: is missing but it is required (multipart/form-data)")
        data = form["media"]
        declared = form.get("media_type", b"").decode()
        category = form.get("media_category", b"").decode()
        if category not in X_ONE_SHOT_CATEGORIES:  # upload-media: tweet_image, dm_image, subtitles
            return self.fake._x_invalid(
                f"$.media_category: {category or 'missing'} is not one of {', '.join(X_ONE_SHOT_CATEGORIES)}"
            )
        if declared and declared not in X_ONE_SHOT_TYPES:  # upload-media's media_type list has no GIF
            return self.fake._x_invalid(f"$.media_type: {declared} is not one of {', '.join(X_ONE_SHOT_TYPES)}")
        kind = sniff(data)
        if kind is None or (declared and declared != kind):
            return self.fake._x_invalid(f"$.media_type: the media is not a {declared or 'supported image'}")
        return self._x_store(token, data, kind, category, processed=True)

    def _x_store(self, token: str | None, data: bytes, kind: str, category: str, *, processed: bool) -> Reply:
        """Keep media whose bytes suit its category and size limit (best practices), or refuse it."""
        animated = kind == "image/gif" and gif_frames(data) > 1
        if category == "tweet_gif" and not animated:  # tweet_gif: an animated GIF only
            return self.fake._x_invalid(f"$.media_category: tweet_gif is for an animated GIF; this media is a still {kind}")
        if category == "tweet_image" and animated:
            return self.fake._x_invalid("$.media_category: an animated GIF is uploaded as tweet_gif, not tweet_image")
        if len(data) > (X_MAX_GIF_BYTES if animated else X_MAX_IMAGE_BYTES):
            limit = "an animated GIF at most 15 MB" if animated else "an image at most 5 MB"
            return self.fake._x_invalid(f"$.media: {len(data):,} bytes is too large ({limit})")
        media_id = str(1880000000000000000 + self._new_id())
        state = "succeeded" if processed else "pending"
        with self._lock:
            self.uploads[media_id] = {
                "owner": self._owner(token), "data": data, "content_type": kind, "alt": "", "animated": animated,
                "state": state,
            }  # fmt: skip
        body: dict[str, Any] = {
            "id": media_id,
            "media_key": f"{16 if animated else 3}_{media_id}",
            "size": len(data),
            "expires_after_secs": 86400,
            "image": {"image_type": kind},
        }
        if not processed:  # finalize-media-upload: async finalize for an animated GIF
            body["processing_info"] = {"state": "pending", "check_after_secs": 1}
        return 200, {"data": body}, {}

    def _x_initialize(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        body = request.json()
        body = body if isinstance(body, dict) else {}
        category, declared, total = body.get("media_category"), body.get("media_type"), body.get("total_bytes")
        if category not in X_CHUNKED_CATEGORIES:
            return self.fake._x_invalid(f"$.media_category: {category or 'missing'} is not a valid media category")
        if declared not in X_CHUNKED_TYPES:
            return self.fake._x_invalid(f"$.media_type: {declared or 'missing'} is not a valid media type")
        if not isinstance(total, int) or isinstance(total, bool) or total < 1:
            return self.fake._x_invalid("$.total_bytes: must be a positive integer")
        limit = {"tweet_image": X_MAX_IMAGE_BYTES, "dm_image": X_MAX_IMAGE_BYTES, "tweet_gif": X_MAX_GIF_BYTES}.get(category)
        if limit is not None and total > limit:  # best practices: image 5 MB, animated GIF 15 MB
            return self.fake._x_invalid(f"$.total_bytes: {total:,} bytes is too large for {category}")
        media_id = str(1880000000000000000 + self._new_id())
        with self._lock:
            self.sessions[media_id] = {
                "owner": self._owner(token), "token": token, "category": category, "media_type": declared,
                "total": total, "segments": {},
            }  # fmt: skip
        return 200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "expires_after_secs": 86400}}, {}

    def _x_append_or_finalize(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        match = re.fullmatch(r"/2/media/upload/(\d+)/(append|finalize)", request.path)
        session = self.sessions.get(match.group(1)) if match else None
        if match is None or session is None or session["owner"] != self._owner(token):
            return self.fake._error(404, "NotFound", f"no upload session at {request.path}")
        media_id, command = match.groups()
        if command == "append":
            form = multipart(request.headers.get("Content-Type", ""), request.raw) or {}
            index = form.get("segment_index", b"").decode()
            if not index.isdigit() or int(index) >= X_MAX_SEGMENTS:
                return self.fake._x_invalid("$.segment_index: must be an integer from 0 to 999")
            if "media" not in form:
                return self.fake._x_invalid("$.media: is missing but it is required")
            with self._lock:
                session["segments"][int(index)] = form["media"]
            return 200, {"data": {"expires_at": int(self.fake.clock()) + 86400}}, {}
        with self._lock:
            self.sessions.pop(media_id, None)
        data = b"".join(session["segments"][i] for i in sorted(session["segments"]))
        if len(data) != session["total"]:
            return self.fake._x_invalid(f"$.total_bytes: {session['total']:,} declared, {len(data):,} appended")
        kind = sniff(data)
        if kind is None or kind != session["media_type"]:
            return self.fake._x_invalid(f"$.media_type: the media is not a {session['media_type']}")
        reply = self._x_store(session["token"], data, kind, session["category"], processed=session["category"] != "tweet_gif")
        if reply[0] == 200:  # the media keeps the id initialize gave it
            with self._lock:
                self.uploads[media_id] = self.uploads.pop(reply[1]["data"]["id"])
            reply[1]["data"].update(id=media_id, media_key=f"{reply[1]['data']['media_key'].split('_')[0]}_{media_id}")
        return reply

    def _x_status(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        media_id = request.param("media_id") or ""
        upload = self.uploads.get(media_id)
        if request.param("command") != "STATUS":
            return self.fake._x_invalid("$.command: must be STATUS")
        if upload is None or upload["owner"] != self._owner(token):
            return self.fake._x_invalid(f"$.media_id: media {media_id or '(missing)'} was not uploaded by this user")
        with self._lock:
            upload["state"] = "succeeded"  # X takes seconds to process a GIF; the fake is done at the first check
        return 200, {"data": {"id": media_id, "media_key": f"16_{media_id}", "processing_info": {"state": "succeeded"}}}, {}

    def _x_metadata(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        body = request.json()
        media_id = str((body or {}).get("id", "")) if isinstance(body, dict) else ""
        text = (((body or {}).get("metadata") or {}).get("alt_text") or {}).get("text") if isinstance(body, dict) else None
        upload = self.uploads.get(media_id)
        if upload is None or upload["owner"] != self._owner(token):
            return self.fake._x_invalid(f"$.id: media {media_id or '(missing)'} was not uploaded by this user")
        if not isinstance(text, str) or len(text) > 1000:
            return self.fake._x_invalid("$.metadata.alt_text.text: must be a string of at most 1000 characters")
        upload["alt"] = text
        return 200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": text}}}}, {}

    def _x_check(self, body: dict[str, Any], token: str | None) -> tuple[list[dict[str, Any]], Reply | None]:
        if "media" not in body:
            return [], None
        ids = (body.get("media") or {}).get("media_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 4:
            return [], self.fake._x_invalid("$.media.media_ids: must hold 1 to 4 media ids")
        images = []
        for media_id in ids:
            upload = self.uploads.get(str(media_id))
            if upload is None or upload["owner"] != self._owner(token):
                return [], self.fake._x_invalid(f"$.media.media_ids: {media_id} is not a media id of this user")
            if upload.get("state", "succeeded") != "succeeded":  # get-media-upload-status: not before succeeded
                return [], self.fake._x_invalid(f"$.media.media_ids: {media_id} is still processing")
            images.append(
                {"id": str(media_id), "alt": upload["alt"], "content_type": upload["content_type"], "size": len(upload["data"])}
            )
        if len(ids) > 1 and any(self.uploads[str(i)].get("animated") for i in ids):
            return [], self.fake._x_invalid("$.media.media_ids: an animated GIF goes alone (up to 4 photos or 1 animated GIF)")
        return images, None

    # --- Bluesky --------------------------------------------------------------------------------

    def _bsky_upload(self, request: _Request) -> Reply:
        token, denied = self.fake._authorize(request)
        if denied:
            return denied
        data = request.raw
        mime = (request.headers.get("Content-Type") or "").split(";")[0].strip()
        if not data or not mime or mime == "*/*":
            return self.fake._bsky_invalid("Request must have a body and a Content-Type")
        cid = "bafkrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]
        with self._lock:
            self.uploads[cid] = {"owner": self._owner(token), "data": data, "content_type": mime}
        return 200, {"blob": {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(data)}}, {}

    def _bsky_check(self, body: dict[str, Any], token: str | None) -> tuple[list[dict[str, Any]], Reply | None]:
        embed = (body.get("record") or {}).get("embed") if isinstance(body.get("record"), dict) else None
        if not isinstance(embed, dict) or embed.get("$type") != "app.bsky.embed.images":
            return [], None
        bad = "Invalid app.bsky.feed.post record: Record/embed/images"
        entries = embed.get("images")
        if not isinstance(entries, list):
            return [], self.fake._bsky_invalid(f"{bad} must be an array")
        if len(entries) > 4:
            return [], self.fake._bsky_invalid(f"{bad} must not be longer than 4 elements")
        images = []
        for n, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("alt"), str):
                return [], self.fake._bsky_invalid(f'{bad}/{n} must have the property "alt"')
            blob = entry.get("image") or {}
            cid = ((blob.get("ref") or {}) if isinstance(blob, dict) else {}).get("$link")
            upload = self.uploads.get(str(cid))
            if upload is None or upload["owner"] != body.get("repo"):
                return [], self.fake._bsky_invalid(f"{bad}/{n}/image: blob {cid} was not uploaded to this repo")
            if not str(upload["content_type"]).startswith("image/"):
                return [], self.fake._bsky_invalid(f"{bad}/{n}/image has the wrong mime type: {upload['content_type']}")
            if len(upload["data"]) > 1_000_000:
                return [], self.fake._bsky_invalid(f"{bad}/{n}/image file too big (max 1000000 bytes)")
            images.append({"id": cid, "alt": entry["alt"], "content_type": upload["content_type"], "size": len(upload["data"])})
        return images, None


def multipart(content_type: str, raw: bytes) -> dict[str, bytes] | None:
    """The fields of a multipart/form-data body, or None when it is not one."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/form-data") or not match:
        return None
    boundary = b"--" + match.group(1).encode()
    fields: dict[str, bytes] = {}
    for part in raw.split(boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, value = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name:
            fields[name.group(1).decode()] = value[:-2] if value.endswith(b"\r\n") else value
    return fields


def attach_media(fake: FakeNetwork) -> FakeMedia:
    return FakeMedia(fake).attach()


class _LinkedInUploads(FakeServer):
    """The host LinkedIn's upload URLs point at: a PUT of the bytes for an initialised image."""

    name = "fake-linkedin-uploads"

    def __init__(self, media: FakeMedia) -> None:
        super().__init__(media.fake.host, 0)
        self.media = media

    def handler(self) -> type[BaseHTTPRequestHandler]:
        media = self.media

        class Upload(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_PUT(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                status = media._linkedin_store(self.path, self.headers.get("Authorization", ""), data)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Upload
