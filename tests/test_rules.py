"""The rules of the practice (domain.md, "Rules"), one specification each.

Every registered rule has a case that passes and a case that fails with its
code, through the guarded `Workbook` API or through `check()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import amendskit
from amendskit import (
    RULES,
    TRANSITIONS,
    AmendPlan,
    Approach,
    Consent,
    ContactStatus,
    Deferral,
    DeferralReason,
    Finding,
    Outcome,
    OutcomeKind,
    Payment,
    Policy,
    PolicyError,
    RepairAction,
    RepairKind,
    Restitution,
    RestitutionKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    ReviewScope,
    SafetyAssessment,
    Scope,
    Severity,
    Status,
    TransitionError,
    rule,
)
from builders import (
    HARM,
    PERSON,
    PLAN,
    T,
    blocking_codes,
    codes,
    commitment,
    eur,
    harm,
    listed,
    loaded_with_plan,
    plan_codes,
    plan_in,
    ready,
    replace_plan,
)

# The catalogue of domain.md: code -> (slug, default severity, fixed).
CATALOGUE = {
    "LC01": ("transition-not-allowed", Severity.ERROR, True),
    "LC02": ("time-goes-forward", Severity.ERROR, True),
    "AK01": ("harm-states-own-conduct", Severity.ERROR, False),
    "AK02": ("person-without-harm", Severity.WARNING, False),
    "AK04": ("approach-required", Severity.ERROR, False),
    "AK05": ("no-go-between", Severity.ERROR, False),
    "AK06": ("would-injure", Severity.ERROR, False),
    "AK07": ("implicates-others-needs-consent", Severity.ERROR, False),
    "AK08": ("hard-case-needs-review", Severity.ERROR, False),
    "AK09": ("no-contact", Severity.ERROR, False),
    "AK10": ("not-reachable", Severity.ERROR, False),
    "AK11": ("amends-are-actions", Severity.ERROR, False),
    "AK12": ("owed-needs-restitution", Severity.ERROR, False),
    "AK13": ("deferral-needs-reason", Severity.ERROR, False),
    "AK14": ("outcome-after-preparation", Severity.ERROR, True),
    "AK15": ("rebuffed-is-made", Severity.ERROR, True),
    "AK16": ("declined-no-forcing", Severity.ERROR, False),
    "AK18": ("restitution-open", Severity.INFO, False),
    "AK19": ("living-needs-commitment", Severity.ERROR, False),
}
FIXED = sorted(code for code, (_, _, fixed) in CATALOGUE.items() if fixed)
TUNABLE = sorted(code for code, (_, _, fixed) in CATALOGUE.items() if not fixed)

NOT_REACHING = {
    Approach.GIFT_IN_NAME,
    Approach.SERVICE_IN_NAME,
    Approach.UNSENT_LETTER,
    Approach.LIVING_AMENDS,
}
DIRECT = {Approach.IN_PERSON, Approach.CALL, Approach.DIRECT_LETTER}

SPONSOR_SAYS_GO = Review("Sam", ReviewerRole.SPONSOR, T(1), ReviewDecision.PROCEED)


def refusal(action: Callable[[], Any]) -> TransitionError:
    """The `TransitionError` that `action` raises."""
    with pytest.raises(TransitionError) as info:
        action()
    return info.value


def prepare(wb: amendskit.Workbook, at: float = 2) -> amendskit.Workbook:
    """Prepare the willing plan at `T(at)`."""
    return wb.transition(PLAN, Status.PREPARED, at=T(at))


def prepare_refused(**fields: Any) -> TransitionError:
    """Build a willing plan with `fields`; preparing it must be refused."""
    wb = plan_in(Status.WILLING, **fields)
    error = refusal(lambda: prepare(wb))
    assert error.plan_id == PLAN
    assert error.from_status is Status.WILLING
    assert error.to_status is Status.PREPARED
    return error


def finding(error: TransitionError, code: str) -> Finding:
    """The one finding with `code` among the error's."""
    (found,) = (f for f in error.findings if f.code == code)
    return found


# --- the registry ----------------------------------------------------------------


