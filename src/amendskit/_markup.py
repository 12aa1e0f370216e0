"""Small helpers shared by the renderers: escaping and plain formatting.

Every string that did not come from amendskit itself (names, ids, text a
person wrote) goes through `html_text` or `md_text` before it is put in
markup, so that a name like ``<script>`` comes out inert.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from enum import StrEnum
from typing import Any

from amendskit.dates import PartialDate
from amendskit.money import Money

# Characters with a meaning in (GitHub-flavoured) Markdown inline text and
# tables; `&`, `<` and `>` are turned into entities first.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def html_text(text: object) -> str:
    """`text` as HTML text or attribute value: every special character escaped."""
    return html.escape(str(text), quote=True)


def md_text(text: object) -> str:
    """`text` as one line of inert Markdown (also safe in a table cell)."""
    line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(line, quote=False))


def day(at: dt.datetime | dt.date) -> str:
    """The ISO date of a date or a datetime (in its own offset)."""
    return (at.date() if isinstance(at, dt.datetime) else at).isoformat()


def words(value: StrEnum) -> str:
    """An enum's wire value as words: ``in_person`` reads ``in person``."""
    return value.value.replace("_", " ")


def plain(value: Any) -> str:
    """A structural value as short readable text (not escaped)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, StrEnum):
        return words(value)
    if isinstance(value, dt.datetime | dt.date):
        return day(value)
    if isinstance(value, tuple):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, Money | PartialDate | str | int):
        return str(value)
    # Anything else might print private fields (an attrs repr shows them all).
    raise TypeError(f"no plain form for {type(value).__name__}")
