import { applyDefaults } from '../../modules/access-key-lifecycle/defaults';
import type { VariableSpec } from './variables';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Objects in lists (owners, managed_secret_users) take snake_case attribute names in HCL. */
function toHcl(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toHcl);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [snake(k), toHcl(x)]));
  }
  return value;
}

/**
 * The variable's default: the construct's own default (applyDefaults), so the HCL module and the
 * construct cannot drift; `undefined` (a behaviour, not a value) becomes null. `mode` has none.
 */
export function defaultFor(spec: VariableSpec): { readonly default?: unknown } {
  if (spec.prop === 'mode') return {};
  const resolved = applyDefaults({ mode: 'report' }) as unknown as Record<string, unknown>;
  const value = resolved[spec.prop];
  return { default: value === undefined ? null : toHcl(value) };
}
