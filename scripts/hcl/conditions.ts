/**
 * Builders of Terraform validation rules. Each mirrors one synth-time check of the construct
 * (modules/access-key-lifecycle/checks.ts and validate-props.ts), with the same wording in the
 * caller's spelling: `<input> must <rule>, got <value> (<fix>).`, where a bad entry of a list is
 * named by its index (`owners[3].email must ...`), never by printing the whole list.
 *
 * Two rules keep them from ever failing with a Terraform error instead of the message:
 * - every condition is wrapped in try(..., false): an expression that errors (an index past the end,
 *   a function given null) counts as "invalid", so the caller reads the message, not `Invalid index`;
 * - messages list at most LISTED bad entries, computed with for-expressions that only call can(),
 *   format() and jsonencode(), and stay linear in the list's length (the plan of 2,000 owners).
 */
import type { Setting } from '../../lambda/config/settings';
import { FIXES, UNIQUE_RULE, type Fix } from '../../modules/access-key-lifecycle/checks';

export interface Validation {
  readonly condition: string;
  readonly error_message: string;
}

/** At most this many bad entries of one list are named in a message. */
export const LISTED = 10;

/** An HCL string literal (JSON escapes are HCL escapes; template openers are doubled). */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

/** The construct's RegExp as an RE2 pattern literal (the construct's patterns avoid lookarounds). */
function re(pattern: RegExp | string): string {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  if (/\(\?[=!<]/.test(source)) throw new Error(`${source} uses a lookaround RE2 lacks`);
  return hclString(source);
}

/** A condition that counts an evaluation error as "invalid" (the message explains it). */
function guarded(condition: string): string {
  return `try(${condition}, false)`;
}

/** The `(fix)` of the first fix whose pattern matches `value` (an HCL expression), else "". */
function fixExpr(value: string, fixes: readonly Fix[] = []): string {
  return fixes.reduceRight(
    (rest, f) => `can(regex(${re(f.when)}, ${value})) ? ${hclString(` (${f.fix})`)} : ${rest}`,
    '""',
  );
}

/**
 * A message template naming the bad entries that the HCL list expression `list` holds. A null entry
 * (which no rule can read) leaves the message to `name`'s own words instead of an evaluation error.
 */
export function listed(list: string, name: string): string {
  const fallback = hclString(`${name} must not hold a null entry (remove it).`);
  const shown = `try(join(" ", slice(${list}, 0, min(length(${list}), ${LISTED}))), ${fallback})`;
  const more = `try(length(${list}) > ${LISTED} ? format(" (and %d more)", length(${list}) - ${LISTED}) : "", "")`;
  // One interpolation, written out as a plain expression (variableBlock): checkov's HCL parser cannot
  // read braces or nested strings inside a template.
  return `\${format("%s%s", ${shown}, ${more})}`;
}

const got = (ref: string, fixes?: readonly Fix[]) =>
  `got \${jsonencode(${ref})}${fixes?.length ? `\${${fixExpr(ref, fixes)}}` : ''}`;

export function integerIn(name: string, min: number, max: number): Validation {
  const v = `var.${name}`;
  return {
    condition: guarded(`${v} == floor(${v}) && ${v} >= ${min} && ${v} <= ${max}`),
    error_message: `${name} must be an integer from ${min} to ${max}, ${got(v)}.`,
  };
}

/** Like integerIn, for a variable whose null means "not set". */
export function nullOrIntegerIn(name: string, min: number, max: number): Validation {
  const v = `var.${name}`;
  return {
    condition: guarded(
      `${v} == null ? true : (${v} == floor(${v}) && ${v} >= ${min} && ${v} <= ${max})`,
    ),
    error_message: `${name} must be an integer from ${min} to ${max}, ${got(v)}.`,
  };
}

export function oneOf(
  name: string,
  values: readonly (string | number)[],
  fix?: string,
): Validation {
  const list = `[${values.map((x) => (typeof x === 'string' ? hclString(x) : String(x))).join(', ')}]`;
  const each = values.map((x) => (typeof x === 'string' ? `"${x}"` : String(x)));
  // The construct's wording: `be "a" or "b"` for two values, `be one of a, b, c` for more.
  const rule = each.length === 2 ? `be ${each[0]} or ${each[1]}` : `be one of ${each.join(', ')}`;
  return {
    condition: guarded(`contains(${list}, var.${name})`),
    error_message: `${name} must ${rule}, ${got(`var.${name}`)}${fix ? ` (${fix})` : ''}.`,
  };
}

export function matches(name: string, pattern: RegExp | string, rule: string): Validation {
  return {
    condition: guarded(`can(regex(${re(pattern)}, var.${name}))`),
    error_message: `${name} must ${rule}, ${got(`var.${name}`)}.`,
  };
}

/**
 * Every element of a list(string) variable, or the attribute `attr` of a list(object) variable; the
 * message names each bad entry by index: `owners[3].email must <rule>, got "x".`
 */
export function eachMatches(
  name: string,
  pattern: RegExp | string,
  rule: string,
  options: {
    readonly attr?: string;
    readonly fixes?: readonly Fix[];
    /** With a pattern written without a counted repetition: see UNBOUNDED in variables.ts. */
    readonly maxLength?: number;
  } = {},
): Validation {
  const item = options.attr ? `x.${options.attr}` : 'x';
  const suffix = options.attr ? `.${options.attr}` : '';
  const short =
    options.maxLength === undefined ? '' : ` && length(${item}) <= ${options.maxLength}`;
  const ok = `try(can(regex(${re(pattern)}, ${item}))${short}, false)`;
  const entry = `format("%s[%d]%s must %s, got %s%s.", ${hclString(name)}, i, ${hclString(suffix)}, ${hclString(rule)}, try(jsonencode(${item}), "null"), ${fixExpr(item, options.fixes)})`;
  return {
    condition: guarded(`alltrue([for x in var.${name} : ${ok}])`),
    error_message: listed(`[for i, x in var.${name} : ${entry} if !${ok}]`, name),
  };
}

/**
 * No two entries with the same key (compared case-insensitively, as IAM and e-mail do). `key` is an
 * HCL expression of `x`; `shown` is the attribute path named in the message (`.user_name`), if any.
 * Entries are grouped by key (`=> i...`), so the message stays linear in the list's length.
 */
export function unique(name: string, key: string, shown = ''): Validation {
  const v = `var.${name}`;
  const groups = `{for i, x in ${v} : lower(${key}) => i...}`;
  const entry = `format("%s[%d]%s must not repeat %s[%d]%s (%s), got %s (remove the duplicate).", ${hclString(name)}, j, ${hclString(shown)}, ${hclString(name)}, ids[0], ${hclString(shown)}, ${hclString(UNIQUE_RULE)}, jsonencode([for x in [${v}[j]] : ${key}][0]))`;
  return {
    condition: guarded(`length(${groups}) == length(${v})`),
    error_message: listed(
      `flatten([for k, ids in ${groups} : [for j in slice(ids, 1, length(ids)) : ${entry}]])`,
      name,
    ),
  };
}

/** No entry of `name` may appear in `other` (a cross-variable rule: Terraform checks it at plan). */
export function disjoint(name: string, other: string): Validation {
  const entry = `format("%s[%d] must not name a user that %s names, got %s (remove it from one list).", ${hclString(name)}, i, ${hclString(other)}, jsonencode(x))`;
  return {
    condition: guarded(`length(setintersection(var.${name}, var.${other})) == 0`),
    error_message: listed(
      `[for i, x in var.${name} : ${entry} if contains(var.${other}, x)]`,
      name,
    ),
  };
}

export function custom(condition: string, message: string): Validation {
  return { condition: guarded(condition), error_message: message };
}

/** The validation rules of a setting with bounds in lambda/config/settings.ts. */
export function fromSetting(
  name: string,
  s: Setting,
  options: { nullable?: boolean } = {},
): Validation {
  const v = `var.${name}`;
  const fixes = FIXES[s.prop as keyof typeof FIXES];
  if (s.kind === 'integer') {
    return options.nullable ? nullOrIntegerIn(name, s.min, s.max) : integerIn(name, s.min, s.max);
  }
  if (s.kind === 'list') return eachMatches(name, s.itemPattern, s.itemRule, { fixes });
  const forbidden = s.notStartingWith
    ? ` && !startswith(lower(${v}), ${hclString(s.notStartingWith)})`
    : '';
  const check = `can(regex(${hclString(s.pattern)}, ${v}))${forbidden}`;
  // "" (text) or null (nullable) is the setting's "not set".
  const unset = options.nullable ? `${v} == null` : s.default === '' ? `${v} == ""` : undefined;
  return {
    condition: guarded(unset ? `${unset} ? true : (${check})` : check),
    error_message: `${name} must ${s.rule}, ${got(v, fixes)}.`,
  };
}