def test_registry_holds_exactly_the_catalogue_in_code_order() -> None:
    assert [r.code for r in RULES] == sorted(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_rule_has_its_slug_default_severity_and_docs(code: str) -> None:
    slug, severity, fixed = CATALOGUE[code]
    found = rule(code)
    assert (found.code, found.slug, found.severity, found.fixed) == (
        code,
        slug,
        severity,
        fixed,
    )
    assert rule(slug) is found
    assert found.doc.strip()
    assert found.summary == found.doc.splitlines()[0]
    assert found.summary.strip()
    assert found.check.__doc__


def test_every_slug_is_unique() -> None:
    slugs = [r.slug for r in RULES]
    assert len(set(slugs)) == len(slugs)


def test_every_guard_named_by_the_lifecycle_is_a_registered_plan_rule() -> None:
    for transition in TRANSITIONS:
        for code in transition.guards:
            assert rule(code).scope is Scope.PLAN


def test_every_plan_rule_guards_some_status() -> None:
    # A plan rule that guards no transition would never be asked by check().
    guarded = {code for t in TRANSITIONS for code in t.guards}
    plan_rules = {r.code for r in RULES if r.scope is Scope.PLAN}
    assert plan_rules <= guarded


def test_unknown_rule_name_is_a_policy_error() -> None:
    with pytest.raises(PolicyError) as info:
        rule("AK99")
    assert info.value.code == "unknown-rule"
    assert info.value.name == "AK99"


def test_finding_blocks_only_at_error_severity() -> None:
    blocking = {s: Finding("AK04", "x", s, "m").blocking for s in Severity}
    assert blocking == {
        Severity.ERROR: True,
        Severity.WARNING: False,
        Severity.INFO: False,
        Severity.OFF: False,
    }


# --- moves: LC01, LC02 ---------------------------------------------------------


def test_move_outside_the_lifecycle_is_refused() -> None:
    wb = listed()
    error = refusal(lambda: wb.transition(PLAN, Status.MADE, at=T(1)))
    assert codes(error.findings) == {"LC01"}
    assert finding(error, "LC01").field == "status"
    assert wb.plan(PLAN).status is Status.LISTED


def test_move_along_the_lifecycle_passes_lc01() -> None:
    wb = listed().transition(PLAN, Status.WILLING, at=T(1))
    assert wb.plan(PLAN).status is Status.WILLING


def test_move_dated_before_the_last_move_is_refused() -> None:
    wb = plan_in(Status.WILLING)  # willing at T(1)
    error = refusal(lambda: prepare(wb, at=0.5))
    assert codes(error.findings) == {"LC02"}
    assert finding(error, "LC02").field == "history"


def test_move_at_the_same_instant_as_the_last_is_allowed() -> None:
    wb = prepare(plan_in(Status.WILLING), at=1)
    assert wb.plan(PLAN).history[-1].at == wb.plan(PLAN).history[-2].at


def test_times_in_other_zones_compare_as_instants() -> None:
    wb = plan_in(Status.WILLING)  # willing at T(1), 10:00 UTC
    # 08:30 in Tokyo is 23:30 UTC the day before: earlier, though it reads later.
    tokyo = T(0.5).astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert tokyo.replace(tzinfo=None) > T(1).replace(tzinfo=None)
    error = refusal(lambda: wb.transition(PLAN, Status.PREPARED, at=tokyo))
    assert codes(error.findings) == {"LC02"}
    new_york = T(1.5).astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert new_york.replace(tzinfo=None) < T(1).replace(tzinfo=None)
    wb = wb.transition(PLAN, Status.PREPARED, at=new_york)
    assert wb.plan(PLAN).status is Status.PREPARED


# --- listing and willingness: AK01, AK02, rule 3 -----------------------------------


def test_blank_conduct_blocks_becoming_willing() -> None:
    wb = listed(conduct="   \n")
    error = refusal(lambda: wb.transition(PLAN, Status.WILLING, at=T(1)))
    assert codes(error.findings) == {"AK01"}
    assert finding(error, "AK01").harm_ids == (HARM,)
    assert finding(error, "AK01").field == "conduct"


def test_written_conduct_lets_the_plan_become_willing() -> None:
    wb = listed(conduct="I took money from her purse.")
    assert wb.transition(PLAN, Status.WILLING, at=T(1)).plan(PLAN).status is (
        Status.WILLING
    )


def test_every_covered_harm_must_state_conduct() -> None:
    wb = listed().add(harm("harm-2", conduct=""))
    wb = wb.update(
        AmendPlan.new(id=PLAN, person_id=PERSON, harm_ids=(HARM, "harm-2"), at=T(0))
    )
    error = refusal(lambda: wb.transition(PLAN, Status.WILLING, at=T(1)))
    assert finding(error, "AK01").harm_ids == ("harm-2",)


def test_revising_back_to_willing_needs_conduct_too() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.update(harm(conduct=""))
    error = refusal(lambda: wb.transition(PLAN, Status.WILLING, at=T(3)))
    assert codes(error.findings) == {"AK01"}


def test_check_reports_blank_conduct_of_a_willing_plan() -> None:
    wb = plan_in(Status.WILLING).update(harm(conduct=""))
    assert plan_codes(wb) == {"AK01"}


def test_a_plan_may_stay_listed_indefinitely() -> None:
    # Rule 3: willingness may lag; no finding however long it waits.
    wb = listed(conduct="")
    assert wb.check() == ()
    years_later = T(24 * 365 * 10)
    steps = wb.next_steps(PLAN, at=years_later)
    assert [s.target for s in steps] == [Status.WILLING]
    assert blocking_codes(steps[0].findings) == {"AK01"}


def test_person_without_harm_is_a_warning() -> None:
    wb = listed().add(amendskit.Person(id="person-2", name="Boss"))
    (found,) = wb.check()
    assert (found.code, found.severity, found.person_id) == (
        "AK02",
        Severity.WARNING,
        "person-2",
    )
    assert found.plan_id is None
    assert not found.blocking


def test_person_with_a_harm_gets_no_warning() -> None:
    assert "AK02" not in codes(listed().check())


# --- preparation: AK04 .. AK13 ---------------------------------------------------


def test_ready_plan_can_be_prepared() -> None:
    wb = prepare(plan_in(Status.WILLING))
    assert wb.plan(PLAN).status is Status.PREPARED
    assert wb.plan(PLAN).entered(Status.PREPARED) == T(2)


def test_prepared_plan_needs_an_approach() -> None:
    error = prepare_refused(approach=None)
    assert codes(error.findings) == {"AK04"}
    assert finding(error, "AK04").field == "approach"


def test_go_between_is_not_an_amend() -> None:
    error = prepare_refused(approach=Approach.GO_BETWEEN)
    assert codes(error.findings) == {"AK05"}


def test_prepared_plan_needs_a_safety_assessment() -> None:
    error = prepare_refused(safety=None)
    assert codes(error.findings) == {"AK06"}
    assert finding(error, "AK06").field == "safety"


@pytest.mark.parametrize("approach", sorted(DIRECT))
def test_direct_amends_that_would_injure_are_refused(approach: Approach) -> None:
    error = prepare_refused(
        approach=approach, safety=SafetyAssessment(would_injure=True)
    )
    assert codes(error.findings) == {"AK06"}
    assert finding(error, "AK06").field == "approach"


def test_indirect_amends_that_would_injure_directly_are_allowed() -> None:
    wb = plan_in(
        Status.WILLING,
        approach=Approach.INDIRECT_LETTER,
        safety=SafetyAssessment(would_injure=True),
    )
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def implicating(**fields: Any) -> dict[str, Any]:
    """Plan fields for amends that implicate others (reviewed by a sponsor)."""
    return {
        "safety": SafetyAssessment(would_injure=False, implicates_others=True),
        "reviews": (SPONSOR_SAYS_GO,),
        **fields,
    }


def test_implicating_others_without_consent_is_refused() -> None:
    error = prepare_refused(**implicating())
    assert codes(error.findings) == {"AK07"}
    assert finding(error, "AK07").field == "consents"


def test_implicating_others_with_a_refused_consent_is_refused() -> None:
    consents = (Consent("Ben", True, T(1)), Consent("Cleo", False, T(1)))
    error = prepare_refused(**implicating(consents=consents))
    assert codes(error.findings) == {"AK07"}


def test_consent_recorded_after_the_move_does_not_count() -> None:
    error = prepare_refused(**implicating(consents=(Consent("Ben", True, T(3)),)))
    assert codes(error.findings) == {"AK07"}


def test_implicating_others_with_everyone_consenting_is_allowed() -> None:
    consents = (Consent("Ben", True, T(1)), Consent("Cleo", True, T(2)))
    wb = plan_in(Status.WILLING, **implicating(consents=consents))
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_consents_are_not_asked_when_nobody_is_implicated() -> None:
    wb = plan_in(Status.WILLING, consents=(Consent("Ben", False, T(1)),))
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


HARD_CASES = {
    "implicates_others": {"consents": (Consent("Ben", True, T(1)),)},
    "affair": {},
    "legal_exposure": {},
    "dependents_at_risk": {},
}


@pytest.mark.parametrize("flag", sorted(HARD_CASES))
def test_hard_case_without_review_is_refused(flag: str) -> None:
    safety = SafetyAssessment(would_injure=False, **{flag: True})
    error = prepare_refused(safety=safety, **HARD_CASES[flag])
    assert codes(error.findings) == {"AK08"}
    assert finding(error, "AK08").field == "reviews"


@pytest.mark.parametrize("flag", sorted(HARD_CASES))
def test_hard_case_reviewed_by_a_sponsor_is_allowed(flag: str) -> None:
    safety = SafetyAssessment(would_injure=False, **{flag: True})
    wb = plan_in(
        Status.WILLING, safety=safety, reviews=(SPONSOR_SAYS_GO,), **HARD_CASES[flag]
    )
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


AFFAIR = SafetyAssessment(would_injure=False, affair=True)


def review(
    decision: ReviewDecision,
    at: float = 1,
    role: ReviewerRole = ReviewerRole.SPIRITUAL_ADVISER,
) -> Review:
    return Review("Father Tom", role, T(at), decision)


@pytest.mark.parametrize("role", [ReviewerRole.THERAPIST, ReviewerRole.OTHER])
def test_review_by_someone_not_a_sponsor_or_adviser_does_not_count(
    role: ReviewerRole,
) -> None:
    reviews = (review(ReviewDecision.PROCEED, role=role),)
    error = prepare_refused(safety=AFFAIR, reviews=reviews)
    assert codes(error.findings) == {"AK08"}


def test_review_after_the_move_does_not_count() -> None:
    error = prepare_refused(safety=AFFAIR, reviews=(review(ReviewDecision.PROCEED, 3),))
    assert codes(error.findings) == {"AK08"}


@pytest.mark.parametrize(
    "decision", [ReviewDecision.WAIT, ReviewDecision.DO_NOT_PROCEED]
)
def test_review_that_does_not_permit_blocks(decision: ReviewDecision) -> None:
    error = prepare_refused(safety=AFFAIR, reviews=(review(decision),))
    assert codes(error.findings) == {"AK08"}
    assert finding(error, "AK08").field == "reviews"


def test_latest_review_decides() -> None:
    go_then_wait = (review(ReviewDecision.PROCEED, 0.5), review(ReviewDecision.WAIT))
    assert codes(prepare_refused(safety=AFFAIR, reviews=go_then_wait).findings) == {
        "AK08"
    }
    stop_then_go = (
        review(ReviewDecision.PROCEED, 1.5),
        review(ReviewDecision.DO_NOT_PROCEED, 0.5),
    )
    wb = plan_in(Status.WILLING, safety=AFFAIR, reviews=stop_then_go)
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_review_for_indirect_amends_blocks_a_direct_approach() -> None:
    reviews = (review(ReviewDecision.PROCEED_INDIRECTLY),)
    error = prepare_refused(safety=AFFAIR, reviews=reviews)
    assert codes(error.findings) == {"AK08"}
    assert finding(error, "AK08").field == "approach"


def test_review_for_indirect_amends_allows_an_indirect_approach() -> None:
    wb = plan_in(
        Status.WILLING,
        safety=AFFAIR,
        reviews=(review(ReviewDecision.PROCEED_INDIRECTLY),),
        approach=Approach.UNSENT_LETTER,
    )
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_review_scope_all_requires_review_for_every_plan() -> None:
    policy = Policy(review=ReviewScope.ALL)
    wb = plan_in(Status.WILLING, policy=policy)
    error = refusal(lambda: prepare(wb))
    assert codes(error.findings) == {"AK08"}
    reviewed = plan_in(Status.WILLING, policy=policy, reviews=(SPONSOR_SAYS_GO,))
    assert prepare(reviewed).plan(PLAN).status is Status.PREPARED


def test_review_scope_flagged_does_not_ask_plain_plans_for_review() -> None:
    wb = plan_in(Status.WILLING, policy=Policy(review=ReviewScope.FLAGGED))
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_no_contact_blocks_letter() -> None:
    error = prepare_refused(
        contact=ContactStatus.NO_CONTACT, approach=Approach.DIRECT_LETTER
    )
    assert codes(error.findings) == {"AK09"}
    assert finding(error, "AK09").field == "approach"


def test_no_contact_blocks_a_go_between_too() -> None:
    error = prepare_refused(
        contact=ContactStatus.NO_CONTACT, approach=Approach.GO_BETWEEN
    )
    assert codes(error.findings) == {"AK05", "AK09"}


@pytest.mark.parametrize("approach", list(Approach))
def test_no_contact_allows_only_approaches_that_do_not_reach_the_person(
    approach: Approach,
) -> None:
    wb = plan_in(Status.WILLING, contact=ContactStatus.NO_CONTACT, approach=approach)
    if approach in NOT_REACHING:
        assert prepare(wb).plan(PLAN).status is Status.PREPARED
    else:
        assert "AK09" in codes(refusal(lambda: prepare(wb)).findings)


@pytest.mark.parametrize("contact", [ContactStatus.UNREACHABLE, ContactStatus.DECEASED])
@pytest.mark.parametrize("approach", list(Approach))
def test_unreachable_or_deceased_person_cannot_be_approached_directly(
    contact: ContactStatus, approach: Approach
) -> None:
    wb = plan_in(Status.WILLING, contact=contact, approach=approach)
    if approach in DIRECT or approach is Approach.GO_BETWEEN:
        error = refusal(lambda: prepare(wb))
        assert "AK10" in codes(error.findings)
    else:
        assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_apology_alone_is_not_amends() -> None:
    error = prepare_refused(
        actions=(RepairAction(RepairKind.APOLOGY, "Say sorry."),), commitments=()
    )
    assert codes(error.findings) == {"AK11"}
    assert finding(error, "AK11").field == "actions"


@pytest.mark.parametrize(
    "fields",
    [
        {"actions": (RepairAction(RepairKind.SERVICE),)},
        {
            "actions": (
                RepairAction(RepairKind.APOLOGY),
                RepairAction(RepairKind.RESTITUTION),
            )
        },
        {"actions": (), "commitments": (commitment(),)},
        {
            "actions": (),
            "commitments": (),
            "restitution": Restitution(RestitutionKind.FULL, eur("10.00")),
        },
    ],
    ids=["service", "apology-and-restitution", "commitment", "restitution"],
)
def test_a_repair_action_makes_it_amends(fields: dict[str, Any]) -> None:
    fields.setdefault("commitments", ())
    wb = plan_in(Status.WILLING, **fields)
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_money_owed_needs_restitution() -> None:
    error = prepare_refused(owed=eur("250.00"))
    assert codes(error.findings) == {"AK12"}
    assert finding(error, "AK12").harm_ids == (HARM,)
    assert finding(error, "AK12").field == "restitution"


def test_money_owed_with_a_promise_to_pay_is_allowed() -> None:
    restitution = Restitution(RestitutionKind.PROMISE, eur("250.00"))
    wb = plan_in(Status.WILLING, owed=eur("250.00"), restitution=restitution)
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def become_willing_refused(deferral: Deferral) -> TransitionError:
    wb = listed(deferral=deferral)
    return refusal(lambda: wb.transition(PLAN, Status.WILLING, at=T(1)))


def test_fear_is_not_a_reason_to_defer() -> None:
    error = become_willing_refused(Deferral(DeferralReason.FEAR, dt.date(2024, 6, 1)))
    assert codes(error.findings) == {"AK13"}
    assert finding(error, "AK13").field == "deferral.reason"


def test_deferral_needs_a_review_date() -> None:
    error = become_willing_refused(Deferral(DeferralReason.LEGAL_ADVICE))
    assert codes(error.findings) == {"AK13"}
    assert finding(error, "AK13").field == "deferral.review_on"


def test_fearful_undated_deferral_reports_both_problems() -> None:
    error = become_willing_refused(Deferral(DeferralReason.FEAR))
    assert [f.field for f in error.findings] == [
        "deferral.reason",
        "deferral.review_on",
    ]


def test_bad_deferral_blocks_preparing_and_revising() -> None:
    fear = Deferral(DeferralReason.FEAR, dt.date(2024, 6, 1))
    # A willing plan may not be deferred out of fear by an update either.
    update = refusal(lambda: replace_plan(plan_in(Status.WILLING), deferral=fear))
    assert (update.from_status, update.to_status) == (Status.WILLING, Status.WILLING)
    assert codes(update.findings) == {"AK13"}
    willing = loaded_with_plan(plan_in(Status.WILLING), deferral=fear)
    assert codes(refusal(lambda: prepare(willing)).findings) == {"AK13"}
    prepared = loaded_with_plan(plan_in(Status.PREPARED), deferral=fear)
    error = refusal(lambda: prepared.transition(PLAN, Status.WILLING, at=T(3)))
    assert codes(error.findings) == {"AK13"}


@pytest.mark.parametrize(
    "reason", [r for r in DeferralReason if r is not DeferralReason.FEAR]
)
def test_deferral_with_a_reason_and_date_is_allowed(reason: DeferralReason) -> None:
    wb = plan_in(Status.WILLING, deferral=Deferral(reason, dt.date(2024, 6, 1)))
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_check_reports_a_bad_deferral_of_a_listed_plan() -> None:
    wb = listed(deferral=Deferral(DeferralReason.FEAR, dt.date(2024, 6, 1)))
    assert plan_codes(wb) == {"AK13"}


# --- outcomes: AK14 .. AK18, rule 17 ---------------------------------------------


def test_outcome_for_a_plan_not_prepared_is_refused() -> None:
    wb = plan_in(Status.WILLING)
    outcome = Outcome(OutcomeKind.RECEIVED, T(5))
    error = refusal(lambda: wb.record_outcome(PLAN, outcome))
    assert codes(error.findings) == {"AK14"}
    assert error.to_status is Status.MADE
    assert wb.plan(PLAN).outcomes == ()


def test_outcome_dated_before_preparation_is_refused() -> None:
    wb = plan_in(Status.PREPARED)  # prepared at T(2)
    error = refusal(
        lambda: wb.record_outcome(PLAN, Outcome(OutcomeKind.DECLINED, T(1)))
    )
    assert codes(error.findings) == {"AK14"}
    assert error.to_status is Status.DECLINED


def test_outcome_at_the_moment_of_preparation_is_allowed() -> None:
    wb = plan_in(Status.PREPARED).record_outcome(
        PLAN, Outcome(OutcomeKind.RECEIVED, T(2))
    )
    assert wb.plan(PLAN).status is Status.MADE


def test_check_reports_an_outcome_edited_to_before_preparation() -> None:
    wb = plan_in(Status.MADE)
    edited = loaded_with_plan(wb, outcomes=(Outcome(OutcomeKind.RECEIVED, T(1)),))
    assert plan_codes(edited) == {"AK14"}


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (OutcomeKind.RECEIVED, Status.MADE),
        (OutcomeKind.REBUFFED, Status.MADE),
        (OutcomeKind.PARTIAL, Status.MADE),
        (OutcomeKind.DECLINED, Status.DECLINED),
    ],
)
def test_outcome_moves_the_plan_by_its_kind(kind: OutcomeKind, status: Status) -> None:
    wb = plan_in(Status.PREPARED).record_outcome(PLAN, Outcome(kind, T(3)))
    plan = wb.plan(PLAN)
    assert plan.status is status
    assert plan.outcomes == (Outcome(kind, T(3)),)
    assert plan.last_moved_at == T(3)
    assert wb.check() == ()


