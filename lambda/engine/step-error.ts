/** Names the step an action failed at, keeping the SDK error as `cause` (its text only, never inputs). */
import { describeError } from '../aws/aws-errors';

export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step} failed: ${describeError(cause)}`, { cause });
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
