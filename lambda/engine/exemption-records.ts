/**
 * Writes the record of each capped exemption seen for the first time (core/exemption.ts): the signed
 * `<prefix>exempt-seen` tag its cap runs from. Enforce mode only; a failed write is an error line and
 * the cap runs from the next run that writes it (a delay, never earlier). The record of an exemption
 * tag since removed is removed too.
 */
import { runFailureRecord } from '../notify/run-words';
import type { RunContext } from './context';
import { describeError } from './errors';
import { tagUserSigned } from './state-trust';
import type { ErrorRecord } from './summary';

export async function writeExemptionRecords(
  ctx: RunContext,
  records: ReadonlyMap<string, Readonly<Record<string, string>>>,
  stale: ReadonlyMap<string, string> = new Map(),
): Promise<ErrorRecord[]> {
  const errors: ErrorRecord[] = [];
  const attempt = async (user: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      errors.push(runFailureRecord({ kind: 'state-unwritten', user, cause: describeError(err) }));
    }
  };
  for (const [user, tags] of records) await attempt(user, () => tagUserSigned(ctx, user, tags));
  // The exemption tag is gone: so is its record, so that setting the same value again starts anew.
  for (const [user, key] of stale) await attempt(user, () => ctx.deps.keys.untagUser(user, [key]));
  return errors;
}