def test_rebuffed_amends_were_still_made() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.REBUFFED, T(3), "Thrown out."))
    assert wb.plan(PLAN).status is Status.MADE


def test_made_without_an_outcome_is_refused() -> None:
    wb = plan_in(Status.PREPARED)
    error = refusal(lambda: wb.transition(PLAN, Status.MADE, at=T(3)))
    assert codes(error.findings) == {"AK15"}
    assert finding(error, "AK15").field == "outcomes"


def test_declined_after_a_not_reached_attempt_is_refused() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.NOT_REACHED, T(3)))
    error = refusal(lambda: wb.transition(PLAN, Status.DECLINED, at=T(4)))
    assert codes(error.findings) == {"AK15"}


@pytest.mark.parametrize(
    "outcomes",
    [(), (Outcome(OutcomeKind.DECLINED, T(3)),)],
    ids=["none", "declined"],
)
def test_check_reports_a_made_plan_whose_outcome_does_not_say_so(
    outcomes: tuple[Outcome, ...],
) -> None:
    wb = loaded_with_plan(plan_in(Status.MADE), outcomes=outcomes)
    assert plan_codes(wb) == {"AK15"}


def test_an_outcome_dated_before_an_earlier_outcome_is_refused() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.NOT_REACHED, T(5)))
    with pytest.raises(TransitionError) as refused:
        wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(4)))
    assert codes(refused.value.findings) == {"AK14"}
    assert (
        wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(5))).plan(PLAN).status
        is Status.MADE
    )


