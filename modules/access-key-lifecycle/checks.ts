import { Token } from 'cdktf';
import { invalidProp } from './errors';
import { settingRegExp, textAllowed, type Setting } from '../../lambda/config/settings';

/** IAM user and group names: IAM's own character set and length. */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM paths begin and end with `/`. */
export const IAM_PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
/** Characters a Secrets Manager secret name may hold. */
export const SECRET_NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/** Values passed as Terraform references are only known at apply; validate literals only. */
function literal(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

export function integerInRange(prop: string, value: number, min: number, max: number): void {
  if (!literal(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(prop, `be an integer from ${min} to ${max}`, value);
  }
}

export function matches(
  prop: string,
  value: string,
  pattern: RegExp,
  rule: string,
  fix?: string,
): void {
  if (!literal(value)) return;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalidProp(prop, rule, value, fix);
}

export function iamUserName(prop: string, value: string): void {
  matches(prop, value, IAM_NAME, 'be an IAM user name (1-64 of A-Z a-z 0-9 +=,.@_-)');
}

export function email(prop: string, value: string): void {
  matches(prop, value, EMAIL, 'be an email address like ops@example.com');
}

export function arn(prop: string, value: string, service?: string): void {
  matches(prop, value, ARN, 'be an ARN like arn:aws:iam::123456789012:role/admin');
  if (service && literal(value) && value.split(':')[2] !== service) {
    throw invalidProp(prop, `be a ${service} ARN`, value);
  }
}

/** IAM names and e-mail addresses are unique case-insensitively, so `Alice` repeats `alice`. */
export function unique(prop: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.toLowerCase()))
      throw invalidProp(
        prop,
        'not repeat an entry (compared case-insensitively, as IAM and e-mail do)',
        v,
        'remove the duplicate',
      );
    seen.add(v.toLowerCase());
  }
}

/**
 * A setting with bounds in lambda/config/settings.ts (the source the Lambda and the HCL module share):
 * integers by range, text by pattern, lists item by item.
 */
export function setting(prop: string, value: unknown, s: Setting): void {
  if (!literal(value)) return;
  if (s.kind === 'integer') {
    integerInRange(prop, value as number, s.min, s.max);
    return;
  }
  if (s.kind === 'text') {
    if (typeof value !== 'string' || !textAllowed(s, value)) throw invalidProp(prop, s.rule, value);
    return;
  }
  const pattern = settingRegExp(s.itemPattern);
  (value as readonly string[]).forEach((item, i) => {
    if (!literal(item)) return;
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw invalidProp(`${prop}[${i}]`, s.itemRule, item);
    }
  });
}
