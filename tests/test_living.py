"""Living amends over time: cadences in the person's time zone, check-in reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil import tz
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from amendskit import CheckIn, Commitment, ValidationError, dumps, json_schema, loads
from amendskit.living import CommitmentReport, commitment_report

BERLIN = tz.gettz("Europe/Berlin")
NEW_YORK = tz.gettz("America/New_York")
UTC = dt.UTC


def commitment(
    cadence: str = "FREQ=WEEKLY;BYDAY=SU",
    start: dt.datetime | None = None,
    *,
    time_zone: str = "Europe/Berlin",
    **fields: Any,
) -> Commitment:
    zone = tz.gettz(time_zone)
    first = start or dt.datetime(2024, 1, 7, 19, 0, tzinfo=zone)
    return Commitment(
        "c-1", "Call my father", cadence, first, time_zone=time_zone, **fields
    )


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def walls(times: tuple[dt.datetime, ...]) -> list[str]:
    return [t.strftime("%Y-%m-%d %H:%M%z") for t in times]


# --- the time zone ---------------------------------------------------------------


def test_a_commitment_keeps_utc_unless_told_its_zone() -> None:
    c = Commitment("c", "x", "FREQ=DAILY", utc(2024, 1, 1))
    assert c.time_zone == "UTC"


@pytest.mark.parametrize(
    "name",
    [
        "Europe/Berlin",
        "America/New_York",
        "America/Argentina/Buenos_Aires",
        "UTC",
        "Etc/GMT+5",
    ],
)
def test_iana_zones_are_taken(name: str) -> None:
    assert commitment(time_zone=name).time_zone == name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Mars/Olympus_Mons", "unknown-time-zone"),
        ("europe/berlin", "unknown-time-zone"),
        ("localtime", "unknown-time-zone"),
        ("posixrules", "unknown-time-zone"),
        ("right/UTC", "unknown-time-zone"),
        ("posix/Europe/Berlin", "unknown-time-zone"),
        ("Europe", "unknown-time-zone"),
        ("", "bad-time-zone"),
        ("/etc/localtime", "bad-time-zone"),
        ("../../etc/passwd", "bad-time-zone"),
        ("Europe/../UTC", "bad-time-zone"),
        ("EST5EDT,M3.2.0,M11.1.0", "bad-time-zone"),
        ("Europe/Berlin ", "bad-time-zone"),
        (7, "bad-time-zone"),
    ],
)
def test_anything_but_a_known_iana_zone_is_refused(name: Any, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Commitment("c", "x", "FREQ=DAILY", utc(2024, 1, 1), time_zone=name)
    assert (caught.value.field, caught.value.code) == ("time_zone", code)
    assert "Mars" not in str(caught.value)


def test_the_zone_is_part_of_the_document_and_schema() -> None:
    c = commitment(time_zone="America/New_York")
    assert '"time_zone":"America/New_York"' in dumps(c)
    assert loads(dumps(c), Commitment) == c
    field = json_schema()["$defs"]["Commitment"]["properties"]["time_zone"]
    assert field["type"] == "string"
    assert field["pattern"].startswith("^[A-Za-z]")


@pytest.mark.parametrize(
    "cadence", ["RRULE:FREQ=DAILY", "FREQ=SOMETIMES", "FREQ=DAILY\nFREQ=WEEKLY"]
)
def test_a_cadence_is_an_rrule_value_alone(cadence: str) -> None:
    with pytest.raises(ValidationError) as caught:
        commitment(cadence)
    assert (caught.value.field, caught.value.code) == ("cadence", "bad-rrule")


# --- occurrences across summer time ------------------------------------------------


def test_a_weekly_commitment_stays_at_19_00_in_berlin_across_spring_forward() -> None:
    c = commitment()  # Sundays 19:00 Berlin; clocks go forward on 31 March 2024
    due = c.occurrences(utc(2024, 3, 20), utc(2024, 4, 10))
    assert walls(due) == [
        "2024-03-24 19:00+0100",
        "2024-03-31 19:00+0200",
        "2024-04-07 19:00+0200",
    ]
    assert [t.astimezone(UTC).hour for t in due] == [18, 17, 17]


def test_a_weekly_commitment_stays_at_19_00_in_berlin_across_fall_back() -> None:
    due = commitment().occurrences(utc(2024, 10, 20), utc(2024, 11, 4))
    assert walls(due) == [
        "2024-10-20 19:00+0200",
        "2024-10-27 19:00+0100",
        "2024-11-03 19:00+0100",
    ]
    assert [t.astimezone(UTC).hour for t in due] == [17, 18, 18]


def test_a_weekly_commitment_stays_at_19_00_in_new_york_across_both_changes() -> None:
    start = dt.datetime(2024, 1, 7, 19, 0, tzinfo=NEW_YORK)
    c = commitment(start=start, time_zone="America/New_York")
    spring = c.occurrences(utc(2024, 3, 1), utc(2024, 3, 19))
    assert walls(spring) == [
        "2024-03-03 19:00-0500",
        "2024-03-10 19:00-0400",
        "2024-03-17 19:00-0400",
    ]
    autumn = c.occurrences(utc(2024, 10, 27), utc(2024, 11, 12))
    assert walls(autumn) == [
        "2024-10-27 19:00-0400",
        "2024-11-03 19:00-0500",
        "2024-11-10 19:00-0500",
    ]
    # 19:00 EST is midnight UTC: the next day there
    assert autumn[1].astimezone(UTC) == utc(2024, 11, 4, 0, 0)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("Europe/Berlin", dt.date(2024, 3, 31), "2024-03-31 03:30+0200"),
        ("America/New_York", dt.date(2024, 3, 10), "2024-03-10 03:30-0400"),
    ],
)
def test_a_time_skipped_by_spring_forward_moves_on_by_the_gap(
    zone: str, day: dt.date, expected: str
) -> None:
    start = dt.datetime(2024, 1, 1, 2, 30, tzinfo=tz.gettz(zone))
    c = commitment("FREQ=DAILY", start, time_zone=zone)
    before = dt.datetime.combine(day, dt.time(), tzinfo=tz.gettz(zone))
    due = c.occurrences(before - dt.timedelta(days=1), before + dt.timedelta(days=2))
    assert walls(due)[1] == expected
    # the next day it is 02:30 again
    assert walls(due)[2][11:16] == "02:30"


@pytest.mark.parametrize(
    ("zone", "day", "local", "first"),
    [
        (
            "Europe/Berlin",
            dt.date(2024, 10, 27),
            dt.time(2, 30),
            utc(2024, 10, 27, 0, 30),
        ),
        (
            "America/New_York",
            dt.date(2024, 11, 3),
            dt.time(1, 30),
            utc(2024, 11, 3, 5, 30),
        ),
    ],
)
def test_a_time_repeated_by_fall_back_is_the_first_of_the_two(
    zone: str, day: dt.date, local: dt.time, first: dt.datetime
) -> None:
    start = dt.datetime.combine(dt.date(2024, 9, 1), local, tzinfo=tz.gettz(zone))
    c = commitment("FREQ=DAILY", start, time_zone=zone)
    due = c.occurrences(utc(2024, 10, 26), utc(2024, 11, 5))
    on_the_day = [t for t in due if t.date() == day]
    assert [t.astimezone(UTC) for t in on_the_day] == [first]


def test_a_daily_commitment_crosses_the_year_end() -> None:
    c = commitment("FREQ=DAILY", dt.datetime(2024, 12, 1, 23, 30, tzinfo=BERLIN))
    due = c.occurrences(utc(2024, 12, 30), utc(2025, 1, 2))
    assert walls(due) == [
        "2024-12-30 23:30+0100",
        "2024-12-31 23:30+0100",
        "2025-01-01 23:30+0100",
    ]


def test_a_yearly_commitment_on_29_february_comes_in_leap_years_only() -> None:
    start = dt.datetime(2024, 2, 29, 12, 0, tzinfo=BERLIN)
    c = commitment("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start)
    due = c.occurrences(utc(2024, 1, 1), utc(2033, 1, 1))
    assert [t.year for t in due] == [2024, 2028, 2032]


def test_a_monthly_commitment_from_the_31st_keeps_to_months_that_have_one() -> None:
    start = dt.datetime(2024, 1, 31, 9, 0, tzinfo=BERLIN)
    due = commitment("FREQ=MONTHLY", start).occurrences(
        utc(2024, 1, 1), utc(2024, 6, 1)
    )
    assert [t.month for t in due] == [1, 3, 5]


def test_nothing_is_due_before_the_start_or_from_the_end() -> None:
    start = dt.datetime(2024, 3, 3, 19, 0, tzinfo=BERLIN)
    end = dt.datetime(2024, 3, 17, 19, 0, tzinfo=BERLIN)
    c = commitment(start=start, end=end)
    due = c.occurrences(utc(2024, 1, 1), utc(2024, 12, 31))
    assert walls(due) == ["2024-03-03 19:00+0100", "2024-03-10 19:00+0100"]
    assert c.occurrences(utc(2024, 4, 1), utc(2024, 5, 1)) == ()
    assert c.occurrences(utc(2024, 1, 1), utc(2024, 2, 1)) == ()


def test_a_start_with_a_fraction_of_a_second_is_the_first_occurrence() -> None:
    start = dt.datetime(2024, 3, 3, 19, 0, 0, 500_000, tzinfo=BERLIN)
    due = commitment(start=start).occurrences(utc(2024, 3, 1), utc(2024, 3, 4))
    assert walls(due) == ["2024-03-03 19:00+0100"]


def test_a_counted_cadence_counts_from_its_start() -> None:
    c = commitment("FREQ=WEEKLY;COUNT=3")
    assert len(c.occurrences(utc(2024, 1, 1), utc(2030, 1, 1))) == 3
    assert c.occurrences(utc(2024, 2, 1), utc(2030, 1, 1)) == ()


def test_every_other_week_keeps_its_weeks_years_later() -> None:
    c = commitment("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU")  # from Sunday 7 January 2024
    due = c.occurrences(utc(2030, 1, 1), utc(2030, 2, 1))
    first = dt.date(2024, 1, 7)
    assert due
    assert all((t.date() - first).days % 14 == 0 for t in due)


def test_an_empty_window_has_nothing_due() -> None:
    assert commitment().occurrences(utc(2024, 3, 24, 18), utc(2024, 3, 24, 18)) == ()


@pytest.mark.parametrize(
    ("start", "end", "field", "code"),
    [
        (dt.datetime(2024, 1, 1), utc(2024, 2, 1), "start", "naive-datetime"),
        (utc(2024, 1, 1), dt.datetime(2024, 2, 1), "end", "naive-datetime"),
        (dt.date(2024, 1, 1), utc(2024, 2, 1), "start", "wrong-type"),
        (utc(2024, 1, 1), "2024-02-01", "end", "wrong-type"),
        (utc(2024, 2, 1), utc(2024, 1, 1), "end", "end-before-start"),
        (utc(1, 1, 1), utc(2024, 1, 1), "start", "out-of-range"),
        (utc(2024, 1, 1), utc(9999, 1, 2), "end", "out-of-range"),
    ],
)
def test_a_window_is_two_aware_datetimes_in_order(
    start: Any, end: Any, field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        commitment().occurrences(start, end)
    assert (caught.value.field, caught.value.code) == (field, code)


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
]
# Living amends repeat at most daily (finer cadences are refused).
CADENCES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;BYDAY=SU;BYHOUR=1,2,3",
    "FREQ=DAILY;INTERVAL=7;BYHOUR=7,19",
    "FREQ=MONTHLY;BYDAY=1SA",
    "FREQ=WEEKLY;COUNT=40",
    "FREQ=DAILY;UNTIL=20250301T000000",
]


def expanded(c: Commitment, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The occurrences the slow way: from the start, each time resolved by dateutil."""
    zone = tz.gettz(c.time_zone)
    rule = rrulestr(c.cadence, dtstart=c.start.astimezone(zone).replace(tzinfo=None))
    found = []
    for wall in rule:
        at = tz.resolve_imaginary(wall.replace(tzinfo=zone))
        if at >= end:
            break
        began = c.start.replace(microsecond=0)
        if start <= at and began <= at and (c.end is None or at < c.end):
            found.append(at)
    return found


