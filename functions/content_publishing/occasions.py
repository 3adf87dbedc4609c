"""Employees suggest content from concrete occasions: a project delivered, a client visit, an event,
a good collaboration (PRODUCT.md: concrete occasions are what people actually share).

A suggestion becomes an item in the curators' review queue with the employee as author. The
curator completes it (a URL, more texts, the audience) and approves it like any other item.
"""

from __future__ import annotations

from content_publishing.model import DEFAULT_NETWORKS, ContentFields, Occasion, SuggestionIn
from content_publishing.validation import share_link
from estafette.domain import ContentType, EmployeeProfile, Language
from estafette.text_limits import fits

CONTENT_TYPE: dict[Occasion, ContentType] = {
    Occasion.PROJECT_DELIVERED: ContentType.EXPERTISE,
    Occasion.CLIENT_VISIT: ContentType.NEWS,
    Occasion.EVENT: ContentType.EVENT,
    Occasion.COLLABORATION: ContentType.EXPERTISE,
}


def fields_for_suggestion(body: SuggestionIn, profile: EmployeeProfile | None) -> ContentFields:
    language = body.language or (profile.language if profile else Language.EN)
    texts = {language: [body.suggested_text]} if body.suggested_text else {}
    # The employee's own words are kept whole: the item is meant for the networks they fit.
    networks = [n for n in DEFAULT_NETWORKS if not body.suggested_text or fits(body.suggested_text, n, share_link())]
    return ContentFields(
        type=CONTENT_TYPE[body.occasion],
        url=body.url,
        title=body.title,
        summary=body.story,
        image_url=body.image_url,
        suggested_texts=texts,
        networks=networks,
        audience=body.audience,
    )
