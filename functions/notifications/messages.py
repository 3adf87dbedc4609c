"""notifications' user-facing API messages, in English and Dutch."""

from estafette.i18n import register

register(
    {
        "invalid_unsubscribe_link": {
            "en": "This unsubscribe link is not valid. Use the link from the email itself, or change your notification "
            "settings in the app.",
            "nl": "Deze afmeldlink is niet geldig. Gebruik de link uit de e-mail zelf, of wijzig je instellingen voor "
            "meldingen in de app.",
        },
        "employee_has_left": {
            "en": "You are no longer in this organisation's directory, so you get no notifications.",
            "nl": "Je staat niet meer in het personeelsbestand van deze organisatie, dus je krijgt geen meldingen.",
        },
    }
)
