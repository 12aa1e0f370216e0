"""iCalendar export: RFC 5545 text that calendar software reads back as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

from amendskit import Money, ValidationError
from amendskit._validation import is_blank
from amendskit.agenda import AgendaItem, AgendaKind
from amendskit.ical import PRODID, escape_text, fold, to_ical

UTC = dt.UTC
BERLIN = tz.gettz("Europe/Berlin")
STAMP = dt.datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def item(summary: str = "Amends meeting", **fields: Any) -> AgendaItem:
    fields.setdefault("at", dt.datetime(2024, 6, 10, 18, 0, tzinfo=BERLIN))
    fields.setdefault("kind", AgendaKind.MEETING)
    fields.setdefault("plan_id", "plan-1")
    fields.setdefault("person_id", "person-1")
    return AgendaItem(summary=summary, **fields)


def all_day(day: dt.date = dt.date(2024, 7, 1), **fields: Any) -> AgendaItem:
    return item(
        "Instalment due",
        at=dt.datetime.combine(day, dt.time(), tzinfo=BERLIN),
        kind=AgendaKind.INSTALMENT,
        all_day=True,
        day=day,
        amount=Money(Decimal("26.68"), "EUR"),
        ref="2",
        **fields,
    )


def events(text: str) -> list[Any]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


# --- the calendar ---------------------------------------------------------------------


def test_a_calendar_has_its_header_and_one_event_an_item() -> None:
    text = to_ical([item(), all_day()], stamp=STAMP)
    assert text.split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "NAME:amendskit",
        "X-WR-CALNAME:amendskit",
        "BEGIN:VEVENT",
        "UID:meeting/plan-1//20240610T160000Z@amendskit",
        "DTSTAMP:20240601T080000Z",
        "DTSTART:20240610T160000Z",
        "SUMMARY:Amends meeting",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:instalment/plan-1/2/20240701@amendskit",
        "DTSTAMP:20240601T080000Z",
        "DTSTART;VALUE=DATE:20240701",
        "SUMMARY:Instalment due",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_every_line_ends_with_crlf() -> None:
    text = to_ical([item("a\nb\rc"), all_day()], stamp=STAMP)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_no_items_is_an_empty_calendar() -> None:
    text = to_ical([], stamp=STAMP, calendar_name="Amends; 2024")
    calendar = icalendar.Calendar.from_ical(text)
    # icalendar leaves X- and RFC 7986 properties as written: escaped TEXT
    assert str(calendar["X-WR-CALNAME"]) == "Amends\\; 2024"
    assert "\r\nNAME:Amends\\; 2024\r\n" in text
    assert events(text) == []


def test_times_are_written_in_utc_and_days_as_dates() -> None:
    parsed = events(
        to_ical([item(), all_day()], stamp=dt.datetime(2024, 6, 1, 10, tzinfo=BERLIN))
    )
    assert parsed[0]["DTSTART"].dt == dt.datetime(2024, 6, 10, 16, 0, tzinfo=UTC)
    assert parsed[1]["DTSTART"].dt == dt.date(2024, 7, 1)
    assert parsed[0]["DTSTAMP"].dt == dt.datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def test_amounts_stay_out_of_the_calendar() -> None:
    assert "26.68" not in to_ical([all_day()], stamp=STAMP)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"stamp": dt.datetime(2024, 6, 1)}, "stamp", "naive-datetime"),
        ({"stamp": dt.date(2024, 6, 1)}, "stamp", "wrong-type"),
        ({"stamp": STAMP, "calendar_name": None}, "calendar_name", "not-text"),
    ],
)
def test_the_stamp_and_name_are_checked(
    kwargs: dict[str, Any], field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        to_ical([item()], **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_only_agenda_items_are_exported() -> None:
    with pytest.raises(ValidationError) as caught:
        to_ical([item(), "SUMMARY:injected"], stamp=STAMP)  # type: ignore[list-item]
    assert (caught.value.field, caught.value.code) == ("items", "wrong-type")


# --- text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nend", "crlf\\nend"),
        ("cr\rend", "cr\\nend"),
        ("tab\tkept", "tab\tkept"),
        ("bell\x07 and nul\x00", "bell  and nul "),
        ("del\x7f", "del "),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        (':colon and "quotes"', ':colon and "quotes"'),
    ],
)
def test_text_is_escaped(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_a_short_line_is_not_folded() -> None:
    line = "SUMMARY:" + "x" * 67
    assert fold(line) == line


def test_a_long_line_is_folded_at_75_octets() -> None:
    line = "SUMMARY:" + "x" * 100
    assert fold(line).split("\r\n") == ["SUMMARY:" + "x" * 67, " " + "x" * 33]


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "€" * 40  # three octets each
    physical = fold(line).encode().split(b"\r\n")
    assert [len(p) for p in physical] == [74, 55]
    assert (
        "".join(p.decode()[1:] if i else p.decode() for i, p in enumerate(physical))
        == line
    )


@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_folded_lines_fit_and_unfold_to_the_line(text: str) -> None:
    line = "SUMMARY:" + escape_text(text)
    folded = fold(line)
    for number, physical in enumerate(folded.split("\r\n")):
        octets = physical.encode()
        assert len(octets) <= 75
        assert octets.decode() == physical
        assert number == 0 or physical.startswith(" ")
    assert folded.replace("\r\n ", "") == line


# --- read back by a calendar library ----------------------------------------------


def shown(text: str) -> str:
    """What a calendar shows of a summary: line breaks as LF, controls as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        " " if (ord(c) < 32 and c not in "\t\n") or c == "\x7f" else c for c in text
    )


