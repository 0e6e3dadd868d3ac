import { InvalidPropError, InvalidPropsError, invalidProp } from './errors';
import type { ResolvedProps } from './defaults';
import * as check from './checks';
import { validateResourceProps } from './validate-resources';
import * as fs from 'fs';
import { isExpression } from './expressions';
import { SCHEDULE_EXPRESSION, SETTINGS } from '../../lambda/config/settings';
import { RULE_SETTING_LIST } from '../../lambda/core/plan-user';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/**
 * Throws one InvalidPropsError listing every invalid prop (order follows the props interface), so a
 * synth shows all problems at once. Props that are Terraform expressions are skipped: the exported HCL
 * module's variable validations check those.
 */
export function validateProps(p: ResolvedProps): void {
  const out: check.Problems = [];
  const literal = (value: unknown) => !isExpression(value);
  if (literal(p.mode) && p.mode !== 'enforce' && p.mode !== 'report') {
    out.push(
      invalidProp('mode', 'be "enforce" or "report"', p.mode, 'there is no default: choose one'),
    );
  }
  check.setting(out, 'namePrefix', p.namePrefix, SETTINGS.namePrefix);
  validateDays(out, p);
  check.setting(out, 'userPathPrefix', p.userPathPrefix, SETTINGS.userPathPrefix);
  if (literal(p.scope) && p.scope !== 'all' && p.scope !== 'tagged')
    out.push(invalidProp('scope', 'be "all" or "tagged"', p.scope));
  validateUserLists(out, p);
  if (p.exemptGroup !== '') check.setting(out, 'exemptGroup', p.exemptGroup, SETTINGS.exemptGroup);
  check.setting(out, 'tagPrefix', p.tagPrefix, SETTINGS.tagPrefix);
  check.setting(
    out,
    'maxDestructiveActions',
    p.maxDestructiveActions,
    SETTINGS.maxDestructiveActions,
  );
  check.setting(out, 'maxExemptionDays', p.maxExemptionDays, SETTINGS.maxExemptionDays);
  for (const s of RULE_SETTING_LIST) {
    check.setting(out, s.prop, p[s.prop], s);
  }
  check.setting(out, 'secretPrefix', p.secretPrefix, SETTINGS.secretPrefix);
  check.setting(
    out,
    'secretAdminPrincipalArns',
    literalItems(p.secretAdminPrincipalArns),
    SETTINGS.secretAdminPrincipalArns,
  );
  check.setting(
    out,
    'tagAdminPrincipalArns',
    literalItems(p.tagAdminPrincipalArns),
    SETTINGS.tagAdminPrincipalArns,
  );
  validateSecretUsers(out, p);
  const opsEmails = literalItems(p.opsEmails);
  opsEmails.forEach((e, i) => check.email(out, `opsEmails[${i}]`, e));
  // Two entries for one address would be two Terraform resources for one SNS subscription.
  check.unique(out, 'opsEmails', opsEmails);
  if (literal(p.owners)) validateOwners(out, p);
  if (p.kmsKeyArn !== undefined) check.setting(out, 'kmsKeyArn', p.kmsKeyArn, SETTINGS.kmsKeyArn);
  check.matches(
    out,
    'scheduleExpression',
    p.scheduleExpression,
    new RegExp(SCHEDULE_EXPRESSION.pattern),
    SCHEDULE_EXPRESSION.rule,
  );
  if (literal(p.architecture) && p.architecture !== 'arm64' && p.architecture !== 'x86_64') {
    out.push(invalidProp('architecture', 'be "arm64" or "x86_64"', p.architecture));
  }
  validateFunction(out, p);
  if (p.roleArn !== undefined) check.setting(out, 'roleArn', p.roleArn, SETTINGS.roleArn);
  for (const prop of ['subnetIds', 'securityGroupIds'] as const) {
    check.setting(out, prop, literalItems(p[prop]), SETTINGS[prop]);
  }
  if (p.codeSigningConfigArn !== undefined) {
    check.setting(
      out,
      'codeSigningConfigArn',
      p.codeSigningConfigArn,
      SETTINGS.codeSigningConfigArn,
    );
  }
  validateResourceProps(out, p);
  if (out.length > 0) throw new InvalidPropsError(out);
}

