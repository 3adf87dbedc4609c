"""Projects domain events into report aggregates, each event exactly once.

Every event becomes one DynamoDB transaction: a marker `ORG#{org}#EVENT#{event_id}` that
must not exist yet, plus atomic ADDs on the aggregates it moves. A replayed or redelivered
event cancels on its marker and changes nothing.

Writes per event (the transaction limit is 100 items; none comes near it):

| event             | items | what                                                                     |
|-------------------|-------|--------------------------------------------------------------------------|
| SharePosted       | 10–12 | marker, org day, department day, content day, advocate day, 3 boards (week, month, |
|                   |       | all-time), share copy, person; + guard and day bitmap on the sharer's    |
|                   |       | first share of that day                                                  |
| LinkClicked       | 8     | marker, org day, department day, content day, advocate day, 3 boards     |
| MetricsHarvested  | 8     | same as a click (the deltas, not the running counters)                   |
| OpportunityLogged | 9     | same as a click, + the opportunity itself for the export                 |
| ShareFailed       | 2     | marker, org day                                                          |
| ContentPublished  | 3     | marker, content meta, org day (ContentUpdated: marker, meta)             |
| EmployeeJoined    | 2–4   | marker, person; + enrolled count and org day when newly enrolled         |
| EmployeeLeft      | 1–4   | marker, person; + enrolled count and org day when they were enrolled     |
|                   |       | (+ up to 9: off the index of the day's three boards)                     |

Every event that moves boards also writes their index (reporting.board_index): per board its
INDEX item and, when the score moves, one or two HIST items (+3 to +9 items). To know the old
score, the employee's board rows are read first, in the BatchGetItem a share or a harvest makes
anyway; a click and an opportunity make one BatchGetItem they did not need before.

Hot keys: every event of an org touches its org day item, so an org's event rate is
bounded by what one item takes (1,000 WCU/s; a transactional write of an item under 1 KB
costs 2 WCU): hundreds of events a second, far above what an org's shares and clicks make.
Concurrent transactions on one item conflict; `store.transact` retries those with jitter,
and the template caps the projector's concurrency, so conflicts stay rare. See
docs/reporting.md for the next step (write sharding of the day item) if an org ever needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from estafette import clock, settings
from estafette.domain import Network
from estafette.events import (
    ContentPublished,
    ContentUpdated,
    EmployeeJoined,
    EmployeeLeft,
    EmployeeUpdated,
    EventData,
    EventMetadata,
    LinkClicked,
    MetricsHarvested,
    OpportunityLogged,
    ShareFailed,
    SharePosted,
)
from reporting import board_index, store
from reporting.periods import board_periods
from reporting.store import Write

ENROLLED = "enrolled"
LEFT = "left"
READ_AGAIN = 3  # a concurrent event changed what was read (guard, membership): read again this often


@dataclass(frozen=True)
class Known:
    """What the projector reads before it writes: the few facts an event does not carry."""

    index: int | None = None  # SharePosted: the sharer's bitmap slot
    first_share_of_day: bool = False  # SharePosted: the sharer has no activity guard for that day yet
    slots: int = 0  # SharePosted: bitmap slots the org has handed out (its enrolled advocates, ever)
    share: Mapping[str, Any] | None = None  # MetricsHarvested: reporting's copy of the share (its department)
    person: Mapping[str, Any] | None = None  # EmployeeJoined/Left, and board events: the person as reporting knows them
    # Board events and EmployeeLeft: the employee's rows on the boards of the event's day, by period ({} when
    # absent), and the org's points rules. Without rules (the benchmark's fold) only the counters move.
    boards: Mapping[str, Mapping[str, Any]] | None = None
    gens: Mapping[str, int] | None = None  # the boards' HIST generation (reporting.board_index)
    rules: Mapping[Any, int] | None = None


def utc_day(at: datetime) -> date:
    return (at.astimezone(UTC) if at.tzinfo else at).date()


def by_network(network: Network | None, **counts: int) -> dict[str, int]:
    """Counters for the org and, when the network is known, for that network too."""
    moved = {name: value for name, value in counts.items() if value}
    if network is not None:
        moved |= {f"{name}_{network.value}": value for name, value in list(moved.items())}
    return moved


def bitmap(index: int, slots: int = 0) -> dict[str, int]:
    """The ADDs that set one advocate's bit; with `slots`, every chunk up to them is present (adding 0).

    A dense day bitmap weighs one bit per enrolled advocate whether one or all of them
    shared that day, so reading a period costs the same at any level of activity.
    """
    chunk, bit = divmod(index, store.BITS_PER_CHUNK)
    chunks = max(chunk + 1, -(-slots // store.BITS_PER_CHUNK))
    return {f"b{k}": 0 for k in range(chunks)} | {f"b{chunk}": 2**bit}


def _marker(event: EventData, metadata: EventMetadata) -> Write:
    expires = int(clock.time()) + store.MARKER_TTL_SECONDS
    return Write(store.marker_pk(metadata.org_id, metadata.event_id), "EVENT", new_item={"type": event.name(), "ttl": expires})


def _spread(
    org_id: str,
    day: date,
    counters: dict[str, int],
    *,
    employee_id: str,
    content_id: str | None,
    department: str | None,
    known: Known,
    bits: dict[str, int] | None = None,
) -> list[Write]:
    """The same counters on the org day, the department day, the content day, the advocate's day and the three boards.

    With the rules known, each board row's score and the board's histogram move with it (reporting.board_index).
    """
    writes = [
        Write(store.org_pk(org_id), store.day_sk(day), add=counters),
        Write(store.employee_pk(org_id, employee_id), store.day_sk(day), add=counters),
    ]
    if department and department.strip():
        writes.append(
            Write(
                store.dept_pk(org_id),
                store.dept_day_sk(day, department),
                add={**counters, **(bits or {})},
                keep={"department": department.strip()},
            )
        )
    if content_id:
        writes.append(Write(store.content_pk(org_id, content_id), store.day_sk(day), add=counters))
        writes.append(Write(store.contents_pk(org_id), store.contents_day_sk(day, content_id), add=counters))
    for period in board_periods(day):
        if known.rules is None:
            writes.append(Write(store.board_pk(org_id, period), store.emp_sk(employee_id), add=counters))
            continue
        left = (known.person or {}).get("status") == LEFT
        row, index = board_index.row_writes(
            org_id,
            period,
            employee_id,
            counters,
            (known.boards or {}).get(period),
            known.rules,
            gen=(known.gens or {}).get(period, 0),
            left=left,
        )
        writes += [row, *index]
    return writes


def writes_for(event: EventData, metadata: EventMetadata, known: Known) -> list[Write]:
    """Every item the event moves, its marker first; [] for events reporting does not count."""
    org = metadata.org_id
    marker = _marker(event, metadata)
    match event:
        case SharePosted():
            day = utc_day(event.posted_at)
            counters = by_network(
                event.network,
                shares=1,
                reach=event.followers,
                shares_without_metrics=int(bool(event.metrics_missing_scopes)),
                reach_self_reported=int(event.followers_source == "self_reported"),
                reach_unknown=int(event.followers_source == "unknown"),
            )
            bits: dict[str, int] = {}
            writes = [marker]
            if known.first_share_of_day and known.index is not None:
                bits = bitmap(known.index)
                dense = bitmap(known.index, known.slots)
                expires = int(clock.time()) + store.GUARD_TTL_SECONDS
                writes += [
                    Write(store.guard_pk(org, day), store.emp_sk(event.employee_id), new_item={"ttl": expires}),
                    Write(store.org_pk(org), store.activity_sk(day), add=dense),
                ]
            writes += _spread(
                org,
                day,
                counters,
                employee_id=event.employee_id,
                content_id=event.content_id,
                department=event.department,
                known=known,
                bits=bits,
            )
            share = {
                "employee_id": event.employee_id,
                "content_id": event.content_id,
                "network": event.network.value,
                "followers": event.followers,
                "posted_on": day.isoformat(),
            }
            if event.department:
                share["department"] = event.department
            writes.append(Write(store.share_pk(org, event.share_id), "SHARE", set=share))
            writes.append(
                Write(
                    store.people_pk(org),
                    store.emp_sk(event.employee_id),
                    set={f"connections_{event.network.value}": event.followers},
                    keep={"employee_id": event.employee_id},
                )
            )
            return writes
        case LinkClicked():
            counters = by_network(event.network, clicks=1, unique_clicks=int(event.unique))
            return [
                marker,
                *_spread(
                    org,
                    utc_day(event.clicked_at),
                    counters,
                    employee_id=event.employee_id,
                    content_id=event.content_id,
                    department=event.department,
                    known=known,
                ),
            ]
        case MetricsHarvested():
            # The running counters are the network's totals; the deltas are what is new since the last harvest.
            counters = by_network(
                event.network,
                impressions=event.delta_impressions,
                reactions=event.delta_reactions,
                comments=event.delta_comments,
                reshares=event.delta_reshares,
            )
            if not counters:
                return [marker]
            department = (known.share or {}).get("department")
            return [
                marker,
                *_spread(
                    org,
                    utc_day(event.harvested_at),
                    counters,
                    employee_id=event.employee_id,
                    content_id=event.content_id,
                    department=department,
                    known=known,
                ),
            ]
        case OpportunityLogged():
            day = utc_day(event.logged_at)
            record = {
                "opportunity_id": event.opportunity_id,
                "employee_id": event.employee_id,
                "logged_at": event.logged_at.astimezone(UTC).isoformat(),
                "description": event.description,
            }
            for name in ("share_id", "content_id", "department"):
                if getattr(event, name):
                    record[name] = getattr(event, name)
            if event.network:
                record["network"] = event.network.value
            return [
                marker,
                *_spread(
                    org,
                    day,
                    by_network(event.network, opportunities=1),
                    employee_id=event.employee_id,
                    content_id=event.content_id,
                    department=event.department,
                    known=known,
                ),
                Write(store.opportunities_pk(org), f"{record['logged_at']}#{event.opportunity_id}", new_item=record),
            ]
        case ShareFailed():
            counters = by_network(event.network, failed_shares=1)
            return [marker, Write(store.org_pk(org), store.day_sk(utc_day(metadata.occurred_at)), add=counters)]
        case ContentPublished():  # ContentUpdated too: it is a subclass
            meta = {"content_id": event.content_id, "title": event.title, "type": event.content_type.value, "url": event.url}
            first = {"published_at": event.published_at.astimezone(UTC).isoformat()}
            writes = [marker, Write(store.content_pk(org, event.content_id), "META", set=meta, keep=first)]
            if not isinstance(event, ContentUpdated):
                writes.append(Write(store.org_pk(org), store.day_sk(utc_day(event.published_at)), add={"content_published": 1}))
            return writes
        case EmployeeJoined():
            return [marker, *_joined(org, event, metadata, known)]
        case EmployeeUpdated():
            profile = {"name": event.profile.name} | (
                {"department": event.profile.department} if event.profile.department else {}
            )
            return [marker, Write(store.people_pk(org), store.emp_sk(event.profile.employee_id), set=profile)]
        case EmployeeLeft():
            return [marker, *_left(org, event, metadata, known)]
    return []


def _joined(org: str, event: EmployeeJoined, metadata: EventMetadata, known: Known) -> list[Write]:
    profile: dict[str, Any] = {"name": event.profile.name}
    if event.profile.department:
        profile["department"] = event.profile.department
    person_key = (store.people_pk(org), store.emp_sk(event.profile.employee_id))
    if (known.person or {}).get("status") == ENROLLED:
        return [Write(*person_key, set=profile, keep={"employee_id": event.profile.employee_id})]
    day = utc_day(metadata.occurred_at)
    return [
        Write(
            *person_key,
            set={**profile, "status": ENROLLED, "joined_on": day.isoformat()},
            keep={"employee_id": event.profile.employee_id},
            condition="attribute_not_exists(#st) OR #st <> :enrolled",
            condition_names={"#st": "status"},
            condition_values={":enrolled": ENROLLED},
        ),
        Write(store.org_pk(org), store.DIRECTORY_SK, add={"enrolled": 1}),
        Write(store.org_pk(org), store.day_sk(day), add={"joined": 1}),
    ]


def _left(org: str, event: EmployeeLeft, metadata: EventMetadata, known: Known) -> list[Write]:
    person_key = (store.people_pk(org), store.emp_sk(event.employee_id))
    day = utc_day(metadata.occurred_at)
    # Off the boards of the day HR says they left (all-time, that week, that month): out of the index and the counts.
    off_boards: list[Write] = []
    for period, row in (known.boards or {}).items():
        if known.rules is not None and "board" in row:
            gen = (known.gens or {}).get(period, 0)
            row_write, index = board_index.row_writes(org, period, event.employee_id, {}, row, known.rules, gen=gen, left=True)
            off_boards += [row_write, *index]
    if (known.person or {}).get("status") != ENROLLED:
        return [
            Write(*person_key, set={"status": LEFT, "left_on": day.isoformat()}, keep={"employee_id": event.employee_id}),
            *off_boards,
        ]
    return [
        *off_boards,
        Write(
            *person_key,
            set={"status": LEFT, "left_on": day.isoformat()},
            condition="#st = :enrolled",
            condition_names={"#st": "status"},
            condition_values={":enrolled": ENROLLED},
        ),
        Write(store.org_pk(org), store.DIRECTORY_SK, add={"enrolled": -1}),
        Write(store.org_pk(org), store.day_sk(day), add={"left": 1}),
    ]


def _with_boards(
    org: str, employee_id: str, day: date, keys: list[tuple[str, str]]
) -> tuple[dict[tuple[str, str], dict[str, Any]], Known]:
    """`keys` and the employee's rows on the day's three boards in one BatchGetItem, with the org's points rules.

    A board scored under other rules (or never indexed) is re-scored first and read again; a large
    board takes several events' turns (each raises `BoardBusy` and comes back from the queue).
    """
    rules = dict(settings.for_org(org).reporting.points)
    periods = board_periods(day)
    rows = {p: (store.board_pk(org, p), store.emp_sk(employee_id)) for p in periods}
    metas = {p: (store.board_pk(org, p), board_index.INDEX_SK) for p in periods}
    for _attempt in range(2):
        found = store.get_many([*keys, *rows.values(), *metas.values()])
        stale = [p for p in periods if not board_index.current(found.get(metas[p]), rules)]
        if not stale:
            boards = {p: found.get(rows[p], {}) for p in periods}
            gens = {p: board_index.gen_of(found.get(metas[p])) for p in periods}
            return found, Known(boards=boards, gens=gens, rules=rules)
        for period in stale:
            board_index.rescore(org, period, rules, found.get(metas[period]))
    raise board_index.BoardBusy(f"the boards of {day} changed rules while they were re-scored")


def look_up(event: EventData, metadata: EventMetadata) -> Known:
    """Read the facts `writes_for` needs: one BatchGetItem or GetItem, none for most events."""
    org = metadata.org_id
    match event:
        case SharePosted():
            day = utc_day(event.posted_at)
            person_key = (store.people_pk(org), store.emp_sk(event.employee_id))
            guard_key = (store.guard_pk(org, day), store.emp_sk(event.employee_id))
            directory_key = (store.org_pk(org), store.DIRECTORY_SK)
            found, boards = _with_boards(org, event.employee_id, day, [person_key, guard_key, directory_key])
            index = found.get(person_key, {}).get("index")
            if index is None:  # a sharer who never came through the HR directory
                index = store.allocate_index(org, event.employee_id)
            slots = int(found.get(directory_key, {}).get("next_index", 0))
            return replace(
                boards,
                index=int(index),
                first_share_of_day=guard_key not in found,
                slots=slots,
                person=found.get(person_key),
            )
        case LinkClicked() | OpportunityLogged():
            day = utc_day(event.clicked_at if isinstance(event, LinkClicked) else event.logged_at)
            person_key = (store.people_pk(org), store.emp_sk(event.employee_id))
            found, boards = _with_boards(org, event.employee_id, day, [person_key])
            return replace(boards, person=found.get(person_key))
        case MetricsHarvested():
            person_key = (store.people_pk(org), store.emp_sk(event.employee_id))
            share_key = (store.share_pk(org, event.share_id), "SHARE")
            found, boards = _with_boards(org, event.employee_id, utc_day(event.harvested_at), [person_key, share_key])
            return replace(boards, share=found.get(share_key), person=found.get(person_key))
        case EmployeeJoined():
            person = store.person(org, event.profile.employee_id)
            if person is None or "index" not in person:  # every enrolled advocate gets a bitmap slot
                store.allocate_index(org, event.profile.employee_id)
                person = store.person(org, event.profile.employee_id)
            return Known(person=person)
        case EmployeeLeft():
            person_key = (store.people_pk(org), store.emp_sk(event.employee_id))
            found, boards = _with_boards(org, event.employee_id, utc_day(metadata.occurred_at), [person_key])
            return replace(boards, person=found.get(person_key))
    return Known()


def project(event: EventData, metadata: EventMetadata) -> bool:
    """Apply the event once; False when it had been applied before (or reporting does not count it)."""
    for attempt in range(READ_AGAIN):
        writes = writes_for(event, metadata, look_up(event, metadata))
        if not writes:
            return False
        try:
            store.transact(writes)
            return True
        except store.TransactionCancelled as cancelled:
            if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
                return False  # the marker exists: this event was applied before
            if "ConditionalCheckFailed" in cancelled.reasons and attempt < READ_AGAIN - 1:
                continue  # a guard or a membership changed between our read and our write
            raise
    return False  # pragma: no cover - the loop either returns or raises