def test_a_policy_naming_one_rule_twice_is_refused() -> None:
    with pytest.raises(PolicyError) as refused:
        Policy({"AK02": Severity.OFF, "person-without-harm": Severity.INFO})
    assert refused.value.code == "duplicate-rule"


def test_not_reached_changes_no_status_and_the_plan_may_be_revised() -> None:
    # Rule 17: the attempt did not reach the person; revise to a letter.
    wb = plan_in(Status.PREPARED)
    before = wb.plan(PLAN)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.NOT_REACHED, T(3)))
    plan = wb.plan(PLAN)
    assert plan.status is Status.PREPARED
    assert plan.history == before.history
    assert [o.kind for o in plan.outcomes] == [OutcomeKind.NOT_REACHED]
    assert wb.check() == ()

    wb = wb.transition(PLAN, Status.WILLING, at=T(4), note="write instead")
    wb = replace_plan(wb, approach=Approach.DIRECT_LETTER)
    wb = wb.transition(PLAN, Status.PREPARED, at=T(5))
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(6)))
    plan = wb.plan(PLAN)
    assert [r.to_status for r in plan.history] == [
        Status.LISTED,
        Status.WILLING,
        Status.PREPARED,
        Status.WILLING,
        Status.PREPARED,
        Status.MADE,
    ]
    assert plan.approach is Approach.DIRECT_LETTER
    assert wb.check() == ()


