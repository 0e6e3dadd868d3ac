import { Token } from 'cdktf';
import { InvalidPropError, invalidProp } from './errors';
import {
  settingRegExp,
  textAllowed,
  type Setting,
  type SettingName,
} from '../../lambda/config/settings';

/** IAM user and group names: IAM's own character set and length. */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM paths begin and end with `/`. */
export const IAM_PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
/** Characters a Secrets Manager secret name may hold. */
export const SECRET_NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problems found so far; every check appends to it, so one synth reports them all. */
export type Problems = InvalidPropError[];

/**
 * A fix for a bad value of a recognisable wrong kind (an alias where a key ARN is needed, a bare name
 * where an ARN is). `when` is written in the syntax JavaScript and RE2 share: the exported HCL module's
 * validation messages give the same fix (scripts/hcl/conditions.ts).
 */
export interface Fix {
  readonly when: string;
  readonly fix: string;
}

const PRINCIPAL_FIXES: readonly Fix[] = [
  { when: '^[^:]*$', fix: 'give the full ARN, e.g. arn:aws:iam::123456789012:role/admin' },
  { when: ':group/', fix: 'an IAM group cannot be a principal: name a role or its users' },
  {
    when: ':assumed-role/',
    fix: 'that is a session: name the role, arn:aws:iam::<account>:role/<name>',
  },
];

export const FIXES: Partial<Record<SettingName, readonly Fix[]>> = {
  kmsKeyArn: [
    {
      when: '(^|:)alias/',
      fix: 'that is an alias: key policies and log groups need the key itself, so give the key ARN (the arn of aws_kms_key, or target_key_arn of data aws_kms_alias)',
    },
    {
      when: '^(mrk-)?[0-9a-f-]{32,36}$',
      fix: 'that is a key id: give the full key ARN, arn:aws:kms:<region>:<account>:key/<key id>',
    },
  ],
  secretAdminPrincipalArns: PRINCIPAL_FIXES,
  tagAdminPrincipalArns: PRINCIPAL_FIXES,
};

function fixFor(name: SettingName, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return FIXES[name]?.find((f) => settingRegExp(f.when).test(value))?.fix;
}

/** Values passed as Terraform references are only known at apply; validate literals only. */
function literal(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

export function integerInRange(
  out: Problems,
  prop: string,
  value: number,
  min: number,
  max: number,
): void {
  if (!literal(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    out.push(invalidProp(prop, `be an integer from ${min} to ${max}`, value));
  }
}

export function matches(
  out: Problems,
  prop: string,
  value: string,
  pattern: RegExp,
  rule: string,
  fix?: string,
): void {
  if (!literal(value)) return;
  if (typeof value !== 'string' || !pattern.test(value))
    out.push(invalidProp(prop, rule, value, fix));
}

export const USER_NAME_RULE = 'be an IAM user name (1-64 of A-Z a-z 0-9 +=,.@_-)';
export const EMAIL_RULE = 'be an email address like ops@example.com';

export function iamUserName(out: Problems, prop: string, value: string): void {
  matches(out, prop, value, IAM_NAME, USER_NAME_RULE);
}

export function email(out: Problems, prop: string, value: string): void {
  matches(out, prop, value, EMAIL, EMAIL_RULE);
}

export const UNIQUE_RULE = 'compared case-insensitively, as IAM and e-mail do';

/**
 * IAM names and e-mail addresses are unique case-insensitively, so `Alice` repeats `alice`. Each repeat
 * is named by its index and the index of the entry it repeats: `owners[3].email must not repeat owners[0].email`.
 */
export function unique(
  out: Problems,
  list: string,
  values: readonly string[],
  attr?: string,
): void {
  const first = new Map<string, number>();
  const at = (i: number) => `${list}[${i}]${attr ? `.${attr}` : ''}`;
  values.forEach((v, i) => {
    if (!literal(v) || typeof v !== 'string') return;
    const earlier = first.get(v.toLowerCase());
    if (earlier === undefined) first.set(v.toLowerCase(), i);
    else
      out.push(
        invalidProp(at(i), `not repeat ${at(earlier)} (${UNIQUE_RULE})`, v, 'remove the duplicate'),
      );
  });
}

/**
 * A setting with bounds in lambda/config/settings.ts (the source the Lambda and the HCL module share):
 * integers by range, text by pattern, lists item by item (each bad item named by its index).
 */
export function setting(out: Problems, prop: string, value: unknown, s: Setting): void {
  const name = s.prop as SettingName;
  if (!literal(value)) return;
  if (s.kind === 'integer') {
    integerInRange(out, prop, value as number, s.min, s.max);
    return;
  }
  if (s.kind === 'text') {
    if (typeof value !== 'string' || !textAllowed(s, value))
      out.push(invalidProp(prop, s.rule, value, fixFor(name, value)));
    return;
  }
  const pattern = settingRegExp(s.itemPattern);
  (value as readonly string[]).forEach((item, i) => {
    if (!literal(item)) return;
    if (typeof item !== 'string' || !pattern.test(item)) {
      out.push(invalidProp(`${prop}[${i}]`, s.itemRule, item, fixFor(name, item)));
    }
  });
}
