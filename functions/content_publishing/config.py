from estafette.config import ServiceConfig, load


class ContentConfig(ServiceConfig):
    content_table_name: str = "estafette-content"


def config() -> ContentConfig:
    return load(ContentConfig)
