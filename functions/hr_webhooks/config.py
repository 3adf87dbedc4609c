from estafette.config import ServiceConfig, load


class WebhooksConfig(ServiceConfig):
    webhooks_table_name: str = "estafette-webhooks"
    # Secrets Manager name of an org's webhook secrets: a JSON object {provider: [secret, ...]}.
    webhook_secret_name_template: str = "estafette/{org_id}/hr-webhooks"
    # Empty: the HR systems' own APIs. The local cloud points it at its fake BambooHR and Personio.
    hr_api_base_url: str = ""


def config() -> WebhooksConfig:
    return load(WebhooksConfig)
