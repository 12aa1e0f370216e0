"""The workbook: one person's list of persons, harms and amend plans.

A `Workbook` is immutable. Every change returns a new workbook and leaves
the old one as it was; a refused change raises and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from amendskit import _validation as v
from amendskit._store import Table
from amendskit.clock import Clock, IdFactory, SystemClock, UuidIds
from amendskit.errors import (
    TransitionError,
    UnknownIdError,
    ValidationError,
    WorkbookError,
)
from amendskit.harm import Harm
from amendskit.lifecycle import Status, Transition, Trigger, transitions_from
from amendskit.outcome import Outcome, OutcomeKind
from amendskit.person import Person
from amendskit.plan import AmendPlan
from amendskit.rules import (
    EARLY_OUTCOME,
    Finding,
    Policy,
    check,
    check_move,
    check_plan,
    outcomes_in_order,
    rule,
)

if TYPE_CHECKING:
    from amendskit.agenda import AgendaItem
    from amendskit.display import PlanView

__all__ = [
    "IntegrityProblem",
    "NextStep",
    "Progress",
    "Workbook",
    "integrity_problems",
]

_Entity = TypeVar("_Entity", Person, Harm, AmendPlan)
Entity = Person | Harm | AmendPlan
_KINDS: dict[type, str] = {Person: "person", Harm: "harm", AmendPlan: "plan"}


def _keyed(
    value: Mapping[str, _Entity] | Iterable[_Entity], kind: type[_Entity]
) -> Table[str, _Entity]:
    if isinstance(value, Table) and all(type(e) is kind for e in value.values()):
        return value  # shared storage of another workbook
    table = f"{_KINDS[kind]}s"
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            "Workbook", table, "wrong-type", f"must be a collection of {table}"
        )
    items = value.values() if isinstance(value, Mapping) else value
    keyed: dict[str, _Entity] = {}
    for entity in items:
        # A harm among the persons would pass every later check.
        if type(entity) is not kind:
            raise ValidationError(
                "Workbook", table, "wrong-type", f"holds {table} only"
            )
        if entity.id in keyed:
            raise WorkbookError(
                "duplicate-id", "two entities share an id", (entity.id,)
            )
        keyed[entity.id] = entity
    if isinstance(value, Mapping) and list(value) != list(keyed):
        raise WorkbookError("key-not-id", "a mapping key differs from its entity's id")
    return Table.from_dict(keyed)


def _persons(value: Mapping[str, Person] | Iterable[Person]) -> Table[str, Person]:
    return _keyed(value, Person)


def _harms(value: Mapping[str, Harm] | Iterable[Harm]) -> Table[str, Harm]:
    return _keyed(value, Harm)


def _plans(
    value: Mapping[str, AmendPlan] | Iterable[AmendPlan],
) -> Table[str, AmendPlan]:
    return _keyed(value, AmendPlan)


_Index = Table[str, tuple[str, ...]]


def _index(entities: Iterable[Harm | AmendPlan]) -> _Index:
    index: dict[str, list[str]] = {}
    for entity in entities:
        index.setdefault(entity.person_id, []).append(entity.id)
    return Table.from_dict({k: tuple(v) for k, v in index.items()})


def _moved(index: _Index, entity_id: str, old: str | None, new: str) -> _Index:
    """The index with `entity_id` filed under person `new` instead of `old`."""
    if old == new:
        return index
    if old is not None:
        index = index.set(old, tuple(e for e in index[old] if e != entity_id))
    return index.set(new, (*index.get(new, ()), entity_id))


@attrs.frozen
class IntegrityProblem:
    """A broken reference or a repeated id among a workbook's entities.

    `table` (``"persons"``, ``"harms"``, ``"plans"``) and `index` locate the
    entity, `field` the attribute (with an item index for lists).
    """

    code: str
    reason: str
    table: str
    index: int
    field: str
    ids: tuple[str, ...]


def integrity_problems(
    persons: Sequence[Person], harms: Sequence[Harm], plans: Sequence[AmendPlan]
) -> Iterator[IntegrityProblem]:
    """Every referential-integrity problem of these entities, in order.

    Ids repeat within a table; a harm's or a plan's person is missing; a
    plan covers a harm that is missing or was done to someone else.
    """
    tables: tuple[tuple[str, Sequence[Person | Harm | AmendPlan]], ...] = (
        ("persons", persons),
        ("harms", harms),
        ("plans", plans),
    )
    yield from _repeated_ids(tables)
    yield from _broken_references(persons, harms, plans)


def _repeated_ids(
    tables: Iterable[tuple[str, Sequence[Person | Harm | AmendPlan]]],
) -> Iterator[IntegrityProblem]:
    for table, entities in tables:
        seen: set[str] = set()
        for index, entity in enumerate(entities):
            if entity.id in seen:
                yield IntegrityProblem(
                    "duplicate-id",
                    "two entities share an id",
                    table,
                    index,
                    "id",
                    (entity.id,),
                )
            seen.add(entity.id)


def _broken_references(
    persons: Iterable[Person], harms: Sequence[Harm], plans: Sequence[AmendPlan]
) -> Iterator[IntegrityProblem]:
    person_ids = {p.id for p in persons}
    owner = {h.id: h.person_id for h in harms}
    referring: tuple[tuple[str, Sequence[Harm | AmendPlan]], ...] = (
        ("harms", harms),
        ("plans", plans),
    )
    for table, referrers in referring:
        for index, referrer in enumerate(referrers):
            for code, reason, field, ids in _references(referrer, person_ids, owner):
                yield IntegrityProblem(code, reason, table, index, field, ids)


def _references(
    entity: Harm | AmendPlan, persons: Container[str], owner: Mapping[str, str]
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The broken references of one harm or plan: code, reason, field, ids.

    `owner` maps a harm's id to the id of the person it was done to. A list,
    not a generator: it is asked of every entity, and is nearly always empty.
    """
    broken: list[tuple[str, str, str, tuple[str, ...]]] = []
    if entity.person_id not in persons:
        ids = (entity.id, entity.person_id)
        broken.append(("unknown-person", _NO_PERSON, "person_id", ids))
    if isinstance(entity, AmendPlan):
        for item, harm_id in enumerate(entity.harm_ids):
            person_id = owner.get(harm_id)
            if person_id is None:
                code, reason = "unknown-harm", _NO_HARM
            elif person_id != entity.person_id:
                code, reason = "harm-of-other-person", _OTHER_HARM
            else:
                continue
            broken.append((code, reason, f"harm_ids[{item}]", (entity.id, harm_id)))
    return broken


