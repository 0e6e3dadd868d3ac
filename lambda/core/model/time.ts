/**
 * Time arithmetic for the rules. Every function takes the instants it compares: the core never
 * reads the clock. Thresholds are compared in milliseconds, so "age ≥ rotationDays" becomes true
 * exactly when rotationDays × 24h have passed.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/**
 * IAM's CreateDate and the engine's clock are different clocks, and state keeps whole seconds: an
 * instant this close to a bound still counts as inside it.
 */
export const CLOCK_SKEW_MS = MINUTE_MS;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** True once at least `days` days have passed since `since`. */
export function hasElapsed(since: Date, days: number, now: Date): boolean {
  return now.getTime() - since.getTime() >= days * DAY_MS;
}

/** Whole days from `from` to `to`, rounded down, never negative (clock skew reads as 0). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

export function later(a: Date, b: Date | undefined): Date {
  return b !== undefined && b.getTime() > a.getTime() ? b : a;
}

/** ISO-8601 with second precision, the form IAM tag values and messages use. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The inverse of isoSeconds: undefined unless `text` is exactly such a timestamp of a real instant. */
export function parseIsoSeconds(text: string | undefined): Date | undefined {
  if (text === undefined || !ISO_SECONDS.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || isoSeconds(date) !== text ? undefined : date;
}

/** Equal to the second: state tags store seconds, so in-memory milliseconds must not matter. */
export function sameSecond(a: Date | undefined, b: Date | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.floor(a.getTime() / 1000) === Math.floor(b.getTime() / 1000);
}

export function sameUtcDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}
