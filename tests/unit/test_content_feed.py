"""The employee feed: only what is aimed at me, best first, a page at a fixed cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.support import call, claims
from tests.unit.content_support import (
    ANNA,
    API,
    ARTICLE,
    deliver_events,
    dynamodb_calls,
    employee,
    feed,
    feed_ids,
    profile,
    publish,
    share_events,
)

EVA, SOFIE = employee("eva"), employee("sofie")


def article(**changes):
    return {**ARTICLE, **changes}


def test_two_departments_see_different_feeds(stack):
    profile("eva", department="Engineering")
    profile("sofie", department="Sales")
    engineering = publish(article(title="Our platform lessons", audience={"departments": ["Engineering"]}))
    sales = publish(article(title="A new client", type="news", audience={"departments": ["sales"]}))
    everyone = publish(article(title="Trust in networks", type="industry", audience={}))

    assert set(feed_ids(EVA)) == {engineering["content_id"], everyone["content_id"]}
    assert set(feed_ids(SOFIE)) == {sales["content_id"], everyone["content_id"]}


def test_people_in_one_function_never_get_content_for_another(stack):
    profile("eva", department="Engineering", role="Consultant", location="Amsterdam", language="en")
    profile("noor", department="Engineering", role="Manager", location="Utrecht", language="nl")
    for_managers = publish(article(title="For managers", audience={"departments": ["Engineering"], "roles": ["Manager"]}))
    in_amsterdam = publish(article(title="Amsterdam meetup", type="event", audience={"locations": ["Amsterdam"]}))
    in_dutch = publish(article(title="Alleen Nederlands", audience={"languages": ["nl"]}))
    consultants_in_amsterdam = publish(
        article(title="Consultants Amsterdam", audience={"roles": ["Consultant", "Architect"], "locations": ["amsterdam"]})
    )

    assert set(feed_ids(EVA)) == {in_amsterdam["content_id"], consultants_in_amsterdam["content_id"]}
    assert set(feed_ids(employee("noor"))) == {for_managers["content_id"], in_dutch["content_id"]}


def test_someone_without_a_profile_sees_only_content_for_everyone(stack):
    publish(article(audience={"departments": ["Engineering"]}))
    everyone = publish(article(title="For all", audience={}))
    assert feed_ids(employee("newcomer")) == [everyone["content_id"]]


def test_content_aimed_at_my_department_ranks_above_general_news(stack):
    profile("eva", department="Engineering")
    general = publish(article(title="Company news", type="news", audience={}))
    mine = publish(article(title="Engineering deep dive", type="expertise", audience={"departments": ["Engineering"]}))
    items = feed(EVA)["items"]
    assert [i["content_id"] for i in items] == [mine["content_id"], general["content_id"]]
    assert items[0]["targeted_at_my"] == ["department"] and items[1]["targeted_at_my"] == []
    assert items[0]["score"] > items[1]["score"]


def test_colleagues_sharing_lifts_an_item(stack):
    profile("eva", department="Engineering")
    first = publish(article(title="First"))
    second = publish(article(title="Second"))
    assert feed_ids(EVA) == [second["content_id"], first["content_id"]]  # fresher first

    for colleague in ("daan", "noor", "sam"):
        assert deliver_events(*((e, "acme") for e in share_events(first["content_id"], colleague))) == {"batchItemFailures": []}
    items = feed(EVA)["items"]
    assert [i["content_id"] for i in items] == [first["content_id"], second["content_id"]]
    assert items[0]["colleagues_shared"] == 3


def test_a_share_is_counted_once_whatever_events_arrive_how_often(stack):
    item = publish(article())
    events = share_events(item["content_id"], "daan", share_id="s-1")
    deliver_events(*((e, "acme") for e in events))
    deliver_events(*((e, "acme") for e in reversed(events)))
    detail = call(API, "GET", f"/v1/content/{item['content_id']}", who=ANNA).body
    assert detail["share_count"] == 1


def test_what_i_shared_leaves_my_feed_but_not_my_colleagues(stack):
    profile("eva", department="Engineering")
    profile("daan", department="Engineering")
    item = publish(article())
    deliver_events((share_events(item["content_id"], "eva")[0], "acme"))
    assert feed_ids(EVA) == []
    assert feed_ids(employee("daan")) == [item["content_id"]]


def test_feed_speaks_my_language_with_a_fallback(stack):
    profile("noor", department="Engineering", language="nl")
    profile("eva", department="Engineering", language="en")
    both = publish(
        article(
            title="Both",
            suggested_texts={"en": ["In English", "Another one"], "nl": ["In het Nederlands"]},
            notes={"nl": {"do": ["Noem je eigen rol"], "dont": ["Geen klantnamen"]}, "en": {"do": ["Say your role"]}},
        )
    )
    english_only = publish(article(title="English only", suggested_texts={"en": ["Only English"]}))
    noor = {i["content_id"]: i for i in feed(employee("noor"))["items"]}
    assert noor[both["content_id"]]["language"] == "nl"
    assert noor[both["content_id"]]["suggested_texts"] == ["In het Nederlands"]
    assert noor[both["content_id"]]["notes"] == {"do": ["Noem je eigen rol"], "dont": ["Geen klantnamen"]}
    assert noor[english_only["content_id"]]["language"] == "en"
    assert noor[english_only["content_id"]]["suggested_texts"] == ["Only English"]
    eva = {i["content_id"]: i for i in feed(EVA)["items"]}
    assert eva[both["content_id"]]["suggested_texts"] == ["In English", "Another one"]


def test_pages_walk_the_whole_feed_in_order_without_repeats(stack):
    profile("eva", department="Engineering", role="Consultant")
    audiences = [{}, {"departments": ["Engineering"]}, {"roles": ["Consultant"]}, {"departments": ["Sales"]}]
    types = ["news", "expertise", "industry", "event", "vacancy"]
    mine = []
    for n in range(23):
        audience = audiences[n % len(audiences)]
        item = publish(article(title=f"Item {n}", type=types[n % len(types)], audience=audience))
        if audience != {"departments": ["Sales"]}:
            mine.append(item["content_id"])

    whole = feed(EVA, "limit=50")["items"]
    assert sorted(i["content_id"] for i in whole) == sorted(mine)
    scores = [i["score"] for i in whole]
    assert scores == sorted(scores, reverse=True)

    seen, cursor, pages = [], None, 0
    while True:
        body = feed(EVA, "limit=5" + (f"&cursor={cursor}" if cursor else ""))
        seen += [i["content_id"] for i in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [i["content_id"] for i in whole]
    assert pages == 4


def test_a_forged_cursor_is_refused_with_a_clear_error(stack):
    reply = call(API, "GET", "/v1/feed", who=EVA, query="cursor=bm90LWEtY3Vyc29y")
    assert reply.status == 422
    assert reply.body["error"]["code"] == "invalid_cursor" and reply.body["error"]["field"] == "cursor"


def test_a_feed_page_costs_the_same_dynamodb_calls_for_a_small_and_a_large_library(stack):
    from content_publishing import feed_index
    from content_publishing.model import ContentItem, Status

    profile("eva", department="Engineering", role="Consultant", location="Amsterdam")
    audiences = [
        {},
        {"departments": ["Engineering"]},
        {"departments": ["Sales"]},
        {"departments": ["Engineering"], "locations": ["Amsterdam"]},
    ]

    def library_of(size: int, offset: int) -> None:
        now = datetime.now(UTC)
        stamps = {"status": Status.PUBLISHED, "org_id": "acme", "slug": "item", "author": "anna"}
        feed_index.load_published(
            [
                ContentItem.model_validate(
                    article(title=f"Item {offset + n}", audience=audiences[n % len(audiences)])
                    | stamps
                    | {"content_id": f"bulk{offset + n:06d}"}
                    | dict.fromkeys(("published_at", "created_at", "updated_at"), now - timedelta(minutes=offset + n))
                )
                for n in range(size)
            ]
        )

    def page_cost() -> tuple[dict[str, int], int]:
        with dynamodb_calls() as calls:
            body = feed(EVA, "limit=20")
        return dict(calls), len(body["items"])

    library_of(40, 0)
    page_cost()  # a warm container: the org's settings and my identity are cached after the first request
    small = page_cost()
    library_of(400, 40)
    large = page_cost()
    # The leaver lock reads my standing (1 BatchGetItem: my record, and HR's state of me), then my profile
    # and the org's shapes (1 BatchGetItem), what I shared (1 Query), the heads of the keys that reach
    # me (everyone, my department, my department in my city: 1 BatchGetItem), the page's items (1 BatchGetItem).
    assert small == large == ({"BatchGetItem": 4, "Query": 1}, 20)


def test_expired_and_archived_items_leave_the_feed(stack):
    from content_publishing import library
    from estafette.events import ContentExpired
    from estafette.publisher import RecordingPublisher

    profile("eva", department="Engineering")
    soon = publish(article(title="Soon gone", expires_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat()))
    archived = publish(article(title="Archived"))
    assert set(feed_ids(EVA)) == {soon["content_id"], archived["content_id"]}

    assert call(API, "DELETE", f"/v1/content/{archived['content_id']}", who=ANNA).body["status"] == "archived"
    assert feed_ids(EVA) == [soon["content_id"]]
    events = RecordingPublisher()
    library.run_due_work(events, datetime.now(UTC) + timedelta(hours=1, minutes=1))
    assert feed_ids(EVA) == []
    assert [e.reason for e in events.of(ContentExpired)] == ["expires_at reached"]


def test_employee_never_sees_content_of_another_org(stack):
    profile("eva", department="Engineering")
    profile("eve", org_id="globex", department="Engineering")
    item = publish(article(audience={}))
    assert feed_ids(employee("eve", org_id="globex")) == []
    assert feed_ids(EVA) == [item["content_id"]]
    assert call(API, "GET", "/v1/feed", who=claims("eve", org_id="globex", roles=("curator",))).status == 403


WIDE = {  # 5 × 4 × 3 × 2 = 120 audience combinations: more than two transactions hold
    "departments": ["Engineering", "Sales", "Marketing", "Finance", "Legal"],
    "roles": ["Consultant", "Manager", "Engineer", "Analyst"],
    "locations": ["Amsterdam", "Utrecht", "Groningen"],
    "languages": ["en", "nl"],
}


def test_a_share_lifts_every_entry_of_a_widely_targeted_item_and_its_heads_in_three_transactions(stack):
    from content_publishing import store

    profile("eva", department="Engineering", role="Consultant", location="Amsterdam", language="en")
    profile("joost", department="Legal", role="Analyst", location="Groningen", language="nl")
    wide = publish(article(title="Everywhere", audience=WIDE))
    before = {who: feed(employee(who))["items"][0] for who in ("eva", "joost")}

    with dynamodb_calls() as calls:
        deliver_events(*((e, "acme") for e in share_events(wide["content_id"], "daan")))
    # 120 entries, each with its key's head, 50 to a TransactWriteItems: 3 re-rank calls (the 120 heads read
    # in 2 BatchGetItems), and 1 per event (requested, posted) that counts the share (the second cancels on
    # the share's marker). The second event has nothing to re-rank.
    assert calls["TransactWriteItems"] == 5 and calls["BatchGetItem"] == 2 and calls["UpdateItem"] == 0
    entries, _count = store.feed_state("acme", wide["content_id"])
    assert len(entries) == 120 and {e.step for e in entries.values()} == {1}
    # Both ends of the audience see the colleague's share and the lift (one step: × 1.15).
    for who in ("eva", "joost"):
        after = feed(employee(who))["items"][0]
        assert after["content_id"] == wide["content_id"] and after["colleagues_shared"] == 1
        assert after["score"] > before[who]["score"] * 1.1


def test_a_re_rank_never_moves_an_entry_down_nor_brings_a_deleted_one_back(stack):
    from content_publishing import feed_index, ranking, store

    item = publish(article(title="Three departments", audience={"departments": ["Engineering", "Sales", "Legal"]}))
    content_id = item["content_id"]
    entries, _count = store.feed_state("acme", content_id)
    ahead, gone, behind = sorted(entries.values(), key=lambda e: e.key)
    # A concurrent re-rank already lifted one entry higher; a concurrent edit deleted another.
    lifted = replace(ahead, step=3, sort_key=ranking.sort_key(ranking.rank(ahead.base, 3), content_id))
    store.change_feed_entries("acme", [store.FeedChange(ahead, lifted), store.FeedChange(gone, None)])
    store.count_share("acme", content_id, "s-1")
    # A writer that read the entries before those changes is refused, not allowed to overwrite them.
    late = replace(ahead, step=1, sort_key=ranking.sort_key(ranking.rank(ahead.base, 1), content_id))
    assert store.change_feed_entries("acme", [store.FeedChange(ahead, late), store.FeedChange(gone, gone)]).stale == 2

    assert feed_index.rerank("acme", content_id) == 1  # only the entry that was behind moves
    after, _count = store.feed_state("acme", content_id)
    assert {key: e.step for key, e in after.items()} == {ahead.key: 3, behind.key: 1}
    assert feed_index.rerank("acme", content_id) == 0  # a redelivery changes nothing
    # Every key's head holds the entry as it is now, and the deleted one nowhere.
    heads = store.feed_heads("acme", [ahead.key, gone.key, behind.key])
    assert [[e.sort_key for e in heads[k].entries] for k in (ahead.key, gone.key, behind.key)] == [
        [after[ahead.key].sort_key],
        [],
        [after[behind.key].sort_key],
    ]


def _live_items(audiences: list[dict], count: int, *, start: int = 0) -> list:
    from content_publishing.model import ContentItem, Status

    now = datetime.now(UTC)
    stamps = {"status": Status.PUBLISHED, "org_id": "acme", "slug": "item", "author": "anna"}
    return [
        ContentItem.model_validate(
            article(title=f"Item {n}", type=("news", "expertise", "event")[n % 3], audience=audiences[n % len(audiences)])
            | stamps
            | {"content_id": f"item{n:06d}"}
            | dict.fromkeys(("published_at", "created_at", "updated_at"), now - timedelta(minutes=7 * n))
        )
        for n in range(start, start + count)
    ]


def _walk(who: str, limit: int) -> list[str]:
    from content_publishing import feed

    seen, cursor = [], None
    while True:
        page = feed.page("acme", who, limit=limit, cursor=cursor, at=datetime.now(UTC))
        seen += [i.item.content_id for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return seen


def test_a_page_reads_every_partition_s_top_in_one_call_whatever_the_shapes_in_use(stack):
    from content_publishing import feed, feed_index

    profile("eva", department="Engineering", role="Consultant", location="Amsterdam", language="en")
    mine = {"departments": ["Engineering"], "roles": ["Consultant"], "locations": ["Amsterdam"], "languages": ["en"]}
    # Item n names the dimensions of shape n % 16, each with Eva's value: all 16 shapes reach her.
    every_shape = [{name: values for bit, (name, values) in enumerate(mine.items()) if n >> bit & 1} for n in range(16)]

    def page_cost(cursor: str | None = None) -> tuple[dict[str, int], int, str | None]:
        with dynamodb_calls() as calls:
            page = feed.page("acme", "eva", limit=20, cursor=cursor, at=datetime.now(UTC))
        return dict(calls), len(page.items), page.next_cursor

    feed_index.load_published(_live_items(every_shape[:1], 60))
    one_shape = page_cost()
    feed_index.load_published(_live_items(every_shape, 64, start=60))
    sixteen, count, cursor = page_cost()
    second = page_cost(cursor)
    # My profile and the shapes, what I shared, the heads, the page's items: the same four calls.
    assert one_shape[:2] == (sixteen, count) == second[:2] == ({"BatchGetItem": 3, "Query": 1}, 20)


def test_a_feed_longer_than_its_heads_pages_in_exact_order_through_shares_edits_and_expiry(stack, monkeypatch):
    from content_publishing import feed_index, store, targeting
    from content_publishing.model import Status
    from estafette.domain import EmployeeProfile

    monkeypatch.setattr(store, "HEAD_SIZE", 3)  # every partition here is longer than its head
    profile("eva", department="Engineering", location="Amsterdam")
    audiences = [
        {},
        {"departments": ["Engineering"]},
        {"departments": ["Engineering"], "locations": ["Amsterdam"]},
        {"departments": ["Sales"]},
    ]
    items = _live_items(audiences, 24)

    def save_and_sync(item) -> None:
        store.load_published([item], [], set())  # the item as the library stores it
        feed_index.sync(item)

    for item in items:
        save_and_sync(item)
    # Colleagues share older items (they climb into the heads), one is archived, one gets an expiry that passed,
    # one gets an audience that leaves Eva out, and Eva shares one herself.
    for n, shares in ((20, 3), (13, 7), (9, 1)):
        for s in range(shares):
            store.count_share("acme", items[n].content_id, f"s-{n}-{s}")
        feed_index.rerank("acme", items[n].content_id)
    save_and_sync(items[1].model_copy(update={"status": Status.ARCHIVED}))
    save_and_sync(items[6].model_copy(update={"expires_at": datetime.now(UTC) - timedelta(minutes=1)}))
    save_and_sync(items[2].model_copy(update={"audience": items[3].audience}))
    store.mark_shared("acme", "eva", items[4].content_id)

    live = {i.content_id for i in items} - {items[n].content_id for n in (1, 2, 4, 6)}
    keys = targeting.keys_for(
        EmployeeProfile(employee_id="eva", department="Engineering", location="Amsterdam"), {"----", "D---", "D-L-"}
    )
    everything = []
    for key in keys:
        entries, truncated = store.feed_entries("acme", key, None, 1000)
        assert not truncated
        head = store.feed_heads("acme", [key])[key]
        # A head is exactly its partition's top: every entry at or above its floor, best first.
        assert [e.sort_key for e in head.entries] == [e.sort_key for e in entries if head.covers(e.sort_key)]
        assert len(head.entries) <= 3 and head.floor is not None
        everything += entries
    expected = [e.content_id for e in sorted(everything, key=lambda e: e.sort_key, reverse=True) if e.content_id in live]
    assert expected[0] == items[13].content_id  # seven shares lifted it above a dozen fresher items

    assert _walk("eva", 2) == expected == _walk("eva", 5)
