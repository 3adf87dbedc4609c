"""Who content is for, as keys: targeted items are found by key, never by filtering a library.

An audience names departments, roles, locations and languages; an empty list means "anyone"
on that dimension, and an item is for me when every dimension it names includes my value.

At publish time an item gets one feed entry per combination of its audience's values, with
`*` on the dimensions it leaves open: `{departments: [Sales, Support], locations: [Utrecht]}`
gives `sales|*|utrecht|*` and `support|*|utrecht|*`. Which dimensions an item names is its
*shape* (here `D-L-`). An employee matches an item through exactly one key per shape (their
own values on the shape's dimensions, `*` elsewhere), so a feed page needs one index
partition per shape in use in the org: at most 16, in practice two to four, and never more
because the library grows. Their tops come in one BatchGetItem of the keys' heads (see `feed`).
"""

from __future__ import annotations

import itertools
from urllib.parse import quote

from estafette.domain import Audience, EmployeeProfile

DIMENSIONS = ("departments", "roles", "locations", "languages")
SHAPE_LETTERS = "DRLG"
ANY = "*"
# Fan-out cap: one item may not need more than this many feed entries at publish time.
MAX_ENTRIES_PER_ITEM = 200


def _normal(value: str) -> str:
    # Case and spacing never separate a department from itself; `|`, `*` and `%` are escaped.
    return quote(" ".join(value.split()).casefold(), safe="")


def values(audience: Audience) -> list[list[str]]:
    """The normalised, de-duplicated values per dimension (empty: open)."""
    dims = []
    for name in DIMENSIONS:
        raw = [str(v) for v in getattr(audience, name)]
        dims.append(sorted({_normal(v) for v in raw if v.strip()}))
    return dims


def shape(audience: Audience) -> str:
    return "".join(letter if dim else "-" for letter, dim in zip(SHAPE_LETTERS, values(audience), strict=True))


def entry_count(audience: Audience) -> int:
    count = 1
    for dim in values(audience):
        count *= max(1, len(dim))
    return count


def keys(audience: Audience) -> list[str]:
    """Every feed key an item with this audience is written under."""
    dims = [dim or [ANY] for dim in values(audience)]
    return ["|".join(combo) for combo in itertools.product(*dims)]


def profile_values(profile: EmployeeProfile) -> list[str | None]:
    raw = (profile.department, profile.role, profile.location, str(profile.language))
    return [_normal(v) if v and v.strip() else None for v in raw]


def keys_for(profile: EmployeeProfile, shapes: set[str]) -> list[str]:
    """The one key per shape in use through which items of that shape reach this employee.

    A shape naming a dimension the employee has no value for (no role in their profile, say)
    can't include them, so it costs no read.
    """
    mine = profile_values(profile)
    found = []
    for item_shape in sorted(shapes):
        parts = []
        for letter, value in zip(item_shape, mine, strict=True):
            if letter == "-":
                parts.append(ANY)
            elif value is None:
                break
            else:
                parts.append(value)
        else:
            found.append("|".join(parts))
    return found


def targeted_dimensions(item_shape: str) -> list[str]:
    """The dimensions an item was aimed at, in words, to tell an employee why they see it."""
    return [name.removesuffix("s") for letter, name in zip(item_shape, DIMENSIONS, strict=True) if letter != "-"]
