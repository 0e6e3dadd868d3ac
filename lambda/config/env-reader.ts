import type { ConfigProblem } from './errors';
import type { Parser } from './parsers';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads variables through parsers and collects every problem instead of stopping at the first, so
 * `loadConfig` can report all bad variables in one error. An empty string counts as unset: Terraform and
 * consoles often write "" for "not configured".
 */
export class EnvReader {
  private readonly found: ConfigProblem[] = [];

  public constructor(private readonly env: Env) {}

  public get problems(): readonly ConfigProblem[] {
    return this.found;
  }

  /** Undefined when unset or invalid; either way a problem has been recorded. */
  public required<T>(variable: string, parse: Parser<T>, whenUnset: string): T | undefined {
    const raw = this.raw(variable);
    if (raw === undefined) {
      this.found.push({ variable, value: undefined, allowed: whenUnset });
      return undefined;
    }
    return this.parse(variable, raw, parse);
  }

  /** The parsed value, or `fallback` when unset; invalid values are recorded and also yield `fallback`. */
  public optional<T>(variable: string, parse: Parser<T>, fallback: T): T;
  public optional<T>(variable: string, parse: Parser<T>): T | undefined;
  public optional<T>(variable: string, parse: Parser<T>, fallback?: T): T | undefined {
    const raw = this.raw(variable);
    return raw === undefined ? fallback : (this.parse(variable, raw, parse) ?? fallback);
  }

  /** False when any of these variables already has a problem: cross-checks skip them to avoid noise. */
  public allValid(...variables: readonly string[]): boolean {
    return !this.found.some((p) => variables.includes(p.variable));
  }

  /** Records a problem found by comparing variables (only called when each one parsed on its own). */
  public problem(variable: string, allowed: string): void {
    this.found.push({ variable, value: this.raw(variable), allowed });
  }

  private raw(variable: string): string | undefined {
    const value = this.env[variable];
    return value === undefined || value === '' ? undefined : value;
  }

  private parse<T>(variable: string, raw: string, parse: Parser<T>): T | undefined {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    this.found.push({ variable, value: raw, allowed: parsed.allowed });
    return undefined;
  }
}
