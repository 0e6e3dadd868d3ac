/**
 * Raised at synth when a prop of AccessKeyLifecycle (or an account entry of config/accounts.json) is
 * invalid. The message names the input, the value received and how to fix it, so `cdktf synth` fails
 * before Terraform ever sees a bad plan.
 */
export class InvalidPropError extends Error {
  public readonly prop: string;
  /** The message without the leading prop name: `must <rule>, got <value> (<fix>)`. */
  public readonly problem: string;

  constructor(prop: string, message: string, problem?: string) {
    super(message);
    this.name = 'InvalidPropError';
    this.prop = prop;
    this.problem =
      problem ?? (message.startsWith(`${prop} `) ? message.slice(prop.length + 1) : message);
  }
}

/**
 * Every problem of one AccessKeyLifecycle (or of one config file), one per line, so a single synth
 * shows them all. `prop` and the first line are the first problem's: code that expects one
 * InvalidPropError keeps working.
 */
export class InvalidPropsError extends InvalidPropError {
  public readonly problems: readonly InvalidPropError[];

  constructor(problems: readonly InvalidPropError[]) {
    if (problems.length === 0) throw new Error('InvalidPropsError needs at least one problem');
    super(problems[0]!.prop, problems.map((p) => p.message).join('\n'), problems[0]!.problem);
    this.name = 'InvalidPropsError';
    this.problems = problems;
  }
}

/** The problems an error holds: its list, or the error itself. */
export function problemsOf(err: InvalidPropError): readonly InvalidPropError[] {
  return err instanceof InvalidPropsError ? err.problems : [err];
}

/** JSON has no NaN or Infinity (it would print them as null): numbers print as they are. */
export function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(JSON.stringify(value) ?? value);
}

/** `prop must <rule>, got <value> (<fix>)` — the shared shape of every validation message. */
export function invalidProp(
  prop: string,
  rule: string,
  value: unknown,
  fix?: string,
): InvalidPropError {
  const problem = `must ${rule}, got ${shown(value)}${fix ? ` (${fix})` : ''}`;
  return new InvalidPropError(prop, `${prop} ${problem}`, problem);
}
