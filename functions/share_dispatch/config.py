from estafette.config import ServiceConfig, load


class ShareConfig(ServiceConfig):
    shares_table_name: str = "estafette-shares"
    dispatch_queue_url: str = ""
    token_key_id: str = ""
    tracked_link_base_url: str = "http://localhost:3000"
    linkedin_api_base_url: str = "https://api.linkedin.com"
    x_api_base_url: str = "https://api.x.com"
    bluesky_api_base_url: str = "https://bsky.social"


def config() -> ShareConfig:
    return load(ShareConfig)
