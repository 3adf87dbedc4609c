"""metric_collection's user-facing texts in English and Dutch: the friendly 404 of a tracked link and
the reasons a harvest can fail (shown with a share's metrics)."""

from estafette.i18n import message, register

NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "bluesky": "Bluesky",
    "facebook": "Facebook",
    "whatsapp": "WhatsApp",
    "xing": "XING",
}

MESSAGES = {
    "link_not_found_title": {
        "en": "This link doesn't lead anywhere",
        "nl": "Deze link leidt nergens naartoe",
    },
    "link_not_found_body": {
        "en": "The link may be mistyped, incomplete or withdrawn. Check it with the person who shared it.",
        "nl": "De link is misschien verkeerd getypt, onvolledig of ingetrokken. Vraag het na bij wie hem deelde.",
    },
    "metrics_not_found": {
        "en": "There are no metrics for share {share_id} (yet): it is not posted, or not yours.",
        "nl": "Er zijn (nog) geen cijfers voor deel-actie {share_id}: die is niet geplaatst, of niet van jou.",
    },
    "harvest_connection_expired": {
        "en": "The {network} connection expired or was revoked, so its posts are skipped. Reconnect to resume.",
        "nl": "De koppeling met {network} is verlopen of ingetrokken, dus de berichten worden overgeslagen. "
        "Koppel opnieuw om verder te gaan.",
    },
    "harvest_network_not_connected": {
        "en": "There is no {network} connection any more, so its posts are skipped.",
        "nl": "Er is geen koppeling met {network} meer, dus de berichten worden overgeslagen.",
    },
    "harvest_network_error": {
        "en": "{network} did not answer properly; the harvest is tried again later.",
        "nl": "{network} gaf geen goed antwoord; de cijfers worden later opnieuw opgehaald.",
    },
    "harvest_rejected": {
        "en": "{network} refused to give the metrics of this post; it is tried again at the next harvest.",
        "nl": "{network} weigerde de cijfers van dit bericht te geven; bij de volgende ronde wordt het opnieuw geprobeerd.",
    },
    "harvest_rate_limited": {
        "en": "{network} asked us to slow down; the harvest is tried again later.",
        "nl": "{network} vroeg ons het rustiger aan te doen; de cijfers worden later opnieuw opgehaald.",
    },
    "harvest_post_unavailable": {
        "en": "{network} no longer shows this post (deleted or hidden).",
        "nl": "{network} toont dit bericht niet meer (verwijderd of verborgen).",
    },
    "harvest_no_metrics_api": {
        "en": "{network} offers no metrics for personal posts; the tracked link still counts its clicks.",
        "nl": "{network} biedt geen cijfers voor persoonlijke berichten; de getrackte link telt de kliks wel.",
    },
}

register(MESSAGES)


def text(code: str, language: str, **params: object) -> str:
    """One of metric_collection's texts (importing this module is what registers them)."""
    return message(code, language, **params)