def test_outcome_must_follow_the_latest_preparation() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.transition(PLAN, Status.WILLING, at=T(3))
    wb = wb.transition(PLAN, Status.PREPARED, at=T(5))
    error = refusal(
        lambda: wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(4)))
    )
    assert codes(error.findings) == {"AK14"}


def declined_then_new_plan(approach: Approach) -> amendskit.Workbook:
    """The person declined at T(3); a second plan for them is willing at T(6)."""
    wb = plan_in(Status.DECLINED)
    second = AmendPlan.new(
        id="plan-2",
        person_id=PERSON,
        harm_ids=("harm-2",),
        at=T(4),
        approach=approach,
        safety=SafetyAssessment(would_injure=False),
        actions=(RepairAction(RepairKind.SERVICE),),
    )
    wb = wb.add(harm("harm-2"), second)
    return wb.transition("plan-2", Status.WILLING, at=T(6))


@pytest.mark.parametrize("approach", sorted(set(Approach) - NOT_REACHING))
def test_no_new_contact_with_a_person_who_declined(approach: Approach) -> None:
    wb = declined_then_new_plan(approach)
    error = refusal(lambda: wb.transition("plan-2", Status.PREPARED, at=T(7)))
    assert "AK16" in codes(error.findings)
    assert finding(error, "AK16").person_id == PERSON


