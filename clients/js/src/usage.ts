// How an app uses the generated workbook types: a small, realistic module.
//
// `npm run typecheck` compiles it with `strict: true`. The `@ts-expect-error`
// lines at the end prove that the types refuse wrong shapes: tsc fails if
// one of them stops being an error.

import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";

import type {
  AmendPlan,
  Harm,
  Money,
  Person,
  Restitution,
  Status,
  Workbook,
} from "./workbook.js";

// --- loading: envelope first, then the schema ---------------------------------

/** The document format and the newest version this app understands. */
export const FORMAT = "amendskit.workbook";
export const NEWEST_VERSION = 1;

export class WorkbookRejected extends Error {
  constructor(
    message: string,
    /** Where and which keyword failed: never a value from the document. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

function problemsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.keyword}`);
}

/**
 * Parse and validate a workbook document. `validate` is the Ajv draft
 * 2020-12 validator compiled from `workbook.schema.json` (see
 * docs/typescript.md); a document of a newer version is refused with its
 * own message before the schema runs, since its shape may have changed.
 */
export function parseWorkbook(text: string, validate: ValidateFunction<Workbook>): Workbook {
  const data: unknown = JSON.parse(text);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new WorkbookRejected("not a workbook document");
  }
  const envelope = data as { format?: unknown; version?: unknown };
  if (envelope.format !== FORMAT) {
    throw new WorkbookRejected("not an amendskit workbook");
  }
  if (typeof envelope.version === "number" && envelope.version > NEWEST_VERSION) {
    throw new WorkbookRejected(
      `workbook version ${envelope.version} is newer than this app (${NEWEST_VERSION}): update the app`,
    );
  }
  if (!validate(data)) {
    throw new WorkbookRejected("invalid workbook", problemsOf(validate.errors));
  }
  return data; // narrowed to Workbook by Ajv's type guard
}

// --- status: derived, read-only -----------------------------------------------

/** A plan's status is its last history record's; `plan.status` repeats it. */
export function currentStatus(plan: AmendPlan): Status {
  const last = plan.history[plan.history.length - 1];
  // `history` is typed `[HistoryRecord, ...HistoryRecord[]]` (minItems 1), but
  // with noUncheckedIndexedAccess an index read may still be undefined.
  return last === undefined ? plan.history[0].to_status : last.to_status;
}

/** When the plan entered its current status (an RFC 3339 string with an offset). */
export function since(plan: AmendPlan): Date {
  const last = plan.history[plan.history.length - 1] ?? plan.history[0];
  return new Date(last.at);
}

// --- money: decimal strings, never floats -------------------------------------

/** Digits after the point in every amount held as a bigint here (the schema's most). */
const SCALE = 8;
const UNIT = 10n ** BigInt(SCALE);

/** "12.5" -> 1250000000n (units of 10^-8); the schema's pattern guarantees the shape. */
export function toUnits(amount: string): bigint {
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * UNIT + BigInt(fraction.padEnd(SCALE, "0"));
}

/** 1250000000n -> "12.5": the shortest decimal string, as amendskit reads it. */
export function fromUnits(units: bigint): string {
  const whole = units / UNIT;
  const fraction = (units % UNIT).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

/** What is still owed on a restitution (never below zero), like `Restitution.balance`. */
export function balance(restitution: Restitution): Money {
  const paid = restitution.payments.reduce((sum, p) => sum + toUnits(p.amount.amount), 0n);
  const left = toUnits(restitution.amount.amount) - paid;
  return { amount: fromUnits(left > 0n ? left : 0n), currency: restitution.amount.currency };
}

/** Outstanding restitution per currency, summed without floats. */
export function outstanding(workbook: Workbook): Map<string, string> {
  const units = new Map<string, bigint>();
  for (const plan of workbook.plans) {
    if (plan.restitution === null) continue; // narrowed: Restitution below
    const { amount, currency } = balance(plan.restitution);
    units.set(currency, (units.get(currency) ?? 0n) + toUnits(amount));
  }
  return new Map([...units].map(([currency, sum]) => [currency, fromUnits(sum)]));
}

// --- a plan list, as a screen would show it -----------------------------------

export interface PlanRow {
  planId: string;
  person: string;
  status: Status;
  since: Date;
  /** "120 EUR still owed", or null when there is no restitution. */
  owed: string | null;
  /** A deferral's review date (YYYY-MM-DD), or null. */
  reviewOn: string | null;
}

export function planRows(workbook: Workbook): PlanRow[] {
  const persons = new Map<string, Person>(workbook.persons.map((p) => [p.id, p]));
  return workbook.plans.map((plan) => {
    const owed = plan.restitution === null ? null : balance(plan.restitution);
    return {
      planId: plan.id,
      person: persons.get(plan.person_id)?.name ?? "(unknown person)",
      status: plan.status,
      since: since(plan),
      owed: owed === null ? null : `${owed.amount} ${owed.currency} still owed`,
      reviewOn: plan.deferral?.review_on ?? null,
    };
  });
}

/** Plans that wait for the person to act, by status (an exhaustive switch). */
export function nextStep(status: Status): string {
  switch (status) {
    case "listed":
      return "become willing";
    case "willing":
      return "prepare the amend";
    case "prepared":
      return "make the amend";
    case "made":
    case "declined":
      return "keep the living amends";
    case "living":
      return "keep going: living amends do not end";
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

// --- sensitivity: what may leave the person's own view -------------------------

/**
 * A harm as shared with a sponsor: `notes` (sensitivity: private) is left
 * out. Fields whose schema description says "sensitivity: private" or
 * "third_party" never leave the person's own view.
 */
export type SharedHarm = Omit<Harm, "notes">;

export function shareHarm({ notes: _private, ...shared }: Harm): SharedHarm {
  return shared;
}

// --- wrong shapes the types refuse ----------------------------------------------

// @ts-expect-error: there is no "done" status (living amends go on)
export const done: Status = "done";

// @ts-expect-error: money amounts are decimal strings, never numbers
export const float: Money = { amount: 12.5, currency: "EUR" };

// @ts-expect-error: a money amount needs its currency
export const noCurrency: Money = { amount: "12.50" };

// @ts-expect-error: no keys beyond the schema's (additionalProperties: false)
export const extraKey: Money = { amount: "12.50", currency: "EUR", note: "cash" };

export function nullable(person: Person): number {
  // @ts-expect-error: invited_at may be null; narrow it first
  return Date.parse(person.invited_at);
}

export function newerVersion(workbook: Workbook): Workbook {
  // @ts-expect-error: this app's types know only version 1
  return { ...workbook, version: 2 };
}

export function emptyHarms(plan: AmendPlan): AmendPlan {
  // @ts-expect-error: a plan is for at least one harm (minItems 1)
  return { ...plan, harm_ids: [] };
}
