"""organisation's user-facing messages, in English and Dutch."""

from estafette import i18n

i18n.register(
    {
        "settings_changed_meanwhile": {
            "en": "Someone else saved the settings meanwhile. Reload them to see their change, then make yours again.",
            "nl": "Iemand anders heeft de instellingen intussen opgeslagen. Laad ze opnieuw om die wijziging te zien "
            "en breng de jouwe dan nog eens aan.",
        },
        "if_match_required": {
            "en": "Send If-Match with the ETag of the settings you read, so no one else's change is overwritten.",
            "nl": "Stuur If-Match mee met de ETag van de instellingen die je las, zodat je niemands wijziging overschrijft.",
        },
        "invalid_if_match": {
            "en": 'If-Match must be the ETag GET /v1/org/settings sent, for example "3".',
            "nl": 'If-Match moet de ETag zijn die GET /v1/org/settings stuurde, bijvoorbeeld "3".',
        },
    }
)
