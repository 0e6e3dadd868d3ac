/**
 * The bad-input catalogue's shape (issue 10): each case is a scenario row `{ name, input, expected }`,
 * grouped by category. A category's `evaluate` turns a row into the list of expectations it broke (empty:
 * the case holds), so the same rows run under jest (catalogue.test.ts) and under `npm run reliability --
 * --bad-input`, which counts them for RELIABILITY.md.
 */
import type { Emulator } from '../../../scripts/emulator/emulator';

export const CATEGORIES = [
  'environment',
  'events',
  'user-tags',
  'credential-report',
  'secrets',
  'construct-props',
  'legacy-state',
  'coordination-table',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface BadInputCase<I, E> {
  /** Behaviour, as a test name: what the input is and what must happen. */
  readonly name: string;
  readonly input: I;
  readonly expected: E;
}

/** One category: its rows and how a row is checked. */
export interface CategoryCatalogue<I = unknown, E = unknown> {
  readonly category: Category;
  /** What a row exercises, one line for RELIABILITY.md. */
  readonly tried: string;
  /** `emulator`: the real handler against moto; `unit`: in-process (no AWS at all). */
  readonly level: 'emulator' | 'unit';
  readonly cases: readonly BadInputCase<I, E>[];
  /** The expectations the row broke, each a sentence naming what was seen; [] when it holds. */
  evaluate(row: BadInputCase<I, E>, emulator: Emulator): Promise<readonly string[]>;
}

/** Erases a category's row types so categories of different shapes sit in one list. */
export function category<I, E>(c: CategoryCatalogue<I, E>): CategoryCatalogue {
  return c as unknown as CategoryCatalogue;
}