class _Owners(Mapping[str, str]):
    """A view of a harms table as harm id -> person id."""

    def __init__(self, harms: Mapping[str, Harm]) -> None:
        self._harms = harms

    def __getitem__(self, harm_id: str) -> str:
        return self._harms[harm_id].person_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._harms)

    def __len__(self) -> int:
        return len(self._harms)


_NO_HARM = "covers a harm that does not exist"
_OTHER_HARM = "covers a harm done to someone else"
_NO_PERSON = "refers to a person who is not on the list"


@attrs.frozen
class NextStep:
    """A transition a plan could take now, and what (if anything) blocks it.

    What an app needs to enable or disable a button and say why.
    """

    transition: Transition
    findings: tuple[Finding, ...]

    @property
    def target(self) -> Status:
        """The status the step leads to."""
        return self.transition.target

    @property
    def blockers(self) -> tuple[Finding, ...]:
        """The error findings that block the step."""
        return tuple(f for f in self.findings if f.blocking)

    @property
    def allowed(self) -> bool:
        """Whether nothing blocks the step."""
        return not self.blockers


@attrs.frozen
class Progress:
    """How far the work has come: plans per status, persons without a plan."""

    by_status: Mapping[Status, int] = attrs.field(hash=False)
    persons: int
    plans: int
    persons_without_plans: tuple[str, ...]


