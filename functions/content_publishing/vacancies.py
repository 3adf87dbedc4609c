"""A vacancy from an HR or recruitment system becomes vacancy content, targeted at its department
and locations.

It is published at once, or waits in the curators' review queue, per the org's
`content.vacancy_auto_publish` setting. When the vacancy closes, the item expires (or, if it
never went live, is archived so it never will).

Suggested texts come from nl/en templates with three variants each, so colleagues don't all
post the same words. They are meant for LinkedIn and X; a title so long that a text no
longer fits X makes the item LinkedIn-only rather than fail.
"""

from __future__ import annotations

import hashlib

from content_publishing import library, store
from content_publishing.model import DEFAULT_NETWORKS, ContentFields, Status
from content_publishing.validation import share_link
from estafette import settings
from estafette.auth import Caller
from estafette.domain import Audience, ContentType, Language, Network, Role
from estafette.errors import Conflict
from estafette.events import VacancyClosed, VacancyOpened
from estafette.publisher import Publisher
from estafette.text_limits import fits

TEMPLATES: dict[Language, list[str]] = {
    Language.EN: [
        "We're hiring: {title}. I'd love to work with someone who brings fresh ideas to our team. Know anyone?",
        "Our team is growing! We're looking for a {title}. Happy to tell you what it's like to work here.",
        "Open role on my team: {title}. If this sounds like you, or a friend, let's talk.",
    ],
    Language.NL: [
        "We zoeken een {title}. Ik werk graag samen met iemand die nieuwe ideeën meebrengt. Ken jij iemand?",
        "Ons team groeit! We zoeken een {title}. Ik vertel je graag hoe het is om hier te werken.",
        "Vacature in mijn team: {title}. Klinkt dit als jij, of als een vriend? Laten we praten.",
    ],
}


def content_for(vacancy: VacancyOpened) -> ContentFields:
    title = vacancy.title.strip()[:300]
    texts = {lang: [t.format(title=title) for t in variants] for lang, variants in TEMPLATES.items()}
    everything = [t for variants in texts.values() for t in variants]
    networks = [n for n in DEFAULT_NETWORKS if all(fits(t, n, share_link()) for t in everything)] or [Network.LINKEDIN]
    return ContentFields(
        type=ContentType.VACANCY,
        url=vacancy.url,  # type: ignore[arg-type]
        title=title,
        summary=vacancy.description[:2000],
        suggested_texts=texts,  # type: ignore[arg-type]
        networks=networks,
        # A blank department or location from the HR system narrows nothing (rather than failing the event).
        audience=Audience(
            departments=[d for d in [vacancy.department] if d.strip()],
            locations=[loc for loc in vacancy.locations if loc.strip()],
        ),
    )


def vacancy_content_id(provider: str, vacancy_id: str) -> str:
    # Deterministic, so a redelivered VacancyOpened finds the item it created the first time.
    return "vac-" + hashlib.sha256(f"{provider}:{vacancy_id}".encode()).hexdigest()[:16]


def open_vacancy(org_id: str, vacancy: VacancyOpened, publisher: Publisher | None = None) -> str:
    """Create the vacancy's content once and send it on; returns its content id. Safe to redeliver:
    each step looks at where the item is and only does what is left."""
    system = Caller(sub=f"hr:{vacancy.provider}", org_id=org_id, roles=frozenset({Role.ADMIN}))
    content_id = vacancy_content_id(vacancy.provider, vacancy.vacancy_id)
    item = store.get(org_id, content_id)
    if item is None:
        try:
            item = library.create(
                system,
                content_for(vacancy),
                source=f"vacancy:{vacancy.provider}:{vacancy.vacancy_id}",
                content_id=content_id,
                trusted_audience=True,  # the HR system is the source of truth for its own departments
            )
        except Conflict:
            item = store.get(org_id, content_id)  # a concurrent delivery created it
            if item is None:
                raise
    store.link_vacancy(org_id, vacancy.provider, vacancy.vacancy_id, content_id)
    if item.status is Status.DRAFT:
        item = library.transition(system, content_id, "submit", "vacancy opened in the HR system", publisher=publisher)
    if item.status is Status.IN_REVIEW and settings.for_org(org_id).content.vacancy_auto_publish:
        library.transition(system, content_id, "approve", "vacancies are published at once (org setting)", publisher=publisher)
    return content_id


def close_vacancy(org_id: str, vacancy: VacancyClosed, publisher: Publisher | None = None) -> None:
    item = store.get(org_id, vacancy_content_id(vacancy.provider, vacancy.vacancy_id))
    if item is not None:
        library.withdraw(item, f"hr:{vacancy.provider}", "vacancy closed", publisher)
