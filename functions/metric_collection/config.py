from estafette.config import ServiceConfig, load


class MetricsConfig(ServiceConfig):
    metrics_table_name: str = "estafette-metrics"
    click_hash_salt: str = ""


def config() -> MetricsConfig:
    return load(MetricsConfig)
