import { ConfigError } from './errors';
import { type LifecycleDays, type Policy, type ScopeMode } from '../core/model/types';
import { RULE_SETTING_LIST } from '../core/plan-user';
import type { EngineConfig, Mode } from './types';
import { EnvReader, type Env } from './env-reader';
import * as formats from './formats';
import { commaList, matching, oneOf, wholeNumber } from './parsers';
import { SETTINGS } from './settings';

/** Defaults and bounds: settings.ts, shared with the construct and the HCL module. */
export const DEFAULT_DAYS: LifecycleDays = {
  rotationDays: SETTINGS.rotationDays.default,
  warnDays: SETTINGS.warnDays.default,
  graceDays: SETTINGS.graceDays.default,
  unusedDays: SETTINGS.unusedDays.default,
  recoveryDays: SETTINGS.recoveryDays.default,
};
export const DEFAULT_SECRET_PREFIX = SETTINGS.secretPrefix.default;
export const DEFAULT_TAG_PREFIX = SETTINGS.tagPrefix.default;
export const DEFAULT_USER_PATH_PREFIX = SETTINGS.userPathPrefix.default;
export const DEFAULT_MAX_DESTRUCTIVE_ACTIONS = SETTINGS.maxDestructiveActions.default;

/** Spelled out (the README test reads this file); settings-bounds.test.ts checks them against settings.ts. */
const DAY_VARIABLES: Readonly<Record<keyof LifecycleDays, string>> = {
  rotationDays: 'ROTATION_DAYS',
  warnDays: 'WARN_DAYS',
  graceDays: 'GRACE_DAYS',
  unusedDays: 'UNUSED_DAYS',
  recoveryDays: 'RECOVERY_DAYS',
};

const days = (k: keyof LifecycleDays) => wholeNumber(SETTINGS[k].min, SETTINGS[k].max, 'days');
const userNames = commaList(formats.USER_NAME);

/**
 * Parses and validates the engine's environment (README, "Configuration reference"). Pure: no AWS call, no clock. Variables it does
 * not know are ignored, since Lambda sets many of its own.
 *
 * @throws ConfigError listing every invalid variable, its value and what is allowed.
 */
export function loadConfig(env: Env): EngineConfig {
  const r = new EnvReader(env);
  const mode = r.required(
    'MODE',
    oneOf<Mode>(['enforce', 'report']),
    'set it to "enforce" or "report"; there is no default because this tool deactivates and deletes access keys, so the choice must be yours ("report" changes nothing)',
  );
  const snsTopicArn = r.required(
    'SNS_TOPIC_ARN',
    matching(formats.SNS_TOPIC_ARN),
    `set it to ${formats.SNS_TOPIC_ARN.allowed}; owners and operators are told of every change there`,
  );
  const secretPrefix = r.optional(
    'SECRET_PREFIX',
    matching(formats.SECRET_PREFIX),
    DEFAULT_SECRET_PREFIX,
  );
  const secretKmsKeyId = r.optional('SECRET_KMS_KEY_ID', matching(formats.KMS_KEY_ID));
  const secretAdminPrincipalArns = r.optional(
    'SECRET_ADMIN_PRINCIPAL_ARNS',
    commaList(formats.IAM_PRINCIPAL_ARN),
    [],
  );
  const policy = readPolicy(r);
  const stateMacKeyId = r.optional('STATE_MAC_KEY_ID', matching(formats.KMS_KEY_ID));
  const coordinationTable = r.optional('COORDINATION_TABLE', matching(formats.DYNAMODB_TABLE));

  if (r.problems.length > 0 || mode === undefined || snsTopicArn === undefined) {
    throw new ConfigError(r.problems);
  }
  return {
    mode,
    snsTopicArn,
    secretPrefix,
    ...(secretKmsKeyId === undefined ? {} : { secretKmsKeyId }),
    secretAdminPrincipalArns,
    policy,
    ...(stateMacKeyId === undefined ? {} : { stateMacKeyId }),
    ...(coordinationTable === undefined ? {} : { coordinationTable }),
  };
}

