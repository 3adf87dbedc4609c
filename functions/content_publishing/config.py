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


def config() -> ContentConfig:
    return load(ContentConfig)