@pytest.mark.parametrize("approach", sorted(NOT_REACHING))
def test_approach_that_does_not_reach_a_declining_person_is_allowed(
    approach: Approach,
) -> None:
    wb = declined_then_new_plan(approach)
    wb = wb.transition("plan-2", Status.PREPARED, at=T(7))
    assert wb.plan("plan-2").status is Status.PREPARED


@pytest.mark.parametrize("invited_at", [3, 5])
def test_invitation_after_the_refusal_lifts_the_block(invited_at: float) -> None:
    wb = declined_then_new_plan(Approach.IN_PERSON).invite(PERSON, at=T(invited_at))
    wb = wb.transition("plan-2", Status.PREPARED, at=T(7))
    assert wb.plan("plan-2").status is Status.PREPARED
    assert wb.check() == ()


def test_invitation_before_the_refusal_does_not_lift_the_block() -> None:
    wb = plan_in(Status.PREPARED).invite(PERSON, at=T(2.5))
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.DECLINED, T(3)))
    second = AmendPlan.new(
        id="plan-2", person_id=PERSON, harm_ids=(HARM,), at=T(4), **ready()
    )
    wb = wb.add(second).transition("plan-2", Status.WILLING, at=T(5))
    error = refusal(lambda: wb.transition("plan-2", Status.PREPARED, at=T(6)))
    assert codes(error.findings) == {"AK16"}


def test_check_reports_contact_prepared_before_the_person_declined() -> None:
    wb = plan_in(Status.PREPARED)
    second = AmendPlan.new(
        id="plan-2", person_id=PERSON, harm_ids=(HARM,), at=T(0), **ready()
    )
    wb = wb.add(second)
    wb = wb.transition("plan-2", Status.WILLING, at=T(1))
    wb = wb.transition("plan-2", Status.PREPARED, at=T(2))
    assert wb.check() == ()
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.DECLINED, T(3)))
    assert plan_codes(wb, "plan-2") == {"AK16"}
    assert plan_codes(wb, PLAN) == set()


def payment_plan(*paid: str) -> Restitution:
    return Restitution(
        RestitutionKind.PAYMENT_PLAN,
        eur("300.00"),
        tuple(Payment(eur(p), dt.date(2024, 1, 1)) for p in paid),
    )


def test_made_with_restitution_still_open_is_made_with_a_reminder() -> None:
    wb = plan_in(Status.MADE, restitution=payment_plan("100.00"))
    assert wb.plan(PLAN).status is Status.MADE
    (found,) = wb.check()
    assert (found.code, found.severity, found.plan_id) == (
        "AK18",
        Severity.INFO,
        PLAN,
    )
    assert not found.blocking
    assert wb.plan(PLAN).restitution is not None
    assert wb.plan(PLAN).restitution.balance == eur("200.00")