@given(
    st.sampled_from(ZONES),
    st.sampled_from(CADENCES),
    st.datetimes(dt.datetime(2023, 1, 1), dt.datetime(2025, 6, 1)),
    st.datetimes(dt.datetime(2023, 1, 1), dt.datetime(2026, 1, 1)),
    st.integers(0, 40),
)
def test_occurrences_are_the_cadence_expanded_in_local_time(
    zone: str, cadence: str, first: dt.datetime, at: dt.datetime, days: int
) -> None:
    start = first.replace(tzinfo=UTC)
    c = commitment(cadence, start, time_zone=zone)
    lo = at.replace(tzinfo=UTC)
    hi = lo + dt.timedelta(days=days)
    due = c.occurrences(lo, hi)
    assert [t.astimezone(UTC) for t in due] == [
        t.astimezone(UTC) for t in expanded(c, lo, hi)
    ]
    local = tz.gettz(zone)
    for t in due:
        assert t.tzinfo is local
        assert lo <= t < hi


# --- reports -------------------------------------------------------------------------

MARCH = (utc(2024, 3, 1), utc(2024, 4, 1))  # Sundays 3, 10, 17, 24, 31


def checked(*answers: tuple[int, bool]) -> Commitment:
    return commitment(
        start=dt.datetime(2024, 3, 3, 19, 0, tzinfo=BERLIN),
        check_ins=[CheckIn(dt.date(2024, 3, day), kept) for day, kept in answers],
    )


