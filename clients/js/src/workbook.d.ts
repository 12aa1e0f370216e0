/*
 * GENERATED FILE: do not edit by hand.
 * The types of amendskit workbook documents (urn:amendskit:schema:workbook:v1),
 * generated from src/amendskit/workbook.schema.json by
 * clients/js/generate-types.mjs with json-schema-to-typescript.
 * Regenerate: npm run generate --prefix clients/js
 *
 * Money amounts are decimal strings and datetimes RFC 3339 strings with an
 * offset; `AmendPlan.status` is derived from the last history record.
 * See docs/typescript.md.
 */

/**
 * Whether, and how, a person may be contacted.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "ContactStatus".
 */
export type ContactStatus = "reachable" | "unreachable" | "deceased" | "no_contact";
/**
 * What kind of harm was done.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "HarmKind".
 */
export type HarmKind = "physical" | "emotional" | "spiritual" | "financial" | "trust" | "sexual_conduct" | "neglect";
/**
 * Whether the harm was meant.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Intent".
 */
export type Intent = "intended" | "accidental";
/**
 * When in my life the harm was done.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Period".
 */
export type Period = "during_addiction" | "in_recovery";
/**
 * Where an amend plan stands. There is no "done": living amends go on.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Status".
 */
export type Status = "listed" | "willing" | "prepared" | "made" | "declined" | "living";
/**
 * How the amend is to be made.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Approach".
 */
export type Approach =
  | "in_person"
  | "call"
  | "direct_letter"
  | "indirect_letter"
  | "gift_in_name"
  | "service_in_name"
  | "anonymous_restitution"
  | "unsent_letter"
  | "living_amends"
  | "go_between";
/**
 * Who looked at the plan with me.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "ReviewerRole".
 */
export type ReviewerRole = "sponsor" | "spiritual_adviser" | "therapist" | "other";
/**
 * What a review decided.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "ReviewDecision".
 */
export type ReviewDecision = "proceed" | "proceed_indirectly" | "wait" | "do_not_proceed";
/**
 * What a repair action does. An apology alone is words, not amends.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "RepairKind".
 */
export type RepairKind = "apology" | "restitution" | "concrete_offer" | "changed_behaviour" | "service";
/**
 * How the debt is to be repaid ("we can pay, or promise to pay").
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "RestitutionKind".
 */
export type RestitutionKind = "full" | "partial" | "payment_plan" | "promise";
/**
 * The calendar unit an `Interval` counts.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "IntervalUnit".
 */
export type IntervalUnit = "days" | "weeks" | "months" | "years";
/**
 * Why an amend waits. `FEAR` is listed so the rules can say it is not one.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "DeferralReason".
 */
export type DeferralReason =
  "safety_of_others" | "legal_advice" | "person_unavailable" | "too_early_in_sobriety" | "advised_by_sponsor" | "fear";
/**
 * How an attempt at amends went.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "OutcomeKind".
 */
export type OutcomeKind = "received" | "rebuffed" | "partial" | "declined" | "not_reached";
/**
 * What a follow-up is counted from.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "FollowUpAnchor".
 */
export type FollowUpAnchor = "meeting" | "outcome";
/**
 * How much a failed rule matters. Only errors block transitions.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = "error" | "warning" | "info" | "off";
/**
 * Which plans need a review before they are prepared.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "ReviewScope".
 */
export type ReviewScope = "flagged" | "all";

/**
 * An amendskit workbook document: persons, harms, plans.
 */
export interface Workbook {
  format: "amendskit.workbook";
  version: 1;
  persons: Person[];
  harms: Harm[];
  plans: AmendPlan[];
  policy: Policy;
}
/**
 * Someone (or an institution) on the list of persons harmed.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Person".
 */