@attrs.frozen
class Workbook:
    """Persons, harms and plans keyed by id, with referential integrity.

    Every harm's person exists, and a plan's harms belong to its person.
    `clock` and `ids` are where the workbook takes time and new ids from
    when a call does not pass them; they do not take part in equality.

    >>> from amendskit import FixedClock, SequentialIds
    >>> import datetime as dt
    >>> wb = Workbook(
    ...     clock=FixedClock(dt.datetime(2024, 5, 1, tzinfo=dt.UTC)),
    ...     ids=SequentialIds(),
    ... )
    >>> wb.new_id("person")
    'person-1'
    """

    persons: Mapping[str, Person] = attrs.field(
        factory=dict, converter=_persons, hash=False
    )
    harms: Mapping[str, Harm] = attrs.field(factory=dict, converter=_harms, hash=False)
    plans: Mapping[str, AmendPlan] = attrs.field(
        factory=dict, converter=_plans, hash=False
    )
    policy: Policy = attrs.field(factory=Policy, validator=v.instance_of(Policy))
    clock: Clock = attrs.field(
        factory=SystemClock, eq=False, repr=False, validator=v.instance_of(Clock)
    )
    ids: IdFactory = attrs.field(
        factory=UuidIds, eq=False, repr=False, validator=v.instance_of(IdFactory)
    )
    _harms_by_person: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)
    _plans_by_person: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        # Ids are unique already: the tables are keyed by them.
        for problem in _broken_references(
            self.persons.values(),
            tuple(self.harms.values()),
            tuple(self.plans.values()),
        ):
            raise WorkbookError(problem.code, problem.reason, problem.ids)
        object.__setattr__(self, "_harms_by_person", _index(self.harms.values()))
        object.__setattr__(self, "_plans_by_person", _index(self.plans.values()))

    # --- reading ---------------------------------------------------------------

    def person(self, id: str) -> Person:
        """The person with this id (`UnknownIdError` if none)."""
        return _get(self.persons, "person", id)

    def harm(self, id: str) -> Harm:
        """The harm with this id (`UnknownIdError` if none)."""
        return _get(self.harms, "harm", id)

    def plan(self, id: str) -> AmendPlan:
        """The plan with this id (`UnknownIdError` if none)."""
        return _get(self.plans, "plan", id)

    def harms_of(self, person_id: str) -> tuple[Harm, ...]:
        """The harms done to a person, in the order they were added."""
        return tuple(self.harms[h] for h in self._harms_by_person.get(person_id, ()))

    def plans_of(self, person_id: str) -> tuple[AmendPlan, ...]:
        """The plans for a person, in the order they were added."""
        return tuple(self.plans[p] for p in self._plans_by_person.get(person_id, ()))

    def declined_at(self, person_id: str) -> dt.datetime | None:
        """When the person last declined amends, or `None` if they never did."""
        times = [
            o.at
            for plan in self.plans_of(person_id)
            for o in plan.outcomes
            if o.kind is OutcomeKind.DECLINED
        ]
        return max(times, default=None)

    def new_id(self, kind: str) -> str:
        """A new id from the workbook's id factory (`kind`: person, harm, plan...)."""
        return self.ids(kind)

    def now(self) -> dt.datetime:
        """The time from the workbook's clock (naive times are refused)."""
        return _aware(self.clock.now())

    # --- changing ----------------------------------------------------------------

    def add(self, *entities: Entity) -> Workbook:
        """A workbook with these persons, harms and plans added.

        Ids must be new; every reference must resolve (entities may refer to
        each other within one call).
        """
        return self._with(entities, new=True)

    def update(self, *entities: Entity) -> Workbook:
        """A workbook with these entities replaced by id.

        A plan's history and outcomes cannot be edited here: they grow only
        through `transition` and `record_outcome`, which the rules guard.
        An updated plan must still meet the error rules of the status it is
        in: an edit that breaks one it met before raises `TransitionError`
        (from and to its own status) and changes nothing; revise the plan
        to *willing* first to rework it. Persons and harms may change
        freely (someone may become no_contact), and `check` reports what
        that breaks.
        """
        for entity in entities:
            if not isinstance(entity, AmendPlan) or entity.id not in self.plans:
                continue
            old = self.plans[entity.id]
            if (entity.history, entity.outcomes) != (old.history, old.outcomes):
                raise WorkbookError(
                    "history-append-only",
                    "a plan's history and outcomes change only by transitions "
                    "and recorded outcomes",
                    (entity.id,),
                )
        workbook = self._with(entities, new=False)
        for entity in entities:
            if isinstance(entity, AmendPlan):
                workbook._keeps_its_status(self, entity.id)
        return workbook

    def _keeps_its_status(self, before: Workbook, plan_id: str) -> None:
        """Refuse an edit that breaks an error rule the plan met before."""
        met = {
            (f.code, f.field)
            for f in check_plan(before, before.plans[plan_id], self.policy)
            if f.blocking
        }
        plan = self.plans[plan_id]
        broken = [
            f
            for f in check_plan(self, plan, self.policy)
            if f.blocking and (f.code, f.field) not in met
        ]
        if broken:
            raise TransitionError(plan_id, plan.status, plan.status, broken)

    def _with(self, entities: Iterable[Any], *, new: bool) -> Workbook:
        """Add or replace entities, sharing storage with this workbook.

        Only the changed entities' references are checked, so a change costs
        the same in a workbook of ten plans as in one of ten thousand.
        """
        tables: dict[str, Any] = {
            "person": self.persons,
            "harm": self.harms,
            "plan": self.plans,
        }
        index = {"harm": self._harms_by_person, "plan": self._plans_by_person}
        changed: list[Harm | AmendPlan] = []
        moved_harms: list[tuple[str, str]] = []
        for entity in entities:
            kind = _KINDS.get(type(entity))
            if kind is None:
                raise ValidationError(
                    "Workbook",
                    "entities",
                    "wrong-type",
                    "holds persons, harms and plans only",
                )
            table = tables[kind]
            old = table.get(entity.id)
            if new and old is not None:
                raise WorkbookError(
                    "duplicate-id", f"a {kind} with this id exists", (entity.id,)
                )
            if not new and old is None:
                raise UnknownIdError(kind, entity.id)
            tables[kind] = table.set(entity.id, entity)
            if kind in index:
                previous = old.person_id if old is not None else None
                index[kind] = _moved(index[kind], entity.id, previous, entity.person_id)
                changed.append(entity)
                if kind == "harm" and previous not in (None, entity.person_id):
                    moved_harms.append((entity.id, str(previous)))
        workbook = _derived(
            self,
            tables["person"],
            tables["harm"],
            tables["plan"],
            index["harm"],
            index["plan"],
        )
        workbook._check_references(changed, moved_harms)
        return workbook

    def _check_references(
        self,
        changed: Iterable[Harm | AmendPlan],
        moved_harms: Iterable[tuple[str, str]],
    ) -> None:
        owners = _Owners(self.harms)
        for entity in changed:
            for code, reason, _, ids in _references(entity, self.persons, owners):
                raise WorkbookError(code, reason, ids)
        for harm_id, previous in moved_harms:  # plans that covered it stay put
            for plan in self.plans_of(previous):
                if harm_id in plan.harm_ids:
                    raise WorkbookError(
                        "harm-of-other-person", _OTHER_HARM, (plan.id, harm_id)
                    )

    def transition(
        self,
        plan_id: str,
        to: Status | str,
        *,
        at: dt.datetime | None = None,
        note: str = "",
    ) -> Workbook:
        """A workbook in which the plan has moved to `to`.

        Raises `TransitionError` with every finding when the move is not in
        the lifecycle or an error-severity rule guarding it fails; the
        workbook is then unchanged. `at` defaults to the workbook's clock.
        """
        plan = self.plan(plan_id)
        target = _status(to)
        workbook, findings = self._attempt(plan, target, self._time(at), note)
        if workbook is None:
            raise TransitionError(plan.id, plan.status, target, findings)
        return workbook

    def record_outcome(self, plan_id: str, outcome: Outcome) -> Workbook:
        """A workbook with the outcome recorded and the plan moved by its kind.

        Received, rebuffed and partial move a prepared plan to *made*,
        declined to *declined*; not reached changes no status. Only a
        prepared plan takes an outcome, dated no earlier than its
        preparation.
        """
        plan = self.plan(plan_id)
        if not isinstance(outcome, Outcome):
            raise ValidationError(
                "Workbook", "outcome", "wrong-type", "must be an Outcome"
            )
        findings = _outcome_findings(plan, outcome)
        if findings:
            raise TransitionError(plan.id, plan.status, outcome.kind.target, findings)
        candidate = attrs.evolve(plan, outcomes=(*plan.outcomes, outcome))
        target = outcome.kind.target
        if target is None:
            return self._with([candidate], new=False)
        workbook, findings = self._attempt(candidate, target, outcome.at, "")
        if workbook is None:
            raise TransitionError(plan.id, plan.status, target, findings)
        return workbook

    def invite(self, person_id: str, *, at: dt.datetime | None = None) -> Workbook:
        """Record that the person invited contact (after having declined)."""
        person = attrs.evolve(self.person(person_id), invited_at=self._time(at))
        return self._with([person], new=False)

    def _attempt(
        self, plan: AmendPlan, target: Status, at: dt.datetime, note: str
    ) -> tuple[Workbook | None, tuple[Finding, ...]]:
        findings = check_move(plan, target, at)
        if findings:
            return None, findings
        moved = plan.moved(target, at, note)
        workbook = self._with([moved], new=False)
        findings = check_plan(workbook, moved, self.policy)
        if any(f.blocking for f in findings):
            return None, findings
        return workbook, findings

    # --- asking --------------------------------------------------------------------

    def next_steps(
        self, plan_id: str, *, at: dt.datetime | None = None
    ) -> tuple[NextStep, ...]:
        """Every transition out of the plan's status, allowed or not, with why.

        Steps triggered by an outcome are judged as if a matching outcome
        were recorded at `at`.
        """
        plan = self.plan(plan_id)
        when = self._time(at)
        steps = []
        for transition in transitions_from(plan.status):
            candidate = plan
            if transition.trigger is Trigger.OUTCOME:
                kind = next(k for k in OutcomeKind if k.target is transition.target)
                outcome = Outcome(kind, when)
                early = _outcome_findings(plan, outcome)
                if early:
                    steps.append(NextStep(transition, early))
                    continue
                candidate = attrs.evolve(plan, outcomes=(*plan.outcomes, outcome))
            _, findings = self._attempt(candidate, transition.target, when, "")
            steps.append(NextStep(transition, findings))
        return tuple(steps)

    def allowed_transitions(
        self, plan_id: str, *, at: dt.datetime | None = None
    ) -> tuple[Status, ...]:
        """The statuses the plan may move to now."""
        return tuple(s.target for s in self.next_steps(plan_id, at=at) if s.allowed)

    def check(self, policy: Policy | None = None) -> tuple[Finding, ...]:
        """Every finding of every rule (see `amendskit.check`)."""
        return check(self, policy)

    def summary(self) -> Progress:
        """Plans per status (every status, zeros included) and who has no plan."""
        counts = dict.fromkeys(Status, 0)
        for plan in self.plans.values():
            counts[plan.status] += 1
        without = tuple(p for p in self.persons if not self._plans_by_person.get(p))
        return Progress(
            MappingProxyType(counts), len(self.persons), len(self.plans), without
        )

    def agenda(self, start: dt.datetime, end: dt.datetime) -> tuple[AgendaItem, ...]:
        """Every dated thing due in [`start`, `end`), in order (`amendskit.agenda`).

        Meetings, instalments still to pay, deferral reviews, follow-ups and
        commitment occurrences.
        """
        from amendskit.agenda import agenda  # agenda imports this module

        return agenda(self, start, end)

    # --- showing ---------------------------------------------------------------------

    def _repr_html_(self) -> str:
        """HTML for notebooks: progress, then each plan's next steps and blockers."""
        from amendskit.display import workbook_html  # display imports this module

        return workbook_html(self)

    def _repr_markdown_(self) -> str:
        """Markdown for notebooks, like `_repr_html_`."""
        from amendskit.display import workbook_markdown

        return workbook_markdown(self)

    def plan_view(self, plan_id: str) -> PlanView:
        """A notebook view of one plan: its facts, next steps and blockers."""
        from amendskit.display import PlanView

        self.plan(plan_id)  # an unknown id fails here, not when displayed
        return PlanView(self, plan_id)

    def _time(self, at: dt.datetime | None) -> dt.datetime:
        return self.now() if at is None else _aware(at)


