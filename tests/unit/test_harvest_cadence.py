"""The harvest cadence decays with a post's age: hourly for two days, daily to day 14, weekly to day 30, then never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from metric_collection.cadence import next_harvest, slots

POSTED = datetime(2026, 3, 2, 9, 17, 30, tzinfo=UTC)


def after(**age: float) -> timedelta | None:
    due = next_harvest(POSTED, POSTED + timedelta(**age))
    return None if due is None else due - POSTED


def test_a_young_post_is_harvested_every_hour_for_48_hours():
    assert after(seconds=0) == timedelta(hours=1)
    assert after(hours=1) == timedelta(hours=2)
    assert after(hours=5, minutes=40) == timedelta(hours=6)  # a late harvest does not shift the grid
    assert after(hours=47, minutes=59) == timedelta(hours=48)


def test_then_every_day_until_day_14():
    assert after(hours=48) == timedelta(days=3)
    assert after(days=9, hours=3) == timedelta(days=10)
    assert after(days=13, hours=23) == timedelta(days=14)


def test_then_every_week_until_day_30_with_a_last_harvest_when_the_window_closes():
    assert after(days=14) == timedelta(days=21)
    assert after(days=21) == timedelta(days=28)
    assert after(days=28) == timedelta(days=30)


def test_then_never():
    assert after(days=30) is None
    assert after(days=400) is None


def test_a_post_gets_63_harvests_in_its_life():
    planned = slots(POSTED)
    assert len(planned) == 48 + 12 + 2 + 1
    assert planned == sorted(planned) and planned[-1] == POSTED + timedelta(days=30)


def test_reports_price_x_reads_on_the_days_the_cadence_reads_a_post():
    # X bills a post read once per day; reporting's API cost assumes the cadence's number of days.
    from datetime import UTC, datetime

    from metric_collection.cadence import slots
    from reporting.figures import READ_DAYS_PER_POST

    days = {slot.date() for slot in slots(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))}
    assert len(days) == READ_DAYS_PER_POST
