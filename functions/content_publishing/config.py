from estafette.config import ServiceConfig, load


class ContentConfig(ServiceConfig):
    content_table_name: str = "estafette-content"
    # Allow a curator to approve their own submission (off: a second curator or an admin approves).
    allow_self_approval: bool = False


def config() -> ContentConfig:
    return load(ContentConfig)
