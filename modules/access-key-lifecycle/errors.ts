/**
 * Raised at synth when a prop of AccessKeyLifecycle (or an account entry of config/accounts.json) is
 * invalid. The message names the input, the value received and how to fix it, so `cdktf synth` fails
 * before Terraform ever sees a bad plan.
 */
export class InvalidPropError extends Error {
  public readonly prop: string;

  constructor(prop: string, message: string) {
    super(message);
    this.name = 'InvalidPropError';
    this.prop = prop;
  }
}

/** `prop must <rule>, got <value>` — the shared shape of every validation message. */
export function invalidProp(
  prop: string,
  rule: string,
  value: unknown,
  fix?: string,
): InvalidPropError {
  // JSON has no NaN or Infinity (it would print them as null): numbers print as they are.
  const got =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? JSON.stringify(value)
        : String(JSON.stringify(value) ?? value);
  return new InvalidPropError(prop, `${prop} must ${rule}, got ${got}${fix ? ` (${fix})` : ''}`);
}
