import { InvalidPropError, invalidProp } from './errors';
import type { ResolvedProps } from './defaults';
import * as check from './checks';
import * as fs from 'fs';
import { isExpression } from './expressions';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/**
 * Throws InvalidPropError for the first invalid prop; order follows the props interface. Props that are
 * Terraform expressions are skipped: the exported HCL module's variable validations check those.
 */
export function validateProps(p: ResolvedProps): void {
  const literal = (value: unknown) => !isExpression(value);
  if (literal(p.mode) && p.mode !== 'enforce' && p.mode !== 'report') {
    throw invalidProp(
      'mode',
      'be "enforce" or "report"',
      p.mode,
      'there is no default: choose one',
    );
  }
  check.matches(
    'namePrefix',
    p.namePrefix,
    /^[A-Za-z][A-Za-z0-9-]{0,37}$/,
    'be 1-38 letters, digits or hyphens starting with a letter',
  );
  validateDays(p);
  check.matches(
    'userPathPrefix',
    p.userPathPrefix,
    check.IAM_PATH,
    'be an IAM path that begins and ends with "/"',
    'e.g. "/" or "/team/"',
  );
  if (literal(p.scope) && p.scope !== 'all' && p.scope !== 'tagged')
    throw invalidProp('scope', 'be "all" or "tagged"', p.scope);
  literalItems(p.includeUsers).forEach((u, i) => check.iamUserName(`includeUsers[${i}]`, u));
  literalItems(p.excludeUsers).forEach((u, i) => check.iamUserName(`excludeUsers[${i}]`, u));
  const both = p.includeUsers.find((u) => p.excludeUsers.includes(u));
  if (both !== undefined) {
    throw invalidProp(
      'excludeUsers',
      'not name a user that includeUsers names',
      both,
      'remove it from one list',
    );
  }
  if (p.exemptGroup !== '')
    check.matches(
      'exemptGroup',
      p.exemptGroup,
      check.IAM_NAME,
      'be an IAM group name (1-64 of A-Z a-z 0-9 +=,.@_-)',
    );
  check.matches(
    'tagPrefix',
    p.tagPrefix,
    /^(?!aws:)[A-Za-z0-9_.:/=+@-]{1,100}$/i,
    'be 1-100 tag-key characters not starting with "aws:"',
  );
  check.integerInRange('maxDestructiveActions', p.maxDestructiveActions, 1, 10000);
  check.matches(
    'secretPrefix',
    p.secretPrefix,
    check.SECRET_NAME_CHARS,
    'hold only A-Z a-z 0-9 /_+=.@-',
    'e.g. "iam-access-key/"',
  );
  literalItems(p.secretAdminPrincipalArns).forEach((a, i) =>
    check.arn(`secretAdminPrincipalArns[${i}]`, a, 'iam'),
  );
  validateSecretUsers(p);
  literalItems(p.opsEmails).forEach((e, i) => check.email(`opsEmails[${i}]`, e));
  if (literal(p.owners)) validateOwners(p);
  if (p.kmsKeyArn !== undefined) check.arn('kmsKeyArn', p.kmsKeyArn, 'kms');
  check.matches(
    'scheduleExpression',
    p.scheduleExpression,
    /^(rate|cron)\(.+\)$/,
    'be an EventBridge rate(...) or cron(...) expression',
    'e.g. "rate(1 day)"',
  );
  if (literal(p.architecture) && p.architecture !== 'arm64' && p.architecture !== 'x86_64') {
    throw invalidProp('architecture', 'be "arm64" or "x86_64"', p.architecture);
  }
  validateFunction(p);
}

/** A list expression's elements are unknown until Terraform runs: nothing to check here. */
function literalItems<T>(list: readonly T[]): readonly T[] {
  return isExpression(list) ? [] : list;
}

function validateDays(p: ResolvedProps): void {
  for (const prop of [
    'rotationDays',
    'warnDays',
    'graceDays',
    'unusedDays',
    'recoveryDays',
  ] as const) {
    check.integerInRange(prop, p[prop], 1, 3650);
  }
  if ([p.rotationDays, p.warnDays, p.graceDays].some(isExpression)) return;
  if (p.rotationDays <= p.graceDays) {
    throw new InvalidPropError(
      'rotationDays',
      `rotationDays must be greater than graceDays, got ${p.rotationDays} and ${p.graceDays} (raise rotationDays or lower graceDays)`,
    );
  }
  if (p.rotationDays <= p.warnDays) {
    throw new InvalidPropError(
      'rotationDays',
      `rotationDays must be greater than warnDays, got ${p.rotationDays} and ${p.warnDays} (raise rotationDays or lower warnDays)`,
    );
  }
}

function validateOwners(p: ResolvedProps): void {
  p.owners.forEach((o, i) => {
    check.iamUserName(`owners[${i}].userName`, o.userName);
    check.email(`owners[${i}].email`, o.email);
  });
  check.unique(
    'owners',
    p.owners.map((o) => `${o.userName} <${o.email}>`),
  );
}

function validateSecretUsers(p: ResolvedProps): void {
  if (isExpression(p.managedSecretUsers)) return;
  p.managedSecretUsers.forEach((u, i) => {
    check.iamUserName(`managedSecretUsers[${i}].userName`, u.userName);
    check.matches(
      `managedSecretUsers[${i}].path`,
      u.path,
      check.IAM_PATH,
      'be an IAM path that begins and ends with "/"',
    );
  });
  check.unique(
    'managedSecretUsers',
    p.managedSecretUsers.map((u) => u.userName),
  );
}

function validateFunction(p: ResolvedProps): void {
  check.integerInRange('memorySizeMb', p.memorySizeMb, 128, 10240);
  check.integerInRange('timeoutSeconds', p.timeoutSeconds, 1, 900);
  if (p.reservedConcurrentExecutions !== undefined) {
    check.integerInRange('reservedConcurrentExecutions', p.reservedConcurrentExecutions, 1, 1000);
  }
  if (
    !isExpression(p.logRetentionDays) &&
    !(LOG_RETENTION_DAYS as readonly number[]).includes(p.logRetentionDays)
  ) {
    throw invalidProp(
      'logRetentionDays',
      `be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      p.logRetentionDays,
    );
  }
  check.integerInRange('maxRetryAttempts', p.maxRetryAttempts, 0, 2);
  check.integerInRange('maxEventAgeSeconds', p.maxEventAgeSeconds, 60, 21600);
  if (!fs.existsSync(p.lambdaZipPath)) {
    throw invalidProp(
      'lambdaZipPath',
      'name an existing file',
      p.lambdaZipPath,
      'run `npm run build` first',
    );
  }
}