def test_a_report_sorts_what_was_due_into_kept_missed_and_unchecked() -> None:
    c = checked((3, True), (10, True), (17, False), (24, True))
    report = commitment_report(c, *MARCH)
    assert isinstance(report, CommitmentReport)
    assert (report.commitment_id, report.start, report.end) == ("c-1", *MARCH)
    assert [t.day for t in report.due] == [3, 10, 17, 24, 31]
    assert [t.day for t in report.kept] == [3, 10, 24]
    assert [t.day for t in report.missed] == [17]
    assert [t.day for t in report.unchecked] == [31]
    assert report.kept_share == 0.75
    # the latest may still wait for its check-in; before it, 24 kept, 17 missed
    assert report.streak == 1


def test_the_streak_counts_every_kept_occurrence_in_a_row() -> None:
    c = checked((3, True), (10, True), (17, True), (24, True), (31, True))
    report = commitment_report(c, *MARCH)
    assert report.streak == 5
    assert report.kept_share == 1.0
    assert report.unchecked == ()


def test_a_missed_latest_occurrence_ends_the_streak() -> None:
    c = checked((3, True), (10, True), (17, True), (24, True), (31, False))
    assert commitment_report(c, *MARCH).streak == 0


def test_an_occurrence_without_a_check_in_breaks_the_streak() -> None:
    c = checked((3, True), (10, True), (24, True), (31, True))
    assert commitment_report(c, *MARCH).streak == 2