function readPolicy(r: EnvReader): Policy {
  const lifecycle = readDays(r);
  const includeUsers = r.optional('INCLUDE_USERS', userNames, []);
  const excludeUsers = r.optional('EXCLUDE_USERS', userNames, []);
  const both = includeUsers.filter((u) => excludeUsers.includes(u));
  if (both.length > 0) {
    r.problem(
      'EXCLUDE_USERS',
      `must not name users that INCLUDE_USERS also names (${both.join(', ')}); remove them from one list`,
    );
  }
  const exemptGroup = r.optional('EXEMPT_GROUP', matching(formats.GROUP_NAME));
  return {
    days: lifecycle,
    userPathPrefix: r.optional(
      'USER_PATH_PREFIX',
      matching(formats.USER_PATH_PREFIX),
      DEFAULT_USER_PATH_PREFIX,
    ),
    scope: r.optional('SCOPE', oneOf<ScopeMode>(['all', 'tagged']), 'all'),
    includeUsers,
    excludeUsers,
    ...(exemptGroup === undefined ? {} : { exemptGroup }),
    tagPrefix: r.optional('TAG_PREFIX', matching(formats.TAG_PREFIX), DEFAULT_TAG_PREFIX),
    // 0 is allowed on purpose: it turns the engine into a warn-and-rotate tool that never deactivates or deletes.
    maxDestructiveActions: r.optional(
      'MAX_DESTRUCTIVE_ACTIONS',
      wholeNumber(
        SETTINGS.maxDestructiveActions.min,
        SETTINGS.maxDestructiveActions.max,
        'keys per run (0 = never deactivate or delete)',
      ),
      DEFAULT_MAX_DESTRUCTIVE_ACTIONS,
    ),
    maxExemptionDays: r.optional(
      'MAX_EXEMPTION_DAYS',
      wholeNumber(
        SETTINGS.maxExemptionDays.min,
        SETTINGS.maxExemptionDays.max,
        'days an exempt-until tag may reach ahead',
      ),
      SETTINGS.maxExemptionDays.default,
    ),
    ruleSettings: readRuleSettings(r),
  };
}

/** Every optional rule's settings, each from the variable its rule declares (core/model/rule-settings.ts). */
function readRuleSettings(r: EnvReader): Readonly<Record<string, number>> {
  return Object.fromEntries(
    RULE_SETTING_LIST.map((s) => [
      s.prop,
      r.optional(s.env, wholeNumber(s.min, s.max, s.unit), s.default),
    ]),
  );
}

function readDays(r: EnvReader): LifecycleDays {
  const read = (k: keyof LifecycleDays) => r.optional(DAY_VARIABLES[k], days(k), DEFAULT_DAYS[k]);
  const lifecycle: LifecycleDays = {
    rotationDays: read('rotationDays'),
    warnDays: read('warnDays'),
    graceDays: read('graceDays'),
    unusedDays: read('unusedDays'),
    recoveryDays: read('recoveryDays'),
  };
  mustBeBelowRotation(r, lifecycle, 'warnDays', 'the warning would come after rotation is due');
  mustBeBelowRotation(
    r,
    lifecycle,
    'graceDays',
    'the old key would still be Active when the new one is due',
  );
  return lifecycle;
}

function mustBeBelowRotation(
  r: EnvReader,
  lifecycle: LifecycleDays,
  setting: 'warnDays' | 'graceDays',
  why: string,
): void {
  const variable = DAY_VARIABLES[setting];
  if (!r.allValid(variable, 'ROTATION_DAYS') || lifecycle[setting] < lifecycle.rotationDays) return;
  r.problem(
    variable,
    `must be smaller than ROTATION_DAYS (${variable} is ${lifecycle[setting]}, ROTATION_DAYS is ${lifecycle.rotationDays}), otherwise ${why}; lower ${variable} or raise ROTATION_DAYS`,
  );
}
