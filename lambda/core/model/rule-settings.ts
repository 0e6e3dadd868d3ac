/**
 * Settings an optional rule declares for itself (docs/lifecycle.md, "Adding a rule"). A rule lists its
 * settings next to its logic and its row in plan-user.ts RULES carries them; everything else derives
 * from that one declaration: the Lambda's environment variable (config/env.ts), the construct's prop,
 * default, validation and environment (modules/access-key-lifecycle), the exported HCL module's variable
 * (scripts/hcl/variables.ts) and the docs (docs/module.md). The policy holds their values by prop name.
 */
import type { Policy } from './types';

/** A whole-number setting: `prop` names it everywhere, spelled for each place it is set. */
export interface RuleSetting {
  readonly kind: 'integer';
  /** Construct prop (camelCase); also the key of its value in Policy.ruleSettings. */
  readonly prop: string;
  /** Variable of the exported HCL module: prop in snake_case. */
  readonly hcl: string;
  /** The Lambda's environment variable: prop in upper snake_case. */
  readonly env: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** What the number counts, for the engine's configuration errors ("hours (0 = off)"). */
  readonly unit: string;
  /** One line for the settings table (config/settings.ts). */
  readonly description: string;
  /** The construct prop's doc comment, and the HCL variable's description (docs/module.md). */
  readonly doc: string;
}

export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** What a rule writes of each setting: its prop name is the key, its three spellings derive from it. */
export type SettingDeclaration = Omit<RuleSetting, 'kind' | 'prop' | 'hcl' | 'env'>;

/** A rule's settings, keyed by prop name. */
export function ruleSettings<K extends string>(declared: {
  readonly [P in K]: SettingDeclaration;
}): { readonly [P in K]: RuleSetting } {
  const entries = Object.entries<SettingDeclaration>(declared).map(([prop, s]) => {
    const snake = prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const setting: RuleSetting = {
      kind: 'integer',
      prop,
      hcl: snake,
      env: snake.toUpperCase(),
      ...s,
    };
    return [prop, setting] as const;
  });
  return Object.fromEntries(entries) as { readonly [P in K]: RuleSetting };
}

/** A rule's settings as this policy sets them, each one's default where the policy says nothing. */
export function settingValues<S extends RuleSettings>(
  policy: Policy,
  settings: S,
): { readonly [K in keyof S]: number } {
  const given = policy.ruleSettings ?? {};
  return Object.fromEntries(
    Object.entries(settings).map(([prop, s]) => [prop, given[prop] ?? s.default]),
  ) as { readonly [K in keyof S]: number };
}
