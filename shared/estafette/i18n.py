"""User-facing messages in English and Dutch, looked up by a stable code."""

from __future__ import annotations

from estafette.domain import Language

MESSAGES: dict[str, dict[str, str]] = {
    "unauthorized": {
        "en": "Sign in again: the request has no valid token.",
        "nl": "Log opnieuw in: het verzoek heeft geen geldig token.",
    },
    "forbidden_role": {
        "en": "Your role does not allow this. It needs one of: {roles}.",
        "nl": "Je rol staat dit niet toe. Nodig is een van: {roles}.",
    },
    "not_found": {
        "en": "{what} was not found.",
        "nl": "{what} is niet gevonden.",
    },
    "route_not_found": {
        "en": "There is no route {method} {path}.",
        "nl": "Er is geen route {method} {path}.",
    },
    "invalid_json": {
        "en": "The request body is not valid JSON.",
        "nl": "De inhoud van het verzoek is geen geldige JSON.",
    },
    "validation_failed": {
        "en": "The field '{field}' is not valid: {reason}.",
        "nl": "Het veld '{field}' is niet geldig: {reason}.",
    },
    "payload_too_large": {
        "en": "The request body is larger than {limit} bytes.",
        "nl": "De inhoud van het verzoek is groter dan {limit} bytes.",
    },
    "transition_not_allowed": {
        "en": "Content in state '{state}' cannot be {action}.",
        "nl": "Content met status '{state}' kan niet worden {action_nl}.",
    },
    "self_approval": {
        "en": "A second curator or an admin must approve content you submitted yourself.",
        "nl": "Een tweede curator of een admin moet content goedkeuren die je zelf hebt ingediend.",
    },
    "network_not_connected": {
        "en": "Connect your {network} account first, then share again.",
        "nl": "Koppel eerst je {network}-account en deel daarna opnieuw.",
    },
    "text_too_long": {
        "en": "Your text is {length} characters; {network} allows {limit}.",
        "nl": "Je tekst is {length} tekens; {network} staat er {limit} toe.",
    },
    "text_empty": {
        "en": "Write a text in your own words before you share.",
        "nl": "Schrijf eerst een tekst in je eigen woorden.",
    },
    "daily_cap_reached": {
        "en": "You already shared {cap} times to {network} today; the cap counts per network. Your followers hear you "
        "best when you pace yourself: try {network} again tomorrow, or share on another network.",
        "nl": "Je hebt vandaag al {cap} keer op {network} gedeeld; de limiet geldt per netwerk. Je volgers horen je het "
        "best als je doseert: probeer {network} morgen opnieuw, of deel op een ander netwerk.",
    },
    "content_not_shareable": {
        "en": "This content is not published for you, or has expired.",
        "nl": "Deze content is niet voor jou gepubliceerd, of is verlopen.",
    },
    "already_shared": {
        "en": "You already shared this content to {network}.",
        "nl": "Je hebt deze content al gedeeld op {network}.",
    },
    "invalid_signature": {
        "en": "The webhook signature or its timestamp is not valid.",
        "nl": "De handtekening of het tijdstip van de webhook is niet geldig.",
    },
    "unknown_provider": {
        "en": "There is no HR integration called '{provider}'.",
        "nl": "Er is geen HR-koppeling met de naam '{provider}'.",
    },
    "unmappable_payload": {
        "en": "The webhook payload could not be read: {reason}.",
        "nl": "De inhoud van de webhook kon niet worden gelezen: {reason}.",
    },
    "invalid_period": {
        "en": "The period is not valid: {reason}.",
        "nl": "De periode is niet geldig: {reason}.",
    },
    "throttled": {
        "en": "Too many requests right now. Try again in a moment.",
        "nl": "Te veel verzoeken op dit moment. Probeer het zo opnieuw.",
    },
    "body_not_utf8": {
        "en": "The request body is not UTF-8 text{detail}. Send JSON encoded as UTF-8.",
        "nl": "De inhoud van het verzoek is geen UTF-8-tekst{detail}. Stuur JSON in UTF-8.",
    },
    "json_too_deep": {
        "en": "The request body nests more than {limit} levels of objects and arrays.",
        "nl": "De inhoud van het verzoek nest meer dan {limit} niveaus van objecten en lijsten.",
    },
    "employee_left": {
        "en": "Your employer has told us you left, so Estafette no longer acts for you.",
        "nl": "Je werkgever heeft laten weten dat je uit dienst bent; Estafette doet daarom niets meer namens jou.",
    },
    "unavailable": {
        "en": "The service is busy. Try again in a moment; nothing was lost.",
        "nl": "De dienst is even druk. Probeer het zo opnieuw; er is niets verloren gegaan.",
    },
}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add a service's own messages (code → {"en": ..., "nl": ...}); every code needs both languages."""
    for code, texts in messages.items():
        missing = {"en", "nl"} - texts.keys()
        if missing:
            raise ValueError(f"message {code!r} has no {', '.join(sorted(missing))} text")
        if code in MESSAGES and MESSAGES[code] != texts:
            raise ValueError(f"message {code!r} is already defined differently")
        MESSAGES[code] = texts


def pick_language(accept_language: str | None, default: Language = Language.EN) -> Language:
    """The supported language the Accept-Language header prefers most (RFC 9110 §12.5.4).

    Quality values count: `nl;q=0` means "not Dutch", and `en;q=0.5, nl` prefers Dutch. Among equal
    weights the earlier one wins; a header that names no supported language gives `default`.
    """
    if not accept_language:
        return default
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate(accept_language.split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        primary = tag.lower().split("-")[0]
        if weight <= 0 or primary not in (Language.EN, Language.NL):
            continue
        candidate = (-weight, position, Language(primary))
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else default


# A few of the commonest words of each language: enough to tell an English post from a Dutch one.
_COMMON_WORDS: dict[Language, frozenset[str]] = {
    Language.EN: frozenset(
        {
            "the", "and", "is", "are", "of", "to", "in", "for", "with", "our", "we", "you", "this", "that", "on", "at",
            "it", "be", "by", "from", "new", "have", "has", "was", "will", "my", "i", "an",
        }
    ),
    Language.NL: frozenset(
        {
            "de", "het", "een", "en", "is", "zijn", "van", "voor", "met", "onze", "ons", "we", "wij", "je", "jij", "dit",
            "dat", "op", "bij", "te", "naar", "nieuwe", "heeft", "hebben", "was", "wordt", "mijn", "ik", "ook", "niet",
            "maar", "werk", "werken",
        }
    ),
}


def text_language(text: str) -> Language | None:
    """The language a post is written in (English or Dutch), or None when its words don't say."""
    import re

    words = re.findall(r"[a-zà-ÿ']+", text.casefold())
    scores = {language: sum(1 for w in words if w in common) for language, common in _COMMON_WORDS.items()}
    en, nl = scores[Language.EN], scores[Language.NL]
    if max(en, nl) < 2 or en == nl:
        return None
    return Language.EN if en > nl else Language.NL


def message(code: str, language: Language | str = Language.EN, **params: object) -> str:
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    template = texts.get(str(language)) or texts["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
