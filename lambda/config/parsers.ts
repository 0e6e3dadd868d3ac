import type { Format } from './formats';

/**
 * Small parsers for environment variable values. Each returns the value or what is allowed instead, so the
 * caller can collect every problem before failing (one redeploy fixes them all).
 */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly allowed: string };

export type Parser<T> = (raw: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(allowed: string): Parsed<T> => ({ ok: false, allowed });

/** Digits only: "7.5", "1e2", "+7" and " 7" are refused rather than guessed at. */
export function wholeNumber(min: number, max: number, unit: string): Parser<number> {
  const allowed = `a whole number of ${unit} from ${min} to ${max}`;
  return (raw) => {
    if (!/^\d{1,9}$/.test(raw)) return fail(allowed);
    const value = Number(raw);
    return value >= min && value <= max ? ok(value) : fail(allowed);
  };
}

export function oneOf<T extends string>(values: readonly T[], why = ''): Parser<T> {
  const allowed = `one of ${values.map((v) => `"${v}"`).join(', ')}${why}`;
  return (raw) => (values.includes(raw as T) ? ok(raw as T) : fail(allowed));
}

export function matching(format: Format): Parser<string> {
  return (raw) => (format.test(raw) ? ok(raw) : fail(format.allowed));
}

/**
 * Comma-separated list: items are trimmed, empty items are refused (a stray comma is usually a typo that
 * would otherwise go unnoticed), duplicates are dropped. Names that themselves contain a comma cannot be
 * listed.
 */
export function commaList(item: Format): Parser<readonly string[]> {
  const allowed = `a comma-separated list, each item ${item.allowed}`;
  return (raw) => {
    const items = raw.split(',').map((s) => s.trim());
    const bad = items.findIndex((s) => !item.test(s));
    if (bad === -1) return ok([...new Set(items)]);
    const problem = items[bad] === '' ? 'is empty' : `(${JSON.stringify(items[bad])}) is not valid`;
    return fail(`${allowed}; item ${bad + 1} ${problem}`);
  };
}