/** A list expression's elements are unknown until Terraform runs: nothing to check here. */
function literalItems<T>(list: readonly T[]): readonly T[] {
  return isExpression(list) ? [] : list;
}

function validateDays(out: check.Problems, p: ResolvedProps): void {
  for (const prop of [
    'rotationDays',
    'warnDays',
    'graceDays',
    'unusedDays',
    'recoveryDays',
  ] as const) {
    check.setting(out, prop, p[prop], SETTINGS[prop]);
  }
  if ([p.rotationDays, p.warnDays, p.graceDays].some(isExpression)) return;
  // Like Terraform, which skips a rule whose other variable failed its own: that one is reported already.
  const invalid = new Set(out.map((e) => e.prop));
  for (const other of ['graceDays', 'warnDays'] as const) {
    if (!invalid.has(other) && p.rotationDays <= p[other]) {
      const problem = `must be greater than ${other}, got ${p.rotationDays} and ${p[other]} (raise rotationDays or lower ${other})`;
      out.push(new InvalidPropError('rotationDays', `rotationDays ${problem}`, problem));
    }
  }
}

function validateUserLists(out: check.Problems, p: ResolvedProps): void {
  const include = literalItems(p.includeUsers);
  const exclude = literalItems(p.excludeUsers);
  check.setting(out, 'includeUsers', include, SETTINGS.includeUsers);
  check.setting(out, 'excludeUsers', exclude, SETTINGS.excludeUsers);
  exclude.forEach((u, i) => {
    if (include.includes(u)) {
      out.push(
        invalidProp(
          `excludeUsers[${i}]`,
          'not name a user that includeUsers names',
          u,
          'remove it from one list',
        ),
      );
    }
  });
}

function validateOwners(out: check.Problems, p: ResolvedProps): void {
  p.owners.forEach((o, i) => {
    if (typeof o !== 'object' || o === null) {
      out.push(invalidProp(`owners[${i}]`, 'be an object with userName and email', o));
      return;
    }
    check.iamUserName(out, `owners[${i}].userName`, o.userName);
    check.email(out, `owners[${i}].email`, o.email);
  });
  check.unique(
    out,
    'owners',
    p.owners.map((o) => (o ? `${o.userName} ${o.email}` : '')),
  );
}

function validateSecretUsers(out: check.Problems, p: ResolvedProps): void {
  if (isExpression(p.managedSecretUsers)) return;
  p.managedSecretUsers.forEach((u, i) => {
    check.iamUserName(out, `managedSecretUsers[${i}].userName`, u.userName);
    check.matches(
      out,
      `managedSecretUsers[${i}].path`,
      u.path,
      check.IAM_PATH,
      'be an IAM path that begins and ends with "/"',
    );
  });
  check.unique(
    out,
    'managedSecretUsers',
    p.managedSecretUsers.map((u) => u.userName),
    'userName',
  );
}

function validateFunction(out: check.Problems, p: ResolvedProps): void {
  check.setting(out, 'memorySizeMb', p.memorySizeMb, SETTINGS.memorySizeMb);
  check.setting(out, 'timeoutSeconds', p.timeoutSeconds, SETTINGS.timeoutSeconds);
  if (p.reservedConcurrentExecutions !== undefined) {
    check.setting(
      out,
      'reservedConcurrentExecutions',
      p.reservedConcurrentExecutions,
      SETTINGS.reservedConcurrentExecutions,
    );
  }
  if (
    !isExpression(p.logRetentionDays) &&
    !(LOG_RETENTION_DAYS as readonly number[]).includes(p.logRetentionDays)
  ) {
    out.push(
      invalidProp(
        'logRetentionDays',
        `be one of ${LOG_RETENTION_DAYS.join(', ')}`,
        p.logRetentionDays,
      ),
    );
  }
  check.setting(out, 'maxRetryAttempts', p.maxRetryAttempts, SETTINGS.maxRetryAttempts);
  check.setting(out, 'maxEventAgeSeconds', p.maxEventAgeSeconds, SETTINGS.maxEventAgeSeconds);
  if (!fs.existsSync(p.lambdaZipPath)) {
    out.push(
      invalidProp(
        'lambdaZipPath',
        'name an existing file',
        p.lambdaZipPath,
        'run `npm run build` first',
      ),
    );
  }
}