def test_next_steps_show_the_open_restitution_without_blocking() -> None:
    wb = plan_in(Status.PREPARED, restitution=payment_plan())
    step = next(s for s in wb.next_steps(PLAN) if s.target is Status.MADE)
    assert step.allowed
    assert codes(step.findings) == {"AK18"}


def test_settled_restitution_leaves_no_reminder() -> None:
    wb = plan_in(Status.MADE, restitution=payment_plan("100.00", "200.00"))
    assert wb.check() == ()


def test_open_restitution_reminder_follows_into_living_amends() -> None:
    wb = plan_in(Status.LIVING, restitution=payment_plan())
    assert plan_codes(wb) == {"AK18"}


def test_policy_may_make_open_restitution_block_making_the_amend() -> None:
    wb = plan_in(
        Status.PREPARED,
        restitution=payment_plan(),
        policy=Policy({"restitution-open": Severity.ERROR}),
    )
    error = refusal(
        lambda: wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(3)))
    )
    assert codes(error.findings) == {"AK18"}
    assert wb.plan(PLAN).outcomes == ()


# --- living amends: AK19 ---------------------------------------------------------


@pytest.mark.parametrize("via", [Status.MADE, Status.DECLINED])
def test_living_amends_with_an_ongoing_commitment(via: Status) -> None:
    wb = plan_in(Status.LIVING, via=via)
    assert wb.plan(PLAN).status is Status.LIVING
    assert wb.check() == ()


@pytest.mark.parametrize(
    "commitments",
    [
        (),
        (commitment(end=T(3.5)),),  # ended before living amends began at T(4)
        (commitment(start=T(5)),),  # not started yet
    ],
    ids=["none", "ended", "not-started"],
)
@pytest.mark.parametrize("via", [Status.MADE, Status.DECLINED])
def test_living_amends_need_an_ongoing_commitment(
    commitments: tuple[amendskit.Commitment, ...], via: Status
) -> None:
    wb = plan_in(via, commitments=commitments)
    error = refusal(lambda: wb.transition(PLAN, Status.LIVING, at=T(4)))
    assert codes(error.findings) == {"AK19"}
    assert finding(error, "AK19").field == "commitments"


def test_check_reports_living_amends_whose_commitment_was_removed() -> None:
    # An update may not remove it (the plan would no longer be living
    # amends); a stored document may hold such a plan, and check() says so.
    refused = refusal(lambda: replace_plan(plan_in(Status.LIVING), commitments=()))
    assert codes(refused.findings) == {"AK19"}
    wb = loaded_with_plan(plan_in(Status.LIVING), commitments=())
    assert plan_codes(wb) == {"AK19"}


def test_an_update_may_keep_a_rule_that_was_already_broken() -> None:
    # The person became no_contact after the plan was prepared: check()
    # reports AK09, and editing the plan's notes is still allowed.
    wb = plan_in(Status.PREPARED)
    wb = wb.update(attrs.evolve(wb.person(PERSON), contact=ContactStatus.NO_CONTACT))
    assert "AK09" in plan_codes(wb)
    noted = replace_plan(wb, notes="spoke to my sponsor about it")
    assert noted.plan(PLAN).notes == "spoke to my sponsor about it"


# --- policy --------------------------------------------------------------------


def test_policy_takes_codes_and_slugs_and_keeps_codes() -> None:
    by_code = Policy({"AK02": Severity.OFF, "AK04": Severity.WARNING})
    by_slug = Policy(
        {"approach-required": Severity.WARNING, "person-without-harm": Severity.OFF}
    )
    assert by_code == by_slug
    assert dict(by_slug.severities) == {
        "AK02": Severity.OFF,
        "AK04": Severity.WARNING,
    }
    assert by_slug.severity(rule("AK04")) is Severity.WARNING
    assert by_slug.severity(rule("AK05")) is Severity.ERROR


def test_policy_takes_pairs_as_well_as_a_mapping() -> None:
    assert Policy([("AK02", Severity.INFO)]) == Policy({"AK02": Severity.INFO})


def test_default_policy_keeps_default_severities() -> None:
    policy = Policy()
    assert {r.code: policy.severity(r) for r in RULES} == {
        code: severity for code, (_, severity, _) in CATALOGUE.items()
    }
    assert policy.review is ReviewScope.FLAGGED


def test_off_suppresses_a_finding() -> None:
    wb = listed().add(amendskit.Person(id="person-2", name="Boss"))
    assert codes(wb.check()) == {"AK02"}
    assert wb.check(Policy({"person-without-harm": Severity.OFF})) == ()


def test_workbook_policy_is_used_by_check() -> None:
    policy = Policy({"AK02": Severity.OFF})
    wb = listed(policy=policy).add(amendskit.Person(id="person-2", name="Boss"))
    assert wb.check() == ()
    assert codes(wb.check(Policy())) == {"AK02"}


def test_off_rule_does_not_block_a_transition() -> None:
    wb = plan_in(Status.WILLING, approach=None, policy=Policy({"AK04": Severity.OFF}))
    wb = prepare(wb)
    assert wb.plan(PLAN).status is Status.PREPARED
    assert wb.check() == ()


