from estafette.config import ServiceConfig, load


class WebhooksConfig(ServiceConfig):
    webhooks_table_name: str = "estafette-webhooks"
    # Secrets Manager name of an org's webhook secrets: a JSON object {provider: [secret, ...]}.
    webhook_secret_name_template: str = "estafette/{org_id}/hr-webhooks"


def config() -> WebhooksConfig:
    return load(WebhooksConfig)
