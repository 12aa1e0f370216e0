"""Persons: everyone harmed, including institutions, reachable or not."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from amendskit import _validation as v
from amendskit.sensitivity import Sensitivity, label, text_field

__all__ = ["ContactStatus", "Person"]


class ContactStatus(StrEnum):
    """Whether, and how, a person may be contacted."""

    #: Can be contacted.
    REACHABLE = "reachable"
    #: Whereabouts unknown.
    UNREACHABLE = "unreachable"
    #: Has died.
    DECEASED = "deceased"
    #: Asked not to be contacted, or a legal order forbids it.
    NO_CONTACT = "no_contact"


@attrs.frozen
class Person:
    """Someone (or an institution) on the list of persons harmed.

    Being listed never depends on being contactable: people who cannot be
    reached or have died belong on the list too.

    `invited_at` records when a person who declined amends later invited
    contact; until then no contact may be planned for them.
    """

    id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(
        validator=v.text(max_length=v.MAX_NAME, blank=False),
        metadata=label(Sensitivity.PERSONAL),
    )
    relationship: str = text_field(Sensitivity.PERSONAL, max_length=v.MAX_NAME)
    contact: ContactStatus = attrs.field(
        default=ContactStatus.REACHABLE, validator=v.member_of(ContactStatus)
    )
    institution: bool = attrs.field(default=False, validator=v.instance_of(bool))
    invited_at: dt.datetime | None = attrs.field(
        default=None, converter=v.fixed_offset, validator=v.optional(v.aware_datetime)
    )
    notes: str = text_field(Sensitivity.PRIVATE)