SUMMARIES = [
    "Amends meeting",
    "Pay back; then call, and listen",
    "Line one\nline two\r\nline three",
    "C:\\path\\to\\nothing",
    "Überweisung für Großmutter — 💶💶💶 " * 6,
    "平和" * 60,
    ";,\\\n" * 30,
]


@pytest.mark.parametrize("summary", SUMMARIES)
def test_icalendar_reads_back_what_was_written(summary: str) -> None:
    written = [item(summary), all_day()]
    parsed = events(to_ical(written, stamp=STAMP))
    assert [str(e["UID"]) for e in parsed] == [i.uid for i in written]
    assert [str(e["SUMMARY"]) for e in parsed] == [shown(summary), "Instalment due"]


_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=200).filter(
    lambda t: not is_blank(t)
)
_IDS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Z", "Cc")),
    min_size=1,
    max_size=30,
)


@st.composite
def agenda_items(draw: Any) -> AgendaItem:
    kind = draw(st.sampled_from(AgendaKind))
    at = draw(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 1, 1)))
    zone = draw(st.sampled_from([UTC, BERLIN, tz.gettz("Asia/Kathmandu")]))
    fields: dict[str, Any] = {
        "at": at.replace(tzinfo=zone, microsecond=0),
        "kind": kind,
        "plan_id": draw(_IDS),
        "person_id": draw(_IDS),
        "ref": draw(st.text(max_size=20)),
    }
    if draw(st.booleans()):
        fields["all_day"] = True
        fields["day"] = fields["at"].date()
    return AgendaItem(summary=draw(_TEXT), **fields)


@given(
    st.lists(agenda_items(), max_size=8),
    st.text(st.characters(codec="utf-8"), max_size=80),
)
def test_any_agenda_survives_a_trip_through_icalendar(
    items: list[AgendaItem], name: str
) -> None:
    text = to_ical(items, stamp=STAMP, calendar_name=name)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == escape_text(name)
    parsed = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in parsed] == [i.uid for i in items]
    assert [str(e["SUMMARY"]) for e in parsed] == [shown(i.summary) for i in items]
    for event, written in zip(parsed, items, strict=True):
        start = event["DTSTART"].dt
        if written.all_day:
            assert start == written.day
            assert not isinstance(start, dt.datetime)
        else:
            assert start == written.at
            assert start.utcoffset() == dt.timedelta(0)
