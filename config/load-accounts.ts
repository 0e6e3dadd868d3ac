import * as fs from 'fs';
import type { AccessKeyLifecycleProps } from '../modules/access-key-lifecycle';
import { InvalidPropError, InvalidPropsError } from '../modules/access-key-lifecycle/errors';
import { PROP_NAMES } from '../modules/access-key-lifecycle/prop-names';
import { parseBackend, stateLocation, type BackendConfig, type Report } from './backend';
import { checkModuleShapes } from './module-shapes';

export interface AccountConfig {
  /** Stack name: letters, digits and hyphens. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Role Terraform assumes in the account; must belong to accountId. */
  readonly roleArn: string;
  /** Where the account's state lives (config/backend.ts); local `terraform.<name>.tfstate` by default. */
  readonly backend: BackendConfig;
  /** defaults merged with this account's module options. */
  readonly module: AccessKeyLifecycleProps;
}

/** The accounts that parsed, and every problem of the file (each names file, entry and key). */
export interface AccountsRead {
  readonly accounts: readonly AccountConfig[];
  readonly problems: readonly InvalidPropError[];
}

const ACCOUNT_KEYS = ['name', 'accountId', 'region', 'roleArn', 'backend', 'module'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses and validates the accounts file, collecting every problem rather than stopping at the first;
 * module options are validated again by the construct (main.ts reports those per account).
 */
export function readAccountsConfig(raw: unknown, source: string): AccountsRead {
  const problems: InvalidPropError[] = [];
  const report: Report = (where, message) =>
    problems.push(new InvalidPropError(where, `${source} ${where}: ${message}`, message));
  const objectAt = (where: string, value: unknown): Record<string, unknown> | undefined => {
    if (isObject(value)) return value;
    report(where, `must be an object, got ${JSON.stringify(value)}`);
    return undefined;
  };
  const onlyKeys = (where: string, value: Record<string, unknown>, allowed: readonly string[]) => {
    for (const k of Object.keys(value).filter((k) => !allowed.includes(k)))
      report(where, `unknown key "${k}" (allowed: ${allowed.join(', ')})`);
  };
  const text = (where: string, value: unknown, pattern: RegExp, what: string) => {
    if (typeof value === 'string' && pattern.test(value)) return value;
    report(where, `must be ${what}, got ${JSON.stringify(value)}`);
    return undefined;
  };

  if (!isObject(raw)) {
    report('(file)', `must be an object with "accounts", got ${JSON.stringify(raw)}`);
    return { accounts: [], problems };
  }
  onlyKeys('(file)', raw, ['defaults', 'backend', 'accounts']);
  const defaults = objectAt('defaults', raw.defaults ?? {}) ?? {};
  const beforeDefaults = problems.length;
  onlyKeys('defaults', defaults, PROP_NAMES);
  checkModuleShapes('defaults', defaults, report);
  // Bad defaults reach every account: no stack is built on them.
  const defaultsOk = problems.length === beforeDefaults;
  if (!Array.isArray(raw.accounts) || raw.accounts.length === 0) {
    report('accounts', 'must list at least one account');
    return { accounts: [], problems };
  }
  const names = new Map<string, number>();
  const states = new Map<string, string>();
  const accounts: AccountConfig[] = [];
  raw.accounts.forEach((entry, i) => {
    const where = `accounts[${i}]`;
    const before = problems.length;
    const a = objectAt(where, entry);
    if (!a) return;
    onlyKeys(where, a, ACCOUNT_KEYS);
    const name = text(
      `${where}.name`,
      a.name,
      /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
      'a stack name (letters, digits, hyphens)',
    );
    if (name !== undefined && names.has(name))
      report(
        `${where}.name`,
        `repeats "${name}" of accounts[${names.get(name)}]; stack names must be unique`,
      );
    else if (name !== undefined) names.set(name, i);
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
    if (roleArn !== undefined && accountId !== undefined && roleArn.split(':')[4] !== accountId)
      report(
        `${where}.roleArn`,
        `belongs to account ${roleArn.split(':')[4]}, not accountId ${accountId}; fix one of them`,
      );
    const backendWhere = a.backend === undefined ? 'backend' : `${where}.backend`;
    const backend =
      name === undefined
        ? undefined
        : parseBackend(a.backend ?? raw.backend, name, backendWhere, report);
    if (backend && name !== undefined) {
      const other = states.get(stateLocation(backend));
      if (other !== undefined)
        report(
          `${where}.backend`,
          `stores its state at ${stateLocation(backend)}, as account "${other}" does; give each account its own key or path`,
        );
      states.set(stateLocation(backend), name);
    }
    const own = objectAt(`${where}.module`, a.module ?? {}) ?? {};
    onlyKeys(`${where}.module`, own, PROP_NAMES);
    checkModuleShapes(`${where}.module`, own, report);
    const module = { ...defaults, ...own } as unknown as AccessKeyLifecycleProps;
    if (module.mode === undefined)
      report(
        `${where}.module.mode`,
        'is required (in defaults or the account): "enforce" or "report"',
      );
    if (problems.length > before || !name || !accountId || !region || !roleArn || !backend) return;
    accounts.push({ name, accountId, region, roleArn, backend, module });
  });
  // A top-level backend default with a problem is reported once, not once per account.
  const unique = problems.filter(
    (p, i) => problems.findIndex((q) => q.message === p.message) === i,
  );
  return { accounts: defaultsOk ? accounts : [], problems: unique };
}

/** Reads the accounts file; never throws (main.ts prints the problems). */
export function readAccounts(file: string): AccountsRead {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const message = `cannot read it as JSON (${(e as Error).message})`;
    return { accounts: [], problems: [new InvalidPropError(file, `${file}: ${message}`, message)] };
  }
  return readAccountsConfig(raw, file);
}

function orThrow(read: AccountsRead): readonly AccountConfig[] {
  if (read.problems.length > 0) throw new InvalidPropsError(read.problems);
  return read.accounts;
}

/** Parses and validates the accounts file; throws one InvalidPropsError listing every problem. */
export function parseAccounts(raw: unknown, source: string): readonly AccountConfig[] {
  return orThrow(readAccountsConfig(raw, source));
}

export function loadAccounts(file: string): readonly AccountConfig[] {
  return orThrow(readAccounts(file));
}
