/**
 * Runs the whole catalogue outside jest for `npm run reliability -- --bad-input`: every row of every
 * category against one emulator, with its broken expectations and time. Same rows, same checks as
 * catalogue.test.ts.
 */
import type { Emulator } from '../../../scripts/emulator/emulator';
import type { Category } from './case';
import { CATALOGUE } from './catalogue';

export interface CaseResult {
  readonly category: Category;
  readonly level: 'emulator' | 'unit';
  readonly name: string;
  /** Broken expectations; empty when the case holds. A thrown error counts as one. */
  readonly broken: readonly string[];
  readonly ms: number;
}

export async function runCatalogue(
  emulator: Emulator,
  onResult: (r: CaseResult) => void = () => undefined,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of CATALOGUE) {
    for (const row of c.cases) {
      const started = Date.now();
      let broken: readonly string[];
      try {
        broken = await c.evaluate(row, emulator);
      } catch (err) {
        broken = [`the case itself failed: ${err instanceof Error ? err.message : String(err)}`];
      }
      const result = {
        category: c.category,
        level: c.level,
        name: row.name,
        broken,
        ms: Date.now() - started,
      };
      results.push(result);
      onResult(result);
    }
  }
  return results;
}