def test_of_two_check_ins_on_one_day_the_last_recorded_counts() -> None:
    c = checked((3, False), (3, True))
    report = commitment_report(c, utc(2024, 3, 1), utc(2024, 3, 5))
    assert [t.day for t in report.kept] == [3]
    assert report.missed == ()


def test_a_check_in_answers_for_the_occurrence_s_local_day() -> None:
    # 00:30 on Monday in Berlin is still Sunday in UTC
    start = dt.datetime(2024, 3, 4, 0, 30, tzinfo=BERLIN)
    c = commitment(
        "FREQ=WEEKLY;BYDAY=MO", start, check_ins=[CheckIn(dt.date(2024, 3, 4), True)]
    )
    report = commitment_report(c, utc(2024, 3, 1), utc(2024, 3, 5))
    assert report.due[0].astimezone(UTC).date() == dt.date(2024, 3, 3)
    assert len(report.kept) == 1


def test_a_window_with_nothing_due_has_no_share_and_no_streak() -> None:
    report = commitment_report(checked(), utc(2024, 3, 4), utc(2024, 3, 9))
    assert report.due == ()
    assert report.kept_share is None
    assert report.streak == 0


def test_only_unchecked_occurrences_have_no_share() -> None:
    report = commitment_report(checked(), *MARCH)
    assert len(report.unchecked) == 5
    assert report.kept_share is None
    assert report.streak == 0


