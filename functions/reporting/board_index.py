"""The leaderboard index: each board's top places and anyone's rank from a bounded number of items.

A board (`ORG#{org}#BOARD#{period}`) holds one row per employee with their counters. To
answer "the top N" and "my rank" without reading every row, the projector keeps, next to
the counters:

- on each ranked row, its `score` (points under the org's rules) and the sparse index keys
  `board` = `{org}#{period}` and `board_rank` = `{10**12 - 1 - score:012d}#{employee}`: the
  `board` GSI sorts a board best first, equal scores by employee id (as the full read did),
  so the top N is one Query with a Limit. Rows without points, and leavers, have no index keys.
- a histogram in two levels, so a rank is 1 + the colleagues with more points:
  `HIST#{gen}#{k}` items count the ranked rows per score for the scores k×100 … k×100+99 (`s{score}`),
  and the board's `INDEX` item counts them per range (`r{k}`), in total (`ranked`), and names
  the rules the scores were computed with (`rules`, see `fingerprint`).
  My rank reads the INDEX item and my range's HIST item; the next place at most one more.

Each event that moves a row moves its score with the same transaction (the projector reads
the row first, and the write is conditioned on the score it read). When the org's rules
differ from the ones a board was scored with (or a board was never indexed), the next event on
that board re-scores it first (`rescore`: steps of 90 rows behind a cursor, each one
transaction; a large board takes several events' turns); until that has finished, reads of
that board fall back to reading the whole board with the current rules, so nobody is ever
shown points under two rule sets.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reporting import store
from reporting.store import Write

INDEX_NAME = "board"
INDEX_SK = "INDEX"
RANGE = 100  # scores per HIST item
TOP_SCORE = 10**12 - 1
RESCORING = "rescoring"

# Which counter each points rule counts.
RULE_COUNTERS = {
    "share": "shares",
    "click": "clicks",
    "unique_click": "unique_clicks",
    "opportunity": "opportunities",
    "reaction": "reactions",
    "comment": "comments",
    "reshare": "reshares",
}
NOT_COUNTERS = frozenset({"pk", "sk", "score", "board", "board_rank", "employee_id"})


class BoardBusy(Exception):
    """The board is being re-scored right now: the event is tried again later (its SQS message returns)."""


def points(counters: Mapping[str, Any], rules: Mapping[Any, int]) -> int:
    return sum(weight * int(counters.get(RULE_COUNTERS[rule], 0)) for rule, weight in rules.items())


def fingerprint(rules: Mapping[Any, int]) -> str:
    """The rules as one comparable string: a board scored under other rules is re-scored."""
    return json.dumps({str(k): int(v) for k, v in sorted(rules.items()) if int(v)}, sort_keys=True, separators=(",", ":"))


def counters_of(row: Mapping[str, Any]) -> dict[str, int]:
    return {name: int(value) for name, value in row.items() if name not in NOT_COUNTERS and not isinstance(value, str)}


def board_key(org_id: str, period: str) -> str:
    return f"{org_id}#{period}"


def rank_key(score: int, employee_id: str) -> str:
    return f"{TOP_SCORE - score:012d}#{employee_id}"


def hist_sk(score: int, gen: int = 0) -> str:
    """The HIST item of `score`'s range; each re-score starts a new generation (`gen` on INDEX)."""
    return f"HIST#{gen}#{score // RANGE:08d}"


def gen_of(meta: Mapping[str, Any] | None) -> int:
    return int((meta or {}).get("gen", 0))


def current(meta: Mapping[str, Any] | None, rules: Mapping[Any, int]) -> bool:
    return bool(meta) and (meta or {}).get("rules") == fingerprint(rules)


# --- what the projector writes ------------------------------------------------------------


def row_writes(
    org_id: str,
    period: str,
    employee_id: str,
    added: Mapping[str, int],
    row: Mapping[str, Any] | None,
    rules: Mapping[Any, int],
    *,
    gen: int = 0,
    left: bool = False,
) -> tuple[Write, list[Write]]:
    """The board row's write (the counters ADDed, its score and index keys) and the histogram's.

    `row` is the row as read before the event ({} when absent). A row is ranked when it has
    points and its employee has not left; its old place is taken out of the histogram and its
    new place put in, under the condition that the score is still the one read.
    """
    pk, sk = store.board_pk(org_id, period), store.emp_sk(employee_id)
    row = row or {}
    fp = fingerprint(rules)
    meta_guard = Write(
        pk,
        INDEX_SK,
        set={"rules": fp},
        condition="#rules = :fp",
        condition_names={"#rules": "rules"},
        condition_values={":fp": fp},
    )
    was_ranked = "board" in row
    old = int(row.get("score", 0)) if was_ranked else 0
    after = Counter(counters_of(row))
    after.update(added)
    new = 0 if left else points(after, rules)
    if (was_ranked, old) == (new > 0, new):
        return Write(pk, sk, add=added), [meta_guard]  # the score does not move
    condition = "#score = :old" if "score" in row else "attribute_not_exists(#score)"
    values = {":old": row["score"]} if "score" in row else {}
    if new > 0:
        set_ = {"score": new, "board": board_key(org_id, period), "board_rank": rank_key(new, employee_id)}
        remove: tuple[str, ...] = ()
    else:
        set_, remove = {"score": new}, ("board", "board_rank")
    row_write = Write(
        pk,
        sk,
        add=added,
        set=set_,
        remove=remove,
        condition=condition,
        condition_names={"#score": "score"},
        condition_values=values,
    )
    return row_write, _moves(pk, fp, old if was_ranked else 0, new, gen)


