import * as fs from 'fs';
import type { AccessKeyLifecycleProps } from '../modules/access-key-lifecycle';
import { InvalidPropError } from '../modules/access-key-lifecycle';
import { PROP_NAMES } from '../modules/access-key-lifecycle/prop-names';

export interface AccountConfig {
  /** Stack name: letters, digits and hyphens. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Role Terraform assumes in the account; must belong to accountId. */
  readonly roleArn: string;
  /** defaults merged with this account's module options. */
  readonly module: AccessKeyLifecycleProps;
}

const ACCOUNT_KEYS = ['name', 'accountId', 'region', 'roleArn', 'module'];

function fail(where: string, message: string): never {
  throw new InvalidPropError(where, `${where}: ${message}`);
}

function object(where: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(where, `must be an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function onlyKeys(where: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(value).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    fail(where, `unknown key "${unknown}" (allowed: ${allowed.join(', ')})`);
}

function text(where: string, value: unknown, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value))
    fail(where, `must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

/** Parses and validates the accounts file; module options are validated again by the construct. */
export function parseAccounts(raw: unknown, source: string): readonly AccountConfig[] {
  const root = object(source, raw);
  onlyKeys(source, root, ['defaults', 'accounts']);
  const defaults = object(`${source} defaults`, root.defaults ?? {});
  onlyKeys(`${source} defaults`, defaults, PROP_NAMES);
  if (!Array.isArray(root.accounts) || root.accounts.length === 0)
    fail(`${source} accounts`, 'must list at least one account');
  const seen = new Set<string>();
  return root.accounts.map((entry, i) => {
    const where = `${source} accounts[${i}]`;
    const a = object(where, entry);
    onlyKeys(where, a, ACCOUNT_KEYS);
    const name = text(
      `${where}.name`,
      a.name,
      /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
      'a stack name (letters, digits, hyphens)',
    );
    if (seen.has(name)) fail(`${where}.name`, `repeats "${name}"; stack names must be unique`);
    seen.add(name);
    const accountId = text(`${where}.accountId`, a.accountId, /^\d{12}$/, 'a 12-digit account id');
    const region = text(
      `${where}.region`,
      a.region,
      /^[a-z]{2}(-[a-z]+)+-\d$/,
      'an AWS region like eu-west-1',
    );
    const roleArn = text(
      `${where}.roleArn`,
      a.roleArn,
      /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
      'an IAM role ARN',
    );
    if (roleArn.split(':')[4] !== accountId)
      fail(
        `${where}.roleArn`,
        `belongs to account ${roleArn.split(':')[4]}, not accountId ${accountId}; fix one of them`,
      );
    const own = object(`${where}.module`, a.module ?? {});
    onlyKeys(`${where}.module`, own, PROP_NAMES);
    const module = { ...defaults, ...own } as unknown as AccessKeyLifecycleProps;
    if (module.mode === undefined)
      fail(
        `${where}.module.mode`,
        'is required (in defaults or the account): "enforce" or "report"',
      );
    return { name, accountId, region, roleArn, module };
  });
}

export function loadAccounts(file: string): readonly AccountConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidPropError(file, `${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  return parseAccounts(raw, file);
}
