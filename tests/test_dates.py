"""Dates people remember (`PartialDate.parse_loose`) and calendar intervals."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.parser import parserinfo
from hypothesis import given
from hypothesis import strategies as st

from amendskit import PartialDate, ValidationError, json_schema
from amendskit.dates import MAX_INTERVAL, Interval, IntervalUnit

MONTHS = IntervalUnit.MONTHS


def loose(text: str) -> PartialDate:
    return PartialDate.parse_loose(text)


def refusal(text: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse_loose(text)  # type: ignore[arg-type]
    return caught.value


# --- reading dates people remember -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", PartialDate(2019)),
        ("2019-06", PartialDate(2019, 6)),
        ("2019-06-14", PartialDate(2019, 6, 14)),
        ("  2019-06  ", PartialDate(2019, 6)),
        ("2019/6", PartialDate(2019, 6)),
        ("2019.06.14", PartialDate(2019, 6, 14)),
        ("2019/6/4", PartialDate(2019, 6, 4)),
        ("06/2019", PartialDate(2019, 6)),
        ("6/2019", PartialDate(2019, 6)),
        ("06.2019", PartialDate(2019, 6)),
        ("June 2019", PartialDate(2019, 6)),
        ("jun 2019", PartialDate(2019, 6)),
        ("JUN 2019", PartialDate(2019, 6)),
        ("Jun-2019", PartialDate(2019, 6)),
        ("June, 2019", PartialDate(2019, 6)),
        ("Sept. 2019", PartialDate(2019, 9)),
        ("2019 June", PartialDate(2019, 6)),
        ("14 June 2019", PartialDate(2019, 6, 14)),
        ("14-Jun-2019", PartialDate(2019, 6, 14)),
        ("June 14, 2019", PartialDate(2019, 6, 14)),
        ("June 14th, 2019", PartialDate(2019, 6, 14)),
        ("14th of June 2019", PartialDate(2019, 6, 14)),
        ("Friday, 14 June 2019", PartialDate(2019, 6, 14)),
        ("fri 14 jun 2019", PartialDate(2019, 6, 14)),
        ("1 May 2020", PartialDate(2020, 5, 1)),
        ("29 February 2024", PartialDate(2024, 2, 29)),
        ("31 December 1999", PartialDate(1999, 12, 31)),
    ],
)
def test_dates_are_read_at_the_precision_given(
    text: str, expected: PartialDate
) -> None:
    found = loose(text)
    assert found == expected
    assert found.precision == expected.precision


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("x" * 101, "too-long"),
        ("05/06/2019", "ambiguous-date"),
        ("13/06/2019", "ambiguous-date"),
        ("5.6.2019", "ambiguous-date"),
        ("06/19", "two-digit-year"),
        ("14/06/19", "two-digit-year"),
        ("14 June 19", "two-digit-year"),
        ("June 45", "two-digit-year"),
        ("June", "no-year"),
        ("June 5", "no-year"),
        ("June 19", "no-year"),
        ("Thursday 14 June 2019", "weekday-mismatch"),
        ("Monday June 2019", "bad-partial-date"),
        ("14 June 2019 10:30", "bad-partial-date"),
        ("2019-06-14T10:30", "bad-partial-date"),
        ("summer 2019", "bad-partial-date"),
        ("Juni 2019", "bad-partial-date"),
        ("June July 2019", "bad-partial-date"),
        ("14 15 June 2019", "bad-partial-date"),
        ("123 June 2019", "bad-partial-date"),
        ("2019 2020 June", "bad-partial-date"),
        ("20190614", "bad-partial-date"),
        ("14", "bad-partial-date"),
        ("2019-6-14-1", "bad-partial-date"),
        ("2019/06/2019", "bad-partial-date"),
        ("-", "bad-partial-date"),
        ("\u0661\u0662 June 2019", "bad-partial-date"),
        ("2019 + June", "bad-partial-date"),
        ("2019-13", "out-of-range"),
        ("31 June 2019", "out-of-range"),
        ("Friday 31 June 2019", "out-of-range"),
        ("29 Feb 2023", "out-of-range"),
        ("0000", "out-of-range"),
    ],
)
def test_what_cannot_be_read_safely_is_refused_with_a_code(
    text: str, code: str
) -> None:
    assert refusal(text).code == code


def test_only_text_is_read() -> None:
    error = refusal(20190614)
    assert (error.owner, error.field, error.code) == (
        "PartialDate",
        "text",
        "wrong-type",
    )


def test_other_languages_bring_their_own_month_names() -> None:
    class German(parserinfo):
        MONTHS = [  # noqa: RUF012 - dateutil's own form
            ("Jan", "Januar"),
            ("Feb", "Februar"),
            ("Mär", "März"),
            ("Apr", "April"),
            ("Mai", "Mai"),
            ("Jun", "Juni"),
            ("Jul", "Juli"),
            ("Aug", "August"),
            ("Sep", "September"),
            ("Okt", "Oktober"),
            ("Nov", "November"),
            ("Dez", "Dezember"),
        ]

    assert PartialDate.parse_loose("14. März 2019", German()) == PartialDate(
        2019, 3, 14
    )
    assert PartialDate.parse_loose("Juni 2019", German()) == PartialDate(2019, 6)


_SECRET = "my sister Anna 14/06/19"


#: Every reason `parse_loose` gives: fixed texts, none built from the input.
REASONS = {
    "must be text",
    "must not be empty",
    "longer than 100 chars",
    "day and month order is ambiguous: use a month name",
    "the year must have four digits",
    "a year (four digits) is needed",
    "the weekday does not fall on that date",
    "not a date this reader understands",
    "must be YYYY, YYYY-MM or YYYY-MM-DD",
    "must be from 1 to 12",
    "must be from 1 to 9999",
    "no such day in that month",
}


@given(st.text(max_size=120))
def test_any_text_is_read_or_refused_never_echoed(text: str) -> None:
    try:
        PartialDate.parse_loose(text)
    except ValidationError as error:
        refused: ValidationError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.owner == "PartialDate"
        assert refused.reason in REASONS
        assert (
            str(refused)
            == f"PartialDate.{refused.field}: {refused.reason} [{refused.code}]"
        )


def test_a_refusal_never_repeats_the_text() -> None:
    error = refusal(_SECRET)
    assert "Anna" not in str(error)
    assert "14/06/19" not in str(error)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_date_written_in_words_reads_back(day: dt.date) -> None:
    name = day.strftime("%B")
    expected = PartialDate(day.year, day.month, day.day)
    assert loose(f"{day.day} {name} {day.year}") == expected
    assert loose(f"{name[:3]} {day.day}, {day.year}") == expected
    assert loose(f"{day:%A} {day.day} {name} {day.year}") == expected
    assert loose(f"{name} {day.year}") == PartialDate(day.year, day.month)


@given(
    st.builds(
        PartialDate,
        st.integers(1000, 9999),
        st.none() | st.integers(1, 12),
    )
)
def test_every_iso_partial_date_reads_back(date: PartialDate) -> None:
    assert loose(str(date)) == date
    assert loose(str(date)).precision == date.precision


def test_iso_text_alone_is_what_parse_takes() -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse("June 2019")
    assert caught.value.code == "bad-partial-date"


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate(2019, None, 14)
    assert (caught.value.field, caught.value.code) == ("day", "day-without-month")


@pytest.mark.parametrize(
    ("date", "earliest"),
    [
        (PartialDate(2019), dt.date(2019, 1, 1)),
        (PartialDate(2019, 6), dt.date(2019, 6, 1)),
        (PartialDate(2019, 6, 14), dt.date(2019, 6, 14)),
    ],
)
def test_a_partial_date_starts_on_its_earliest_day(
    date: PartialDate, earliest: dt.date
) -> None:
    assert date.earliest == earliest


# --- calendar intervals ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "interval", "times", "expected"),
    [
        # 31 January plus one month is the end of February, in a leap year 29.
        (dt.date(2024, 1, 31), Interval(1, MONTHS), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), Interval(1, MONTHS), 1, dt.date(2023, 2, 28)),
        # ...and computed from the start, two months on is 31 March again.
        (dt.date(2024, 1, 31), Interval(1, MONTHS), 2, dt.date(2024, 3, 31)),
        (dt.date(2024, 1, 31), Interval(1, MONTHS), 3, dt.date(2024, 4, 30)),
        # 29 February: a year on there is none; four years on there is.
        (
            dt.date(2024, 2, 29),
            Interval(1, IntervalUnit.YEARS),
            1,
            dt.date(2025, 2, 28),
        ),
        (
            dt.date(2024, 2, 29),
            Interval(1, IntervalUnit.YEARS),
            4,
            dt.date(2028, 2, 29),
        ),
        # Year ends.
        (dt.date(2024, 12, 31), Interval(1, MONTHS), 1, dt.date(2025, 1, 31)),
        (
            dt.date(2024, 12, 25),
            Interval(1, IntervalUnit.WEEKS),
            1,
            dt.date(2025, 1, 1),
        ),
        (dt.date(2024, 12, 31), Interval(1, IntervalUnit.DAYS), 1, dt.date(2025, 1, 1)),
        (dt.date(2024, 11, 30), Interval(3, MONTHS), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 5, 5), Interval(2, IntervalUnit.WEEKS), 0, dt.date(2024, 5, 5)),
    ],
)
def test_intervals_step_from_the_start(
    start: dt.date, interval: Interval, times: int, expected: dt.date
) -> None:
    assert interval.after(start, times) == expected


def test_an_interval_moves_a_datetime_in_wall_time() -> None:
    at = dt.datetime(2024, 1, 31, 19, 0, tzinfo=dt.UTC)
    assert Interval(1, MONTHS).after(at) == dt.datetime(2024, 2, 29, 19, tzinfo=dt.UTC)


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(0, 120))
def test_months_from_the_start_never_drift(start: dt.date, n: int) -> None:
    due = Interval(1, MONTHS).after(start, n)
    # the day of the month is kept whenever the month has it
    assert due.day == start.day or due.day < start.day
    assert (due.year - start.year) * 12 + due.month - start.month == n


def test_an_interval_past_the_calendar_s_end_raises() -> None:
    with pytest.raises((OverflowError, ValueError)):
        Interval(999, IntervalUnit.YEARS).after(dt.date(9500, 1, 1))


@pytest.mark.parametrize(
    ("count", "unit", "code"),
    [
        (0, MONTHS, "out-of-range"),
        (MAX_INTERVAL + 1, MONTHS, "out-of-range"),
        (True, MONTHS, "wrong-type"),
        ("1", MONTHS, "wrong-type"),
        (1, "months", "wrong-type"),
    ],
)
def test_an_interval_counts_whole_units(count: object, unit: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Interval(count, unit)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_the_schema_bounds_an_interval_s_count() -> None:
    interval = json_schema()["$defs"]["Interval"]
    assert interval["properties"]["count"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_INTERVAL,
    }
    assert json_schema()["$defs"]["IntervalUnit"]["enum"] == [
        "days",
        "weeks",
        "months",
        "years",
    ]


def test_digits_that_are_not_ascii_are_refused_not_crashed_on() -> None:
    for text in ("2019 ²", "June ² 2019"):
        with pytest.raises(ValidationError):
            PartialDate.parse_loose(text)
    with pytest.raises(ValidationError) as refused:
        PartialDate(2019, 6, 2**64)
    assert refused.value.code == "out-of-range"
