"""Harms: my own conduct, what it did, and when."""

from __future__ import annotations

from enum import StrEnum

import attrs

from amendskit import _validation as v
from amendskit.dates import PartialDate
from amendskit.money import Money
from amendskit.sensitivity import Sensitivity, text_field

__all__ = ["Harm", "HarmKind", "Intent", "Period"]


class HarmKind(StrEnum):
    """What kind of harm was done."""

    PHYSICAL = "physical"
    EMOTIONAL = "emotional"
    SPIRITUAL = "spiritual"
    FINANCIAL = "financial"
    TRUST = "trust"
    SEXUAL_CONDUCT = "sexual_conduct"
    NEGLECT = "neglect"


class Intent(StrEnum):
    """Whether the harm was meant."""

    INTENDED = "intended"
    ACCIDENTAL = "accidental"


class Period(StrEnum):
    """When in my life the harm was done."""

    DURING_ADDICTION = "during_addiction"
    IN_RECOVERY = "in_recovery"


@attrs.frozen
class Harm:
    """A harm I did to one person, told as my own conduct.

    `conduct` says what I did; it may be blank while the list is being
    drawn up, but a plan cannot leave *listed* until it is written
    (rule ``harm-states-own-conduct``). `owed` is an amount of money owed,
    which calls for restitution.
    """

    id: str = attrs.field(validator=v.identifier)
    person_id: str = attrs.field(validator=v.identifier)
    kinds: tuple[HarmKind, ...] = attrs.field(
        converter=v.to_tuple,
        validator=v.tuple_of(v.member_of(HarmKind), unique=True, nonempty=True),
    )
    conduct: str = text_field(Sensitivity.PERSONAL)
    should_have_done: str = text_field(Sensitivity.PERSONAL)
    effect: str = text_field(Sensitivity.PERSONAL)
    when: PartialDate | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(PartialDate))
    )
    owed: Money | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Money))
    )
    intent: Intent | None = attrs.field(
        default=None, validator=v.optional(v.member_of(Intent))
    )
    period: Period | None = attrs.field(
        default=None, validator=v.optional(v.member_of(Period))
    )
    notes: str = text_field(Sensitivity.PRIVATE)
