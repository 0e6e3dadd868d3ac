import { InvalidPropError, invalidProp } from './errors';
import type { ResolvedProps } from './defaults';
import * as check from './checks';
import * as fs from 'fs';
import { isExpression } from './expressions';
import { SCHEDULE_EXPRESSION, SETTINGS } from '../../lambda/config/settings';

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
  check.setting('namePrefix', p.namePrefix, SETTINGS.namePrefix);
  validateDays(p);
  check.setting('userPathPrefix', p.userPathPrefix, SETTINGS.userPathPrefix);
  if (literal(p.scope) && p.scope !== 'all' && p.scope !== 'tagged')
    throw invalidProp('scope', 'be "all" or "tagged"', p.scope);
  check.setting('includeUsers', literalItems(p.includeUsers), SETTINGS.includeUsers);
  check.setting('excludeUsers', literalItems(p.excludeUsers), SETTINGS.excludeUsers);
  const both = p.includeUsers.find((u) => p.excludeUsers.includes(u));
  if (both !== undefined) {
    throw invalidProp(
      'excludeUsers',
      'not name a user that includeUsers names',
      both,
      'remove it from one list',
    );
  }
  if (p.exemptGroup !== '') check.setting('exemptGroup', p.exemptGroup, SETTINGS.exemptGroup);
  check.setting('tagPrefix', p.tagPrefix, SETTINGS.tagPrefix);
  check.setting('maxDestructiveActions', p.maxDestructiveActions, SETTINGS.maxDestructiveActions);
  check.setting('maxExemptionDays', p.maxExemptionDays, SETTINGS.maxExemptionDays);
  check.setting('secretPrefix', p.secretPrefix, SETTINGS.secretPrefix);
  check.setting(
    'secretAdminPrincipalArns',
    literalItems(p.secretAdminPrincipalArns),
    SETTINGS.secretAdminPrincipalArns,
  );
  check.setting(
    'tagAdminPrincipalArns',
    literalItems(p.tagAdminPrincipalArns),
    SETTINGS.tagAdminPrincipalArns,
  );
  validateSecretUsers(p);
  literalItems(p.opsEmails).forEach((e, i) => check.email(`opsEmails[${i}]`, e));
  // Two entries for one address would be two Terraform resources for one SNS subscription.
  check.unique('opsEmails', literalItems(p.opsEmails));
  if (literal(p.owners)) validateOwners(p);
  if (p.kmsKeyArn !== undefined) check.setting('kmsKeyArn', p.kmsKeyArn, SETTINGS.kmsKeyArn);
  check.matches(
    'scheduleExpression',
    p.scheduleExpression,
    new RegExp(SCHEDULE_EXPRESSION.pattern),
    SCHEDULE_EXPRESSION.rule,
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
    check.setting(prop, p[prop], SETTINGS[prop]);
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
  check.setting('memorySizeMb', p.memorySizeMb, SETTINGS.memorySizeMb);
  check.setting('timeoutSeconds', p.timeoutSeconds, SETTINGS.timeoutSeconds);
  if (p.reservedConcurrentExecutions !== undefined) {
    check.setting(
      'reservedConcurrentExecutions',
      p.reservedConcurrentExecutions,
      SETTINGS.reservedConcurrentExecutions,
    );
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
  check.setting('maxRetryAttempts', p.maxRetryAttempts, SETTINGS.maxRetryAttempts);
  check.setting('maxEventAgeSeconds', p.maxEventAgeSeconds, SETTINGS.maxEventAgeSeconds);
  if (!fs.existsSync(p.lambdaZipPath)) {
    throw invalidProp(
      'lambdaZipPath',
      'name an existing file',
      p.lambdaZipPath,
      'run `npm run build` first',
    );
  }
}
