/**
 * Writes the record of each capped exemption seen for the first time (core/exemption.ts): the signed
 * `<prefix>exempt-seen` tag its cap runs from. Enforce mode only; a failed write is an error line and
 * the cap runs from the next run that writes it (a delay, never earlier).
 */
import { runFailureRecord } from '../notify/run-words';
import type { RunContext } from './context';
import { describeError } from './errors';
import { tagUserSigned } from './state-trust';
import type { ErrorRecord } from './summary';

export async function writeExemptionRecords(
  ctx: RunContext,
  records: ReadonlyMap<string, Readonly<Record<string, string>>>,
): Promise<ErrorRecord[]> {
  const errors: ErrorRecord[] = [];
  for (const [user, tags] of records) {
    try {
      await tagUserSigned(ctx, user, tags);
    } catch (err) {
      errors.push(runFailureRecord({ kind: 'state-unwritten', user, cause: describeError(err) }));
    }
  }
  return errors;
}
