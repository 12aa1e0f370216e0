"""iCalendar (RFC 5545) export of an agenda, written by the library itself.

`to_ical(items, stamp=...)` returns the text of a VCALENDAR with one
VEVENT per `AgendaItem`: a stable UID, DTSTAMP, DTSTART (a DATE for all-day
items, a UTC date-time otherwise) and the item's generic summary. Text is
escaped, lines are folded at 75 octets of UTF-8 without splitting a
character, and every line ends with CRLF. The caller writes the text
where it wants: the library does no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from amendskit import _validation as v
from amendskit.agenda import AgendaItem
from amendskit.errors import ValidationError

__all__ = ["to_ical"]

#: The PRODID of every calendar amendskit writes.
PRODID = "-//amendskit//amendskit//EN"
_LIMIT = 75  # octets a content line may have, without its CRLF
_ESCAPES = {
    "\\": "\\\\",
    ";": "\\;",
    ",": "\\,",
    "\r\n": "\\n",
    "\r": "\\n",
    "\n": "\\n",
}
# What TEXT escapes, and what it cannot hold: controls and lone surrogates.
_SPECIAL = re.compile("\r\n|[\\\\;,\n\r]|[\x00-\x08\x0b-\x1f\x7f]|[\ud800-\udfff]")


def to_ical(
    items: Iterable[AgendaItem], *, stamp: dt.datetime, calendar_name: str = "amendskit"
) -> str:
    """The iCalendar text of `items`, one VEVENT each, stamped `stamp`.

    `stamp` (an aware datetime, typically now) is every event's DTSTAMP;
    `calendar_name` names the calendar (NAME and X-WR-CALNAME). Control
    characters other than tab and line breaks, which TEXT cannot hold,
    become spaces.
    """
    v.moment(stamp, "to_ical", "stamp")
    if not isinstance(calendar_name, str):
        raise ValidationError("to_ical", "calendar_name", "not-text", "must be text")
    name = escape_text(calendar_name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
    ]
    for item in _items(items):
        lines.extend(_event(item, _utc(stamp)))
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)


def _items(items: Iterable[AgendaItem]) -> Iterator[AgendaItem]:
    for item in items:
        if not isinstance(item, AgendaItem):
            raise ValidationError(
                "to_ical", "items", "wrong-type", "must be AgendaItem values"
            )
        yield item


def _event(item: AgendaItem, stamp: str) -> tuple[str, ...]:
    start = (
        f"DTSTART;VALUE=DATE:{item.day.strftime('%Y%m%d')}"
        if item.all_day
        else f"DTSTART:{_utc(item.at)}"
    )
    return (
        "BEGIN:VEVENT",
        f"UID:{escape_text(item.uid)}",
        f"DTSTAMP:{stamp}",
        start,
        f"SUMMARY:{escape_text(item.summary)}",
        "END:VEVENT",
    )


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(text: str) -> str:
    r"""`text` as an RFC 5545 TEXT value.

    Backslash, semicolon and comma are escaped with a backslash, a line
    break (CRLF, CR or LF) becomes ``\n``; other control characters become
    a space and lone surrogates U+FFFD, since TEXT cannot hold them.
    """
    return _SPECIAL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if found in _ESCAPES:
        return _ESCAPES[found]
    return "\ufffd" if "\ud800" <= found <= "\udfff" else " "


def fold(line: str) -> str:
    """`line` folded into lines of at most 75 octets of UTF-8 (RFC 5545, 3.1).

    Continuation lines start with a space; a multi-byte character is never
    split.
    """
    if len(line.encode()) <= _LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode())
        if size + width > _LIMIT:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)
