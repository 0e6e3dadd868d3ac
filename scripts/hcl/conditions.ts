/**
 * Builders of Terraform validation rules. Each mirrors one synth-time check of the construct
 * (modules/access-key-lifecycle/checks.ts and validate-props.ts), with the same wording:
 * `<input> must <rule>, got <value>`.
 */
import type { Setting } from '../../lambda/config/settings';
export interface Validation {
  readonly condition: string;
  readonly error_message: string;
}

/** An HCL string literal (JSON escapes are HCL escapes; template openers are doubled). */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** The construct's RegExp as an RE2 pattern literal (the construct's patterns avoid lookarounds). */
function re(pattern: RegExp): string {
  if (/\(\?[=!<]/.test(pattern.source)) throw new Error(`${pattern} uses a lookaround RE2 lacks`);
  return hclString(pattern.source);
}

const got = (ref: string) => `got \${jsonencode(${ref})}`;

export function integerIn(name: string, min: number, max: number): Validation {
  const v = `var.${name}`;
  return {
    condition: `${v} == floor(${v}) && ${v} >= ${min} && ${v} <= ${max}`,
    error_message: `${name} must be an integer from ${min} to ${max}, ${got(v)}.`,
  };
}

/** Like integerIn, for a variable whose null means "not set". */
export function nullOrIntegerIn(name: string, min: number, max: number): Validation {
  const v = `var.${name}`;
  const rule = integerIn(name, min, max);
  return {
    condition: `${v} == null ? true : (${rule.condition})`,
    error_message: rule.error_message,
  };
}

export function oneOf(name: string, values: readonly (string | number)[]): Validation {
  const list = `[${values.map((x) => (typeof x === 'string' ? hclString(x) : String(x))).join(', ')}]`;
  const shown = values.map((x) => (typeof x === 'string' ? `"${x}"` : String(x))).join(', ');
  return {
    condition: `contains(${list}, var.${name})`,
    error_message: `${name} must be one of ${shown}, ${got(`var.${name}`)}.`,
  };
}

export function matches(name: string, pattern: RegExp, rule: string): Validation {
  return {
    condition: `can(regex(${re(pattern)}, var.${name}))`,
    error_message: `${name} must ${rule}, ${got(`var.${name}`)}.`,
  };
}

/** Every element of a list(string) variable, or the attribute `attr` of a list(object) variable. */
export function eachMatches(
  name: string,
  pattern: RegExp,
  rule: string,
  attr?: string,
): Validation {
  const item = attr ? `x.${attr}` : 'x';
  const what = attr ? `every ${attr} in ${name}` : `every entry of ${name}`;
  return {
    condition: `alltrue([for x in var.${name} : can(regex(${re(pattern)}, ${item}))])`,
    error_message: `${what} must ${rule}, ${got(`var.${name}`)}.`,
  };
}

export function unique(name: string, key: string, shown: string): Validation {
  const keys = `[for x in var.${name} : ${key}]`;
  return {
    condition: `length(distinct(${keys})) == length(var.${name})`,
    error_message: `${name} must not repeat ${shown}, ${got(`var.${name}`)} (remove the duplicate).`,
  };
}

export function custom(condition: string, message: string): Validation {
  return { condition, error_message: message };
}

/** The validation rules of a setting with bounds in lambda/config/settings.ts (issue 7 item 12). */
export function fromSetting(
  name: string,
  s: Setting,
  options: { nullable?: boolean } = {},
): Validation {
  const v = `var.${name}`;
  if (s.kind === 'integer') {
    return options.nullable ? nullOrIntegerIn(name, s.min, s.max) : integerIn(name, s.min, s.max);
  }
  if (s.kind === 'list') {
    return {
      condition: `alltrue([for x in ${v} : can(regex(${hclString(s.itemPattern)}, x))])`,
      error_message: `every entry of ${name} must ${s.itemRule}, ${got(v)}.`,
    };
  }
  const forbidden = s.notStartingWith
    ? ` && !startswith(lower(${v}), ${hclString(s.notStartingWith)})`
    : '';
  const check = `can(regex(${hclString(s.pattern)}, ${v}))${forbidden}`;
  // "" (text) or null (nullable) is the setting's "not set".
  const unset = options.nullable ? `${v} == null` : s.default === '' ? `${v} == ""` : undefined;
  return {
    condition: unset ? `${unset} ? true : (${check})` : check,
    error_message: `${name} must ${unset ? `be ${options.nullable ? 'null' : '""'} or ` : ''}${s.rule}, ${got(v)}.`,
  };
}
