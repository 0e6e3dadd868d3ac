/** How the engine names a failure: one line for ErrorRecords and logs, and the step an action failed at. */
import { engineFaultText } from '../notify/fault-words';

/**
 * A one-line description of an error for ErrorRecords and logs: the error's name and message only
 * (SDK errors never echo request bodies; errors the engine creates never hold key material).
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}

/** Names the step an action failed at, keeping the original error as `cause` (its text only, never inputs). */
export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(engineFaultText({ kind: 'step-failed', step, cause: describeError(cause) }), { cause });
  }
}

/** Runs `work`, re-throwing any failure as a StepError naming `step`. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(name, err);
  }
}
