"""Rules for content that depend on the org or on the clock. Each refusal names the field.

- No suggested text contains a word or phrase the org blocked (`estafette.blocked_words`).
- Every suggested text fits each network the item is meant for, counted as that network
  counts it when shared (`estafette.text_limits`: X by twitter-text, Bluesky in graphemes with
  the whole tracked link, LinkedIn 3,000 characters).
- Departments, roles and locations are the org's own when it configured lists (matched
  regardless of case, stored in the org's spelling); languages are those the org uses.
- Every image (at most 4) was uploaded by this org, has alt text in each of the item's languages
  (its suggested texts', else its audience's, else the org's), and is a type each of its
  networks takes (LinkedIn: no WebP). An item for X with an animated GIF has no other image: X
  takes "up to 4 photos, 1 animated GIF or 1 video" on a post (docs.x.com media best practices).
- `expires_at` comes after `publish_at` and lies in the future.
- An audience fans out into at most `targeting.MAX_ENTRIES_PER_ITEM` feed keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

import content_publishing.messages  # noqa: F401  (registers the messages raised below)
from content_publishing import media, targeting
from content_publishing.config import config
from content_publishing.model import ContentFields, ContentItem
from estafette import blocked_words, settings, text_limits
from estafette.domain import Audience, EmployeeProfile, Language, Network
from estafette.errors import Unprocessable
from estafette.media import CONTENT_TYPES, Image
from estafette.settings import ContentSettings

MAX_AUDIENCE_VALUE = 100
# LinkedIn's Images API takes JPG, GIF and PNG (learn.microsoft.com/linkedin/marketing/community-management/
# shares/images-api); X and Bluesky also take WebP.
IMAGE_TYPES_BY_NETWORK = {Network.LINKEDIN: {"image/jpeg", "image/png", "image/gif"}}
# Bluesky's app.bsky.embed.images takes blobs of at most 1,000,000 bytes (its lexicon's maxSize);
# the others take at least the 5 MB an upload may have.
IMAGE_MAX_BYTES_BY_NETWORK = {Network.BLUESKY: 1_000_000}
DIMENSION_CODES = {"departments": "unknown_department", "roles": "unknown_role", "locations": "unknown_location"}


def parse_fields(values: dict[str, Any]) -> ContentFields:
    """Validate merged fields (PATCH), answering like the API does for a request body."""
    try:
        return ContentFields.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise Unprocessable(field=field, reason=first["msg"]) from exc


def check(
    org_id: str,
    fields: ContentFields,
    at: datetime,
    *,
    changed: set[str] | None = None,
    trusted_audience: bool = False,
    known_images: dict[str, Image] | None = None,
) -> ContentFields:
    """The fields as they will be stored (audience in the org's spelling), or a 422 naming the field.

    `changed` (on PATCH) limits the clock checks to what was sent: an untouched expires_at
    that has since passed is the schedule's business, not the editor's. A `trusted_audience`
    (from the HR system) keeps values the org's lists don't know rather than refusing them.
    """
    rules = settings.for_org(org_id).content
    audience = check_audience(fields.audience, rules, trusted=trusted_audience)
    _check_languages(fields, rules)
    _check_dates(fields, at, changed)
    _check_texts(fields, settings.for_org(org_id).guard.blocked_words)
    _check_links(fields)
    images = _check_images(org_id, fields, audience, rules, known_images or {})
    return fields.model_copy(update={"audience": audience, "images": images})


def _check_links(fields: ContentFields) -> None:
    """Content links must be public web addresses: the tracked link sends people there."""
    from content_publishing.preview import link_problem

    for name in ("url", "image_url"):
        value = getattr(fields, name, None)
        if value is not None and (problem := link_problem(str(value))):
            raise Unprocessable("url_not_public", field=name, reason=problem)


def check_audience(audience: Audience, rules: ContentSettings, *, trusted: bool = False) -> Audience:
    normalised: dict[str, list[Any]] = {}
    for dimension, code in DIMENSION_CODES.items():
        known = {v.casefold(): v for v in getattr(rules, dimension)}
        chosen: list[str] = []
        for n, raw in enumerate(getattr(audience, dimension)):
            value = " ".join(str(raw).split())
            field = f"audience.{dimension}.{n}"
            if not value or len(value) > MAX_AUDIENCE_VALUE:
                raise Unprocessable("blank_audience_value", field=field)
            if known and value.casefold() not in known and not trusted:
                raise Unprocessable(code, field=field, value=value, known=", ".join(known.values()))
            spelled = known.get(value.casefold(), value)
            if spelled.casefold() not in {c.casefold() for c in chosen}:
                chosen.append(spelled)
        normalised[dimension] = chosen
    for n, language in enumerate(audience.languages):
        _known_language(language, rules, f"audience.languages.{n}")
    normalised["languages"] = list(dict.fromkeys(audience.languages))
    result = Audience(**normalised)
    count = targeting.entry_count(result)
    if count > targeting.MAX_ENTRIES_PER_ITEM:
        raise Unprocessable("audience_too_wide", field="audience", count=count, limit=targeting.MAX_ENTRIES_PER_ITEM)
    return result


def check_profile(org_id: str, profile: EmployeeProfile) -> None:
    """An employee's department, role and location are the org's own, when it configured them."""
    rules = settings.for_org(org_id).content
    for dimension, attribute in (("departments", "department"), ("roles", "role"), ("locations", "location")):
        value = getattr(profile, attribute)
        known = {v.casefold(): v for v in getattr(rules, dimension)}
        if value and known and value.strip().casefold() not in known:
            raise Unprocessable(DIMENSION_CODES[dimension], field=attribute, value=value, known=", ".join(known.values()))


def _known_language(language: Language, rules: ContentSettings, field: str) -> None:
    if rules.languages and language not in rules.languages:
        raise Unprocessable("unknown_language", field=field, value=str(language), known=", ".join(rules.languages))


def _check_languages(fields: ContentFields, rules: ContentSettings) -> None:
    for language in fields.suggested_texts:
        _known_language(language, rules, f"suggested_texts.{language}")
    for language in fields.notes:
        _known_language(language, rules, f"notes.{language}")


def _check_dates(fields: ContentFields, at: datetime, changed: set[str] | None) -> None:
    if fields.publish_at and fields.expires_at and fields.expires_at <= fields.publish_at:
        raise Unprocessable("expires_before_publish", field="expires_at")
    if fields.expires_at and fields.expires_at <= at and (changed is None or "expires_at" in changed):
        raise Unprocessable("expires_in_past", field="expires_at")


def share_link() -> str:
    """A tracked link as long as the one a share of this text will carry."""
    return text_limits.tracked_link_shape(config().tracked_link_base_url)


def _check_texts(fields: ContentFields, blocked: list[str]) -> None:
    link = share_link()
    for language, texts in fields.suggested_texts.items():
        for n, text in enumerate(texts):
            word = blocked_words.find(text, blocked)
            if word:
                raise Unprocessable("blocked_word_in_text", field=f"suggested_texts.{language}.{n}", word=word)
            for network in fields.networks:
                counted = text_limits.check(text, network, link)
                if not counted.fits:
                    raise Unprocessable(
                        "text_too_long_for_network",
                        field=f"suggested_texts.{language}.{n}",
                        length=counted.length,
                        network=network.value,
                        limit=counted.limit,
                    )


def item_languages(fields: ContentFields, audience: Audience, rules: ContentSettings) -> list[str]:
    """The languages an item speaks: its suggested texts', else its audience's, else the org's."""
    chosen = list(fields.suggested_texts) or list(audience.languages) or list(rules.languages) or [Language.EN]
    return [str(language) for language in dict.fromkeys(chosen)]


def _check_images(
    org_id: str, fields: ContentFields, audience: Audience, rules: ContentSettings, known: dict[str, Image]
) -> list[Image]:
    """Every image has alt text in each of the item's languages, exists, and suits the item's networks."""
    if not fields.images:
        return []
    languages = item_languages(fields, audience, rules)
    seen: set[str] = set()
    for n, image in enumerate(fields.images):
        if image.media_id in seen:
            raise Unprocessable("image_repeated", field=f"images.{n}.media_id", media_id=image.media_id)
        seen.add(image.media_id)
        alt = {str(k) for k, v in image.alt.items() if v.strip()}
        for language in languages:
            if language not in alt:
                raise Unprocessable("alt_text_required", field=f"images.{n}.alt.{language}", wanted=language)
        for language in image.alt:
            _known_language(language, rules, f"images.{n}.alt.{language}")
    resolved = media.resolve(org_id, fields.images, known)
    for n, image in enumerate(resolved):
        for network in fields.networks:
            if image.content_type not in IMAGE_TYPES_BY_NETWORK.get(network, set(CONTENT_TYPES)):
                raise Unprocessable(
                    "image_type_not_for_network",
                    field=f"images.{n}.media_id",
                    network=network.value,
                    content_type=image.content_type,
                )
            limit = IMAGE_MAX_BYTES_BY_NETWORK.get(network)
            if limit is not None and image.size > limit:
                raise Unprocessable(
                    "image_too_large_for_network",
                    field=f"images.{n}.media_id",
                    network=network.value,
                    size=image.size,
                    limit=limit,
                )
    if Network.X in fields.networks and len(resolved) > 1:
        for n, image in enumerate(resolved):
            if image.animated:
                raise Unprocessable("animated_gif_not_alone_on_x", field=f"images.{n}.media_id", count=len(resolved))
    return resolved


def ready_to_publish(item: ContentItem, at: datetime) -> None:
    """What approval needs beyond the flow's rules: a link to share, and a future that isn't over."""
    if not item.url:
        raise Unprocessable("url_required", field="url")
    if item.expires_at and item.expires_at <= at:
        raise Unprocessable("expires_in_past", field="expires_at")
