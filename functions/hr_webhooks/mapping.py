"""Names in the HR system → names Estafette targets by, per the org's `hr` settings.

A department or location is looked up by each key the provider has for it (its name, its
external id), first match wins; without a match the HR system's own name is kept. A mapped
location may also carry the language and time zone of the people who work there, used when
the HR system doesn't say.
"""

from __future__ import annotations

from estafette.settings import HrLocation, HrSettings


def _lookup[T](table: dict[str, T], keys: tuple[str | None, ...]) -> T | None:
    for key in keys:
        if key and key in table:
            return table[key]
    folded = {k.casefold(): v for k, v in table.items()}
    for key in keys:
        if key and key.casefold() in folded:
            return folded[key.casefold()]
    return None


def department(hr: HrSettings, name: str | None, *other_keys: str | None) -> str | None:
    mapped = _lookup(hr.departments, (name, *other_keys))
    return mapped or (name.strip() if name and name.strip() else None)


def location(hr: HrSettings, name: str | None, *other_keys: str | None) -> tuple[str | None, HrLocation | None]:
    """Estafette's name for the location, and its defaults (language, time zone) if the org set them."""
    info = _lookup(hr.locations, (name, *other_keys))
    display = (info.name if info and info.name else None) or (name.strip() if name and name.strip() else None)
    return display, info