def _get(table: Mapping[str, _Entity], kind: str, id: str) -> _Entity:
    try:
        return table[id]
    except (KeyError, TypeError):
        raise UnknownIdError(kind, str(id)[:100]) from None


def _aware(at: Any) -> dt.datetime:
    return v.moment(at, "Workbook", "at")


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise ValidationError(
            "Workbook", "to", "unknown-status", "is not a status of the lifecycle"
        ) from None


def _outcome_findings(plan: AmendPlan, outcome: Outcome) -> tuple[Finding, ...]:
    """Rule AK14 before anything is recorded: a prepared plan, dated after.

    After its preparation and after any outcome recorded before it, so that
    the last outcome is always the latest.
    """
    if plan.status is Status.PREPARED and outcomes_in_order(
        plan, (*plan.outcomes, outcome)
    ):
        return ()
    ak14 = rule("AK14")
    return (
        ak14.finding(
            EARLY_OUTCOME, ak14.severity, plan_id=plan.id, person_id=plan.person_id
        ),
    )


def _derived(
    base: Workbook,
    persons: Table[str, Person],
    harms: Table[str, Harm],
    plans: Table[str, AmendPlan],
    harms_by_person: _Index,
    plans_by_person: _Index,
) -> Workbook:
    """A workbook like `base` with new tables, built without re-validating all.

    The caller has checked the references of what changed.
    """
    workbook = object.__new__(Workbook)
    for name, value in (
        ("persons", persons),
        ("harms", harms),
        ("plans", plans),
        ("policy", base.policy),
        ("clock", base.clock),
        ("ids", base.ids),
        ("_harms_by_person", harms_by_person),
        ("_plans_by_person", plans_by_person),
    ):
        object.__setattr__(workbook, name, value)
    return workbook