def _moves(pk: str, fp: str, old: int, new: int, gen: int) -> list[Write]:
    """The histogram's ADDs for one row going from score `old` to `new` (0: not ranked)."""
    fine: dict[str, dict[str, int]] = {}
    coarse: dict[str, int] = {}
    for score, step in ((old, -1), (new, 1)):
        if score > 0:
            fine.setdefault(hist_sk(score, gen), {})[f"s{score}"] = step
            coarse[f"r{score // RANGE}"] = coarse.get(f"r{score // RANGE}", 0) + step
    coarse["ranked"] = (new > 0) - (old > 0)
    meta = Write(
        pk,
        INDEX_SK,
        add={name: step for name, step in coarse.items() if step},
        set={"rules": fp},
        condition="#rules = :fp",
        condition_names={"#rules": "rules"},
        condition_values={":fp": fp},
    )
    return [meta, *(Write(pk, sk, add=adds) for sk, adds in fine.items())]


# --- re-scoring a board -------------------------------------------------------------------

ROWS_PER_STEP = 90  # rows per transaction, leaving room for the INDEX item and the HIST items they touch
STEPS_PER_CALL = 30  # ~2,700 rows per call: well inside the projector's time limit; the next event goes on


def build(
    org_id: str,
    period: str,
    rows: Iterable[Mapping[str, Any]],
    people: Mapping[str, Mapping[str, Any]],
    rules: Mapping[Any, int],
    gen: int = 0,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every row's score and whether it is ranked (by employee id), and the histogram items (sk → counts).

    What the index of these rows is under `rules`, built from nothing: the re-score writes it a
    step at a time, and the tests compare what the projector's moves left with it.
    """
    scores: dict[str, dict[str, Any]] = {}
    fine: dict[str, dict[str, Any]] = {}
    coarse: Counter[str] = Counter()
    for row in rows:
        employee_id = str(row["sk"]).removeprefix("EMP#")
        score = points(counters_of(row), rules)
        ranked = score > 0 and people.get(employee_id, {}).get("status") != "left"
        scores[employee_id] = {"score": score, "ranked": ranked}
        if ranked:
            item = fine.setdefault(hist_sk(score, gen), {})
            item[f"s{score}"] = item.get(f"s{score}", 0) + 1
            coarse[f"r{score // RANGE}"] += 1
    meta = {"ranked": sum(coarse.values()), **coarse}
    return scores, {INDEX_SK: meta, **fine}


def rescore(org_id: str, period: str, rules: Mapping[Any, int], seen: Mapping[str, Any] | None) -> None:
    """Score every row of the board under `rules` and rebuild its histogram, a step at a time; safe to repeat.

    The first call replaces the INDEX item (only if it is still what was `seen`) with an empty
    histogram marked `rescoring` for these rules and a new generation of HIST items. Each step reads the
    next rows after `cursor`, sets their scores and keys, and ADDs them to the histogram in one
    transaction that also moves `cursor` (on condition it is still where this step read it), so two
    callers never count a row twice. While a board is re-scored its events wait (`BoardBusy`, after
    this call has done its share of the steps) and reads fall back to the whole board; the last step
    sets `rules`, which ends it.
    """
    from botocore.exceptions import ClientError

    pk = store.board_pk(org_id, period)
    table = store._table()
    fp = fingerprint(rules)
    meta = dict(seen or {})
    if not _same_rescore(meta, fp):
        # A new generation of HIST items: whatever an earlier or abandoned re-score left is not read again.
        fresh = {"pk": pk, "sk": INDEX_SK, "rules": RESCORING, "target": fp, "cursor": "", "ranked": 0, "gen": gen_of(meta) + 1}
        condition = "#rules = :seen" if "rules" in meta else "attribute_not_exists(#rules)"
        values = {":seen": meta["rules"]} if "rules" in meta else {}
        try:
            table.put_item(
                Item=fresh, ConditionExpression=condition, ExpressionAttributeNames={"#rules": "rules"}, **_values(values)
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            meta = _reread(pk)  # another event started it: help it along, or go on if it is done
            if meta.get("rules") == fp:
                return
            if not _same_rescore(meta, fp):
                raise BoardBusy(pk) from exc
        else:
            meta = fresh
    gen = gen_of(meta)
    for _step in range(STEPS_PER_CALL):
        cursor = str(meta.get("cursor", ""))
        rows = store.rows_after(pk, "EMP#", cursor, ROWS_PER_STEP)
        if not rows:
            condition, names, values = _at(cursor)
            done = Write(
                pk,
                INDEX_SK,
                set={"rules": fp},
                remove=("target", "cursor"),
                condition=condition,
                condition_names=names,
                condition_values=values,
            )
            # Refused: another caller finished it first; the caller reads the board again and finds it current.
            with contextlib.suppress(store.TransactionCancelled):
                store.transact([done])
            return
        people = _people(org_id, [str(r["sk"]).removeprefix("EMP#") for r in rows])
        scores, histogram = build(org_id, period, rows, people, rules, gen)
        writes = []
        for row in rows:
            employee_id = str(row["sk"]).removeprefix("EMP#")
            target = scores[employee_id]
            if target["ranked"]:
                keys = {"board": board_key(org_id, period), "board_rank": rank_key(target["score"], employee_id)}
                writes.append(Write(pk, row["sk"], set={"score": target["score"], **keys}))
            else:
                writes.append(Write(pk, row["sk"], set={"score": target["score"]}, remove=("board", "board_rank")))
        last = str(rows[-1]["sk"])
        counts = {k: int(v) for k, v in histogram.pop(INDEX_SK).items() if int(v)}
        condition, names, values = _at(cursor)
        writes.append(
            Write(
                pk,
                INDEX_SK,
                add=counts,
                set={"cursor": last},
                condition=condition,
                condition_names=names,
                condition_values=values,
            )
        )
        writes += [Write(pk, sk, add=adds) for sk, adds in histogram.items()]
        try:
            store.transact(writes)
        except store.TransactionCancelled as cancelled:
            meta = _reread(pk)  # another caller took this step: go on from where it is, or stop if it finished
            if meta.get("rules") == fp:
                return
            if not _same_rescore(meta, fp) or gen_of(meta) != gen:
                raise BoardBusy(pk) from cancelled
            continue
        meta["cursor"] = last
    raise BoardBusy(pk)  # more rows to go: the next event on this board goes on from the cursor


def _reread(pk: str) -> dict[str, Any]:
    return dict(store.get_item(pk, INDEX_SK) or {})


def _same_rescore(meta: Mapping[str, Any], fp: str) -> bool:
    """`meta` is a re-score under way towards the same rules: any caller may take its next step."""
    return meta.get("rules") == RESCORING and meta.get("target") == fp


def _at(cursor: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The condition that the re-score is still at `cursor`."""
    return (
        "#rules = :busy AND #cursor = :cursor",
        {"#rules": "rules", "#cursor": "cursor"},
        {":busy": RESCORING, ":cursor": cursor},
    )


def _values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"ExpressionAttributeValues": dict(values)} if values else {}


