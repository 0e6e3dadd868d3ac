/**
 * Errors raised at the Lambda's edge (configuration and event validation). Both fail the invocation before
 * any AWS call, so their messages must be enough on their own: the input, the value received, and the fix.
 */

/** One invalid environment variable. `value` is what was received (`undefined` when unset). */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  /** What is allowed, phrased as the fix, e.g. `a whole number of days from 1 to 3650`. */
  readonly allowed: string;
}

/** The environment is invalid. Lists every problem at once so one redeploy fixes them all. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
  public readonly problems: readonly ConfigProblem[];

  public constructor(problems: readonly ConfigProblem[], options?: { readonly cause?: unknown }) {
    super(configMessage(problems), options);
    this.problems = problems;
  }
}

/** The Lambda event has a shape the engine does not accept; nothing was done. */
export class EventError extends Error {
  public override readonly name = 'EventError';
  /** The offending field as a path, e.g. `users[2]` or `detail.eventName`; `event` for the whole event. */
  public readonly field: string;

  public constructor(field: string, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

function configMessage(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${formatProblem(p)}`);
  const noun = problems.length === 1 ? 'variable' : 'variables';
  return [`invalid configuration: ${problems.length} environment ${noun}`, ...lines].join('\n');
}

/** Long values are cut so one pasted blob cannot bury the other problems. */
function formatProblem(p: ConfigProblem): string {
  if (p.value === undefined) return `${p.variable} is unset: ${p.allowed}`;
  return `${p.variable}=${JSON.stringify(truncate(p.value, 100))}: ${p.allowed}`;
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(${value.length} chars)`;
}