def test_the_share_over_all_check_ins_is_still_known() -> None:
    assert checked().kept_share is None
    assert checked((3, True), (10, False)).kept_share == 0.5


def test_a_commitment_is_ongoing_from_its_start_until_its_end() -> None:
    start = dt.datetime(2024, 3, 3, 19, 0, tzinfo=BERLIN)
    c = commitment(start=start, end=start + dt.timedelta(days=7))
    assert not c.ongoing(start - dt.timedelta(seconds=1))
    assert c.ongoing(start)
    assert not c.ongoing(start + dt.timedelta(days=7))
    assert commitment(start=start).ongoing(utc(2100, 1, 1))


@pytest.mark.parametrize(
    "cadence",
    [
        "FREQ=MONTHLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=-1",
        "FREQ=HOURLY",
        "FREQ=MINUTELY;INTERVAL=5",
        "FREQ=SECONDLY",
    ],
)
def test_cadences_that_would_expand_without_end_are_refused(cadence: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Commitment(
            id="c",
            text="Call",
            cadence=cadence,
            start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        )
    assert (refused.value.field, refused.value.code) == ("cadence", "bad-rrule")


def test_kept_count_and_share_count_every_check_in() -> None:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    entries = [CheckIn(dt.date(2024, 1, d), kept=d % 3 != 0) for d in range(1, 7)]
    commitment = Commitment("c", "Call", "FREQ=DAILY", start, check_ins=entries)
    assert commitment.kept_count == 4
    assert commitment.kept_share == 4 / 6
    unchecked = Commitment("c", "Call", "FREQ=DAILY", start)
    assert (unchecked.kept_count, unchecked.kept_share) == (0, None)


@pytest.mark.parametrize("zone_name", ["America/New_York", "Pacific/Honolulu"])
def test_a_commitment_starts_at_a_time_its_own_zone_can_show(zone_name: str) -> None:
    """In year 1, west of UTC, the local date would be in year 0."""
    first = utc(1, 1, 1)
    assert Commitment("c-1", "Call", "FREQ=WEEKLY", first).start == first
    with pytest.raises(ValidationError) as caught:
        Commitment("c-1", "Call", "FREQ=WEEKLY", first, time_zone=zone_name)
    assert (caught.value.field, caught.value.code) == ("start", "out-of-range")


def test_the_widest_window_expands_without_overflow() -> None:
    """From year 2 to the start of 9999, in zones on both sides of UTC."""
    first, last = utc(2, 1, 1), utc(9999, 1, 1)
    for zone_name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        yearly = Commitment("c-1", "Call", "FREQ=YEARLY", first, time_zone=zone_name)
        due = yearly.occurrences(first, last)
        # once a year; the zone's offset in year 2 (local mean time) is not
        # today's, so the first year may hold a second occurrence
        assert 9997 <= len(due) <= 9998
        assert all(first <= d < last for d in due)
