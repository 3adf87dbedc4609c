"""The org's social-media guidelines, per language, for employees to read at `GET /v1/guidelines`.

Admins write them in the org settings (`content.guidelines`), first as what is welcome and
only then as what to avoid: people who don't know what is allowed don't share at all
(docs/product.md). Until an org writes its own, these defaults say the same in both languages.
"""

from __future__ import annotations

from typing import Any

from estafette import settings
from estafette.domain import Language
from estafette.settings import Guidelines

DEFAULTS: dict[Language, Guidelines] = {
    Language.EN: Guidelines(
        text="Your network trusts you, not our logo. Share what you find worth sharing, in your own words.",
        welcome=[
            "What you learned on a project you delivered, and what made it work.",
            "A client visit, an event or a good collaboration, with your own take on it.",
            "Vacancies in your team, and why you like working there.",
            "Articles from your field that you found useful, with a line on why.",
            "Rewriting a suggested text completely: it is a starting point, not a script.",
        ],
        avoid=[
            "Confidential details about clients, prices or plans that haven't been announced.",
            "Posting the same text as your colleagues word for word.",
        ],
    ),
    Language.NL: Guidelines(
        text="Je netwerk vertrouwt jou, niet ons logo. Deel wat jij de moeite waard vindt, in je eigen woorden.",
        welcome=[
            "Wat je leerde van een project dat je opleverde, en waardoor het lukte.",
            "Een klantbezoek, een evenement of een goede samenwerking, met jouw kijk erop.",
            "Vacatures in je team, en waarom je er graag werkt.",
            "Artikelen uit je vakgebied die je nuttig vond, met een zin over waarom.",
            "Een voorgestelde tekst helemaal herschrijven: het is een begin, geen script.",
        ],
        avoid=[
            "Vertrouwelijke details over klanten, prijzen of plannen die nog niet bekend zijn.",
            "Woord voor woord dezelfde tekst posten als je collega's.",
        ],
    ),
}


def for_language(org_id: str, language: Language) -> dict[str, Any]:
    """The org's guidelines in my language, else in English, else in any language it wrote; else ours."""
    written = {lang: g for lang, g in settings.for_org(org_id).content.guidelines.items() if g.welcome or g.text}
    for candidate in (language, Language.EN, *written):
        if candidate in written:
            return {"language": candidate, "source": "organisation", **written[candidate].model_dump(mode="json")}
    return {"language": language, "source": "default", **DEFAULTS[language].model_dump(mode="json")}