export interface Person {
  id: string;
  /**
   * Free text; sensitivity: personal.
   */
  name: string;
  /**
   * Free text; sensitivity: personal.
   */
  relationship: string;
  contact: ContactStatus;
  institution: boolean;
  invited_at: string | null;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * A harm I did to one person, told as my own conduct.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Harm".
 */
export interface Harm {
  id: string;
  person_id: string;
  /**
   * @minItems 1
   */
  kinds: [HarmKind, ...HarmKind[]];
  /**
   * Free text; sensitivity: personal.
   */
  conduct: string;
  /**
   * Free text; sensitivity: personal.
   */
  should_have_done: string;
  /**
   * Free text; sensitivity: personal.
   */
  effect: string;
  when: string | null;
  owed: Money | null;
  intent: Intent | null;
  period: Period | null;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * An exact amount of money: a non-negative `Decimal` and a currency.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Money".
 */
export interface Money {
  amount: string;
  currency: string;
}
/**
 * The plan to make amends to one person for one or more harms.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "AmendPlan".
 */
export interface AmendPlan {
  id: string;
  person_id: string;
  /**
   * @minItems 1
   */
  harm_ids: [string, ...string[]];
  /**
   * @minItems 1
   */
  history: [HistoryRecord, ...HistoryRecord[]];
  approach: Approach | null;
  safety: SafetyAssessment | null;
  consents: Consent[];
  reviews: Review[];
  actions: RepairAction[];
  restitution: Restitution | null;
  deferral: Deferral | null;
  commitments: Commitment[];
  outcomes: Outcome[];
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
  meeting_at: string | null;
  follow_ups: FollowUp[];
  status: Status;
}
/**
 * One move of a plan: its sequence number, from, to, when and a note.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "HistoryRecord".
 */
export interface HistoryRecord {
  seq: number;
  from_status: Status | null;
  to_status: Status;
  at: string;
  /**
   * Free text; sensitivity: personal.
   */
  note: string;
}
/**
 * Would making the amend directly injure the person or others?
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "SafetyAssessment".
 */
export interface SafetyAssessment {
  would_injure: boolean;
  implicates_others: boolean;
  affair: boolean;
  legal_exposure: boolean;
  dependents_at_risk: boolean;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * The recorded consent of someone the amend would implicate (BB p.80).
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Consent".
 */
export interface Consent {
  /**
   * Free text; sensitivity: third_party.
   */
  party: string;
  granted: boolean;
  at: string;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * A plan laid before a sponsor or adviser: who, in what role, when, what.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Review".
 */
export interface Review {
  /**
   * Free text; sensitivity: personal.
   */
  reviewer: string;
  role: ReviewerRole;
  at: string;
  decision: ReviewDecision;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * Something I will do to repair the damage.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "RepairAction".
 */
export interface RepairAction {
  kind: RepairKind;
  /**
   * Free text; sensitivity: personal.
   */
  description: string;
}
/**
 * An arrangement to repay `amount`, and the payments made so far.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Restitution".
 */
export interface Restitution {
  kind: RestitutionKind;
  amount: Money;
  payments: Payment[];
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
  payment_plan: PaymentPlan | null;
}
/**
 * A payment actually made.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Payment".
 */
export interface Payment {
  amount: Money;
  on: string;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * Instalments of `instalment` every `every`, the first due on `start`.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "PaymentPlan".
 */
export interface PaymentPlan {
  instalment: Money;
  every: Interval;
  start: string;
}
/**
 * A calendar interval: `count` days, weeks, months or years.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Interval".
 */
export interface Interval {
  count: number;
  unit: IntervalUnit;
}
/**
 * A decision to wait, with a reason and a date to look at it again.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Deferral".
 */
export interface Deferral {
  reason: DeferralReason;
  review_on: string | null;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * A changed-behaviour commitment with a cadence and check-ins.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Commitment".
 */
export interface Commitment {
  id: string;
  /**
   * Free text; sensitivity: personal.
   */
  text: string;
  cadence: string;
  start: string;
  end: string | null;
  check_ins: CheckIn[];
  time_zone: string;
}
/**
 * Whether a commitment was kept on a given day.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "CheckIn".
 */
export interface CheckIn {
  on: string;
  kept: boolean;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * The outcome of an attempt to make the amend, recorded at `at`.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Outcome".
 */
export interface Outcome {
  kind: OutcomeKind;
  at: string;
  /**
   * Free text; sensitivity: private.
   */
  notes: string;
}
/**
 * Something to do an `offset` after an anchor: "two weeks after the meeting".
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "FollowUp".
 */
export interface FollowUp {
  after: FollowUpAnchor;
  offset: Interval;
  /**
   * Free text; sensitivity: private.
   */
  note: string;
}
/**
 * How an app tunes the rules: severities by code or slug, and review scope.
 *
 * This interface was referenced by `Workbook`'s JSON-Schema
 * via the `definition` "Policy".
 */
export interface Policy {
  severities: {
    [k: string]: Severity | undefined;
  };
  review: ReviewScope;
}