def _people(org_id: str, employee_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    found = store.get_many((store.people_pk(org_id), store.emp_sk(e)) for e in employee_ids)
    return {sk.removeprefix("EMP#"): item for (_pk, sk), item in found.items()}


# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A row of the index: who, with how many points and the counters behind them."""

    employee_id: str
    score: int
    counters: Mapping[str, int]


def top(org_id: str, period: str, size: int, people_of: Any) -> list[tuple[Place, Mapping[str, Any]]]:
    """The best `size` ranked rows, best first (equal scores by employee id), each with its person.

    Rows of people who left after the board's period closed are still in a past board's index;
    they are skipped here (the page is read on until `size` others are found).
    """
    found: list[tuple[Place, Mapping[str, Any]]] = []
    kwargs: dict[str, Any] = {
        "IndexName": INDEX_NAME,
        "KeyConditionExpression": "board = :b",
        "ExpressionAttributeValues": {":b": board_key(org_id, period)},
        "Limit": size + 1,
    }
    while len(found) < size:
        response = store._table().query(**kwargs)
        page = response.get("Items", [])
        people = people_of([str(row["sk"]).removeprefix("EMP#") for row in page])
        for row in page:
            employee_id = str(row["sk"]).removeprefix("EMP#")
            person = people.get(employee_id, {})
            if person.get("status") == "left":
                continue
            found.append((Place(employee_id, int(row["score"]), counters_of(row)), person))
        if "LastEvaluatedKey" not in response:
            break
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return found[:size]


def ahead(meta: Mapping[str, Any], fine: Mapping[str, Any], score: int) -> tuple[int, int | None]:
    """(how many ranked rows have more points than `score`, the lowest such score if it is in `fine`)."""
    mine = score // RANGE
    count = sum(int(v) for k, v in meta.items() if k.startswith("r") and k[1:].isdigit() and int(k[1:]) > mine)
    higher = sorted(
        int(k[1:]) for k, v in fine.items() if k.startswith("s") and k[1:].isdigit() and int(v) > 0 and int(k[1:]) > score
    )
    count += sum(int(fine[f"s{s}"]) for s in higher)
    return count, (higher[0] if higher else None)


def next_range(meta: Mapping[str, Any], score: int) -> int | None:
    """The first range above `score`'s that holds anyone."""
    ranges = sorted(int(k[1:]) for k, v in meta.items() if k.startswith("r") and k[1:].isdigit() and int(v) > 0)
    return next((k for k in ranges if k > score // RANGE), None)


def lowest(fine: Mapping[str, Any]) -> int | None:
    scores = [int(k[1:]) for k, v in fine.items() if k.startswith("s") and k[1:].isdigit() and int(v) > 0]
    return min(scores) if scores else None
