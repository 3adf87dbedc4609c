from estafette.config import ServiceConfig, load


class NotificationsConfig(ServiceConfig):
    notifications_table_name: str = "estafette-notifications"
    notification_send_queue_url: str = ""
    # The sender address; it (or its domain) must be a verified SES identity.
    mail_from_address: str = "notifications@example.com"
    # The web front end, for deep links (reconnect, feed, preferences). Empty: the public API base URL.
    app_base_url: str = ""
    # Where the HTTP API's public routes are reachable (the tracked-link domain serves the same API).
    tracked_link_base_url: str = ""
    unsubscribe_secret_arn: str = ""
    # Empty in production. When set, chat webhooks go to {base}/{original host}{original path} (the local fake).
    chat_webhook_base_url: str = ""


def config() -> NotificationsConfig:
    return load(NotificationsConfig)


def app_url(path: str) -> str:
    """A deep link into the front end (or, without one, onto the API's public domain)."""
    settings = config()
    base = (settings.app_base_url or settings.tracked_link_base_url).rstrip("/")
    return f"{base}{path}"
