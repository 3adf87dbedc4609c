from pydantic import Field

from estafette.config import ServiceConfig, load


class MetricsConfig(ServiceConfig):
    metrics_table_name: str = "estafette-metrics"
    # The visitor hash's secret salt lives in Secrets Manager, never in the plain environment.
    click_hash_salt_secret_arn: str = ""
    harvest_queue_url: str = ""
    # share_dispatch's table: the harvest worker reads employees' connections there (read-only, see connections.py).
    shares_table_name: str = "estafette-shares"
    linkedin_api_base_url: str = "https://api.linkedin.com"
    x_api_base_url: str = "https://api.x.com"
    bluesky_api_base_url: str = "https://bsky.social"
    # Per-network rate budget of metrics calls, shared by every concurrent harvest worker (calls per minute).
    # Defaults stay well inside each API's documented limits for one app; raise them if your app tier allows.
    harvest_calls_per_minute_linkedin: int = Field(default=100, ge=10)
    harvest_calls_per_minute_x: int = Field(default=60, ge=10)
    harvest_calls_per_minute_bluesky: int = Field(default=300, ge=10)

    def base_url(self, network: str) -> str | None:
        return {
            "linkedin": self.linkedin_api_base_url,
            "x": self.x_api_base_url,
            "bluesky": self.bluesky_api_base_url,
        }.get(network)

    def calls_per_minute(self, network: str) -> int:
        return int(getattr(self, f"harvest_calls_per_minute_{network}", 0))


def config() -> MetricsConfig:
    return load(MetricsConfig)
