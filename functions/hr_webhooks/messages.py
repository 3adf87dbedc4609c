"""hr_webhooks' user-facing messages, in English and Dutch (the shared ones live in estafette.i18n)."""

from estafette.i18n import register

register(
    {
        "missing_org": {
            "en": "The webhook address must name your organisation: add ?org=<your organisation id>.",
            "nl": "Het webhookadres moet je organisatie noemen: voeg ?org=<id van je organisatie> toe.",
        },
        "no_previous_secret": {
            "en": "There is no previous {provider} secret to retire: only one is active.",
            "nl": "Er is geen vorig {provider}-geheim om in te trekken: er is er maar één actief.",
        },
    }
)
