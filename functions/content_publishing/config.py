from estafette.config import ServiceConfig, load


class ContentConfig(ServiceConfig):
    content_table_name: str = "estafette-content"
    # Suggested texts are counted with a tracked link of this base appended, as they will be posted.
    tracked_link_base_url: str = "http://localhost:3000"
    # Link previews (see preview.py). Loopback is for tests with a local server only; the
    # template never sets PREVIEW_ALLOW_LOOPBACK.
    preview_timeout_seconds: float = 4.0
    preview_max_bytes: int = 512 * 1024
    preview_allow_loopback: bool = False
    media_bucket_name: str = "estafette-media"
    media_upload_seconds: int = 900  # how long a presigned upload form stays valid
    media_view_seconds: int = 3600  # how long an image's presigned address (feed, editor) stays valid
    # Industry sources (see sources.py). SOURCES_ALLOW_LOOPBACK is for the local cloud's fake feed
    # server and tests only; the template never sets it.
    source_poll_queue_url: str = ""
    sources_poll_minutes: int = 30
    sources_timeout_seconds: float = 8.0
    sources_max_bytes: int = 2 * 1024 * 1024
    sources_allow_loopback: bool = False


def config() -> ContentConfig:
    return load(ContentConfig)
