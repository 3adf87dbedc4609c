from estafette.config import ServiceConfig, load


class ShareConfig(ServiceConfig):
    shares_table_name: str = "estafette-shares"
    dispatch_queue_url: str = ""
    token_key_id: str = ""
    tracked_link_base_url: str = "http://localhost:3000"
    # Where the HTTP API is reachable from a browser (the OAuth redirect URI is built on it);
    # empty: the tracked-link base URL, which is the API's own domain in a default install.
    public_api_base_url: str = ""
    # The web app, where the OAuth callback sends the browser back to; empty: the API's own host
    # (the app and the API share one CloudFront distribution in a default install).
    app_base_url: str = ""
    linkedin_api_base_url: str = "https://api.linkedin.com"
    linkedin_auth_base_url: str = "https://www.linkedin.com"
    x_api_base_url: str = "https://api.x.com"
    x_auth_base_url: str = "https://x.com"
    bluesky_api_base_url: str = "https://bsky.social"
    # Secrets Manager: `{prefix}{network}` holds {"client_id": ..., "client_secret": ...}.
    oauth_secret_prefix: str = "estafette/oauth/"
    oauth_state_seconds: int = 600
    # The dispatch worker's retry ladder. Keep dispatch_max_receives equal to the queue's maxReceiveCount.
    dispatch_max_receives: int = 5
    dispatch_backoff_base_seconds: float = 10.0
    dispatch_backoff_max_seconds: float = 900.0
    # How long a worker holds a share while posting; longer than one network call can take.
    dispatch_lease_seconds: int = 60
    # A queued share that has not gone out by then is released to the queue again (a lost send).
    dispatch_safety_seconds: int = 900
    max_schedule_days: int = 90

    def redirect_uri(self, network: str) -> str:
        base = (self.public_api_base_url or self.tracked_link_base_url).rstrip("/")
        return f"{base}/v1/oauth/{network}/callback"


def config() -> ShareConfig:
    return load(ShareConfig)