@pytest.mark.parametrize("severity", [Severity.WARNING, Severity.INFO])
def test_downgraded_error_advises_without_blocking(severity: Severity) -> None:
    policy = Policy({"approach-required": severity})
    wb = plan_in(Status.WILLING, approach=None, policy=policy)
    (step,) = wb.next_steps(PLAN, at=T(2))
    assert step.allowed
    assert [(f.code, f.severity) for f in step.findings] == [("AK04", severity)]
    wb = prepare(wb)
    assert wb.plan(PLAN).status is Status.PREPARED
    assert [(f.code, f.severity) for f in wb.check()] == [("AK04", severity)]


def test_upgraded_warning_reports_as_an_error() -> None:
    policy = Policy({"AK02": Severity.ERROR})
    wb = listed(policy=policy).add(amendskit.Person(id="person-2", name="Boss"))
    assert [f.blocking for f in wb.check()] == [True]


@pytest.mark.parametrize("code", FIXED)
def test_fixed_rules_cannot_be_tuned(code: str) -> None:
    for name in (code, CATALOGUE[code][0]):
        with pytest.raises(PolicyError) as info:
            Policy({name: Severity.WARNING})
        assert info.value.code == "rule-not-tunable"
        assert info.value.name == name


@pytest.mark.parametrize("code", TUNABLE)
def test_other_rules_can_be_tuned(code: str) -> None:
    assert Policy({code: Severity.OFF}).severity(rule(code)) is Severity.OFF


def test_policy_for_an_unknown_rule_is_refused() -> None:
    with pytest.raises(PolicyError) as info:
        Policy({"no-such-rule": Severity.OFF})
    assert info.value.code == "unknown-rule"
    assert isinstance(info.value, amendskit.AmendsError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("value", ["off", None, 0, True])
def test_policy_severity_must_be_a_severity(value: object) -> None:
    with pytest.raises(PolicyError) as info:
        Policy({"AK02": value})  # type: ignore[dict-item]
    assert info.value.code == "not-a-severity"
    assert "AK02" in str(info.value)


def test_policy_review_scope_must_be_a_review_scope() -> None:
    # "all" as text would silently behave as FLAGGED under an identity test.
    with pytest.raises(amendskit.ValidationError) as info:
        Policy(review="all")  # type: ignore[arg-type]
    assert (info.value.owner, info.value.field) == ("Policy", "review")


def test_check_is_the_module_function() -> None:
    wb = listed(conduct="").add(amendskit.Person(id="person-2", name="Boss"))
    assert wb.check() == amendskit.check(wb)
    policy = Policy({"AK02": Severity.INFO})
    assert wb.check(policy) == amendskit.check(wb, policy)


def test_check_reports_person_rules_first_then_plans_in_order() -> None:
    wb = plan_in(Status.WILLING).add(amendskit.Person(id="person-2", name="Boss"))
    wb = wb.update(harm(conduct=""))
    assert [(f.code, f.person_id, f.plan_id) for f in wb.check()] == [
        ("AK02", "person-2", None),
        ("AK01", PERSON, PLAN),
    ]


def test_a_later_consent_replaces_an_earlier_refusal() -> None:
    flagged = SafetyAssessment(would_injure=False, implicates_others=True)
    review = Review("My sponsor", ReviewerRole.SPONSOR, T(1), ReviewDecision.PROCEED)
    refused = Consent("Jo", granted=False, at=T(0))
    wb = plan_in(Status.WILLING, safety=flagged, reviews=[review], consents=[refused])
    assert codes(refusal(lambda: prepare(wb)).findings) == {"AK07"}
    granted = Consent("Jo", granted=True, at=T(1))
    wb = replace_plan(wb, consents=(refused, granted))
    assert prepare(wb).plan(PLAN).status is Status.PREPARED


def test_a_policy_of_something_other_than_pairs_is_refused() -> None:
    for value in (5, "ab"):
        with pytest.raises(PolicyError) as refused:
            Policy(value)  # type: ignore[arg-type]
        assert refused.value.code == "not-a-mapping"


def test_check_reports_outcomes_out_of_order_as_record_outcome_refuses_them() -> None:
    # record_outcome refuses an outcome dated before an earlier one; a stored
    # document holding that order is reported by check() with the same code.
    wb = plan_in(Status.PREPARED)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.NOT_REACHED, T(6)))
    early = Outcome(OutcomeKind.RECEIVED, T(5))
    refused = refusal(lambda: wb.record_outcome(PLAN, early))
    stored = loaded_with_plan(
        wb.record_outcome(PLAN, Outcome(OutcomeKind.RECEIVED, T(6))),
        outcomes=(Outcome(OutcomeKind.NOT_REACHED, T(6)), early),
    )
    assert codes(refused.findings) == {"AK14"} == plan_codes(stored) & {"AK14"}
    assert refused.findings[0].message == next(
        f.message for f in stored.check() if f.code == "AK14"
    )


def test_no_outcome_is_in_order_for_a_plan_never_prepared() -> None:
    from amendskit.rules import outcomes_in_order

    listed_plan = plan_in(Status.WILLING).plan(PLAN)
    outcome = Outcome(OutcomeKind.RECEIVED, T(9))
    assert not outcomes_in_order(listed_plan, (outcome,))
    prepared_plan = plan_in(Status.PREPARED).plan(PLAN)
    assert outcomes_in_order(prepared_plan, (outcome,))
