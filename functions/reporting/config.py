from estafette.config import ServiceConfig, load


class ReportingConfig(ServiceConfig):
    reporting_table_name: str = "estafette-reporting"


def config() -> ReportingConfig:
    return load(ReportingConfig)
