/**
 * The one source of settings bounds and defaults. The Lambda's own validation
 * (env.ts, formats.ts), the construct's (modules/access-key-lifecycle/validate-props.ts, defaults.ts) and
 * the exported HCL module's variable validations (scripts/hcl/variables.ts) all read these, so a value
 * the module accepts can never make the engine refuse its configuration. The optional rules' settings
 * are declared by each rule (core/model/rule-settings.ts) and added here.
 *
 * Patterns are written in the syntax JavaScript (with the `u` flag) and RE2 (Terraform's `regex`)
 * share: no lookarounds, no backreferences.
 */
import { DEFAULT_MAX_EXEMPTION_DAYS } from '../core/model/types';
import { RULE_SETTINGS } from '../core/plan-user';

interface SettingBase {
  /** Construct prop (camelCase). */
  readonly prop: string;
  /** Variable of the exported HCL module (snake_case). */
  readonly hcl: string;
  /** The Lambda's environment variable; absent for settings of the deployment only. */
  readonly env?: string;
  readonly description: string;
}

export interface IntegerSetting extends SettingBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  /** Absent: the setting has no value unless set (e.g. reserved concurrency). */
  readonly default?: number;
}

export interface TextSetting extends SettingBase {
  readonly kind: 'text';
  /** Anchored whole-value pattern, length included. */
  readonly pattern: string;
  /** What is allowed, phrased to follow "must". */
  readonly rule: string;
  /** Case-insensitive prefix the value must not start with. */
  readonly notStartingWith?: string;
  /** `""` when the setting is off by default (the construct's and HCL module's "not set"). */
  readonly default: string;
}

export interface ListSetting extends SettingBase {
  readonly kind: 'list';
  /** Each item's anchored pattern; never holds `,`, since the Lambda reads lists comma-separated. */
  readonly itemPattern: string;
  readonly itemRule: string;
}

export type Setting = IntegerSetting | TextSetting | ListSetting;

/**
 * The deadline guard's margin (lambda/engine/deadline.ts): longer than one user's worst case. A rotation with its rollback is about 15 sequential calls
 * (fresh read, delete, create, five Secrets Manager calls, publish, tags, delete again); under IAM
 * throttling the adaptive retry mode paces each client to the rate IAM grants (~1 s a call at 5
 * req/s shared by 4 workers) and backs off on retries (up to 20 s a pause), so one user can take a
 * minute or more. The rest covers the closing RUN_SUMMARY publish and the summary log line. A user
 * that still overruns is the interrupted-rotation case the pending-create marker recovers next run.
 */
export const SAFETY_MARGIN_MS = 120_000;

/** Share of the run's time (from its start) kept for executing what was read: 180 s of 900 s. */
export const EXECUTION_SHARE = 0.2;

/** Time for the inventory (credential report or its fallback listing) before the first user is read. */
export const INVENTORY_ALLOWANCE_MS = 60_000;

/**
 * The shortest function timeout whose deadline guard (lambda/engine/deadline.ts) still lets a run read
 * and execute one user: reads stop when less than SAFETY_MARGIN_MS + EXECUTION_SHARE of the run is left,
 * so after the inventory T must satisfy T - INVENTORY_ALLOWANCE >= SAFETY_MARGIN + EXECUTION_SHARE x T.
 * (120 s + 60 s) / 0.8 = 225 s. Anything shorter defers every user on every run.
 */
export const MIN_TIMEOUT_SECONDS = Math.ceil(
  (SAFETY_MARGIN_MS + INVENTORY_ALLOWANCE_MS) / (1 - EXECUTION_SHARE) / 1000,
);

const IAM_NAME_NO_COMMA = '[A-Za-z0-9_+=.@-]';
const IAM_PATH = '/(?:[\\x21-\\x7e]{0,510}/)?';
/** A path inside a comma-separated list item: IAM allows `,` in paths, the list cannot hold it. */
const IAM_PATH_NO_COMMA = '/(?:[\\x21-\\x2b\\x2d-\\x7e]{0,510}/)?';

const days = (
  prop: string,
  env: string,
  fallback: number,
  description: string,
): IntegerSetting & { readonly env: string; readonly default: number } => ({
  kind: 'integer',
  prop,
  hcl: prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  env,
  min: 1,
  max: 3650,
  default: fallback,
  description,
});

/** Defaults follow CIS / Security Hub (IAM.3, IAM.22) and the AWS sample solution (docs/lifecycle.md). */
export const SETTINGS = {
  /**
   * An Active key this many days old is due for rotation (Security Hub IAM.3).
   * @default 90
   */
  rotationDays: days('rotationDays', 'ROTATION_DAYS', 90, 'an Active key this old is due'),
  /**
   * Owners are warned this many days before rotation is due; must be less than rotationDays.
   * @default 7
   */
  warnDays: days('warnDays', 'WARN_DAYS', 7, 'warn this many days before rotation is due'),
  /**
   * After a replacement is created, the old key stays Active this many days; must be less than rotationDays.
   * @default 7
   */
  graceDays: days('graceDays', 'GRACE_DAYS', 7, 'the old key stays Active this long'),
  /**
   * An Active key idle this many days is deactivated without replacement (CIS 1.12 / IAM.22).
   * @default 45
   */
  unusedDays: days('unusedDays', 'UNUSED_DAYS', 45, 'an Active key idle this long is deactivated'),
  /**
   * An Inactive key is deleted only after this many days of observed inactivity.
   * @default 10
   */
  recoveryDays: days('recoveryDays', 'RECOVERY_DAYS', 10, 'observed Inactive this long: deleted'),
  /**
   * A run that would deactivate plus delete more keys than this performs none of them; also the rolling
   * 24-hour budget shared by every invocation. 0 = warn and rotate only, never deactivate or delete.
   * @default 20
   */
  maxDestructiveActions: {
    kind: 'integer',
    prop: 'maxDestructiveActions',
    hcl: 'max_destructive_actions',
    env: 'MAX_DESTRUCTIVE_ACTIONS',
    min: 0,
    max: 10000,
    default: 20,
    description:
      'deactivations + deletions per run and per rolling 24 hours; 0 = warn and rotate only',
  },
  /**
   * An `exempt-until` tag further ahead than this many days counts only this many days from each run,
   * with warning `exemption-capped` naming the user and tag.
   * @default 365
   */
  maxExemptionDays: {
    kind: 'integer',
    prop: 'maxExemptionDays',
    hcl: 'max_exemption_days',
    env: 'MAX_EXEMPTION_DAYS',
    min: 1,
    max: 3650,
    default: DEFAULT_MAX_EXEMPTION_DAYS,
    description:
      'an exempt-until tag further ahead than this many days is capped to it, with a warning',
  },
  /**
   * Only users under this IAM path are in scope; the role policy is scoped to `user<path>*`.
   * @default "/"
   */
  userPathPrefix: {
    kind: 'text',
    prop: 'userPathPrefix',
    hcl: 'user_path_prefix',
    env: 'USER_PATH_PREFIX',
    pattern: `^${IAM_PATH}$`,
    rule: 'be an IAM path that begins and ends with "/" (at most 512 printable ASCII characters, no spaces)',
    default: '/',
    description: 'only users under this IAM path are in scope',
  },
  /**
   * Members of this IAM group are exempt (reported, never acted on).
   * @default - no group exemption; the `<tagPrefix>exempt-until` tag still applies
   */
  exemptGroup: {
    kind: 'text',
    prop: 'exemptGroup',
    hcl: 'exempt_group',
    env: 'EXEMPT_GROUP',
    pattern: '^[A-Za-z0-9_+=,.@-]{1,128}$',
    rule: 'be an IAM group name (1-128 of A-Z a-z 0-9 +=,.@_-)',
    default: '',
    description: 'members of this IAM group are exempt',
  },
  /**
   * Prefix of the override, exemption and state tags the engine reads and writes on users.
   * @default "key-lifecycle:"
   */
  tagPrefix: {
    kind: 'text',
    prop: 'tagPrefix',
    hcl: 'tag_prefix',
    env: 'TAG_PREFIX',
    // Keys derived from it (prefix + "key:" + AccessKeyId, ...) stay inside IAM's 128-character limit.
    pattern: '^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]{1,64}$',
    notStartingWith: 'aws:',
    rule: 'be 1-64 tag-key characters (letters, digits, spaces and _.:/=+-@) not starting with "aws:"',
    default: 'key-lifecycle:',
    description: 'prefix of the override, exemption and state tags',
  },
  /**
   * Secret name = secretPrefix + user name; Secrets Manager permissions are scoped to this prefix.
   * @default "iam-access-key/"
   */
  secretPrefix: {
    kind: 'text',
    prop: 'secretPrefix',
    hcl: 'secret_prefix',
    env: 'SECRET_PREFIX',
    // At most 128, so prefix + user name (64) stays far inside Secrets Manager's 512.
    pattern: '^[A-Za-z0-9/_+=.@-]{1,128}$',
    rule: 'be 1-128 characters from A-Z a-z 0-9 /_+=.@-',
    default: 'iam-access-key/',
    description: 'secret name = prefix + user name',
  },
  /**
   * When set, only these user names (still under userPathPrefix) are in scope.
   * @default - every user under userPathPrefix
   */
  includeUsers: {
    kind: 'list',
    prop: 'includeUsers',
    hcl: 'include_users',
    env: 'INCLUDE_USERS',
    itemPattern: `^${IAM_NAME_NO_COMMA}{1,64}$`,
    itemRule: 'be an IAM user name without "," (1-64 of A-Z a-z 0-9 +=.@_-)',
    description: 'when set, only these users are in scope',
  },
  /**
   * User names never evaluated.
   * @default - no user excluded
   */
  excludeUsers: {
    kind: 'list',
    prop: 'excludeUsers',
    hcl: 'exclude_users',
    env: 'EXCLUDE_USERS',
    itemPattern: `^${IAM_NAME_NO_COMMA}{1,64}$`,
    itemRule: 'be an IAM user name without "," (1-64 of A-Z a-z 0-9 +=.@_-)',
    description: 'users never evaluated',
  },
  /**
   * Principals (ARNs) besides the owning user and the engine role that may read key secrets.
   * @default - only the owning user and the engine role
   */
  secretAdminPrincipalArns: {
    kind: 'list',
    prop: 'secretAdminPrincipalArns',
    hcl: 'secret_admin_principal_arns',
    env: 'SECRET_ADMIN_PRINCIPAL_ARNS',
    itemPattern: `^arn:aws(?:-[a-z]+)*:iam::\\d{12}:(?:root|(?:user|role)${IAM_PATH_NO_COMMA}${IAM_NAME_NO_COMMA}{1,64})$`,
    itemRule:
      'be an IAM principal ARN like arn:aws:iam::123456789012:role/admin (root, user or role; no ",")',
    description: 'principals besides the owner and the engine that may read key secrets',
  },
  /**
   * Principals (ARNs) who may set tags under tagPrefix (managed, override and exemption tags) besides
   * the engine role; named in the tag_prefix_guard_statement_json output.
   * @default - only the engine role
   */
  tagAdminPrincipalArns: {
    kind: 'list',
    prop: 'tagAdminPrincipalArns',
    hcl: 'tag_admin_principal_arns',
    itemPattern: `^arn:aws(?:-[a-z]+)*:iam::\\d{12}:(?:root|(?:user|role)${IAM_PATH_NO_COMMA}${IAM_NAME_NO_COMMA}{1,64})$`,
    itemRule:
      'be an IAM principal ARN like arn:aws:iam::123456789012:role/admin (root, user or role; no ",")',
    description: 'principals besides the engine that may set tags under the tag prefix',
  },
  /**
   * Customer managed KMS key for the topic, queue, log group, secrets and environment variables, used
   * when createKmsKey is false. Its key policy needs the kms_key_policy_statements_json output's statements.
   * @default - a new key with automatic rotation and an explicit key policy
   */
  kmsKeyArn: {
    kind: 'text',
    prop: 'kmsKeyArn',
    hcl: 'kms_key_arn',
    env: 'SECRET_KMS_KEY_ID',
    // A key ARN (not an alias): log groups and key policies need the key itself.
    pattern:
      '^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$',
    rule: 'be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id>',
    default: '',
    description: 'customer managed key for secrets, topic, queue, logs and environment',
  },
  /**
   * Prefix of every resource name (function, role, topic, queue, rules, alarms, key alias).
   * @default "iam-key-lifecycle"
   */
  namePrefix: {
    kind: 'text',
    prop: 'namePrefix',
    hcl: 'name_prefix',
    pattern: '^[A-Za-z][A-Za-z0-9-]{0,37}$',
    rule: 'be 1-38 letters, digits or hyphens starting with a letter',
    default: 'iam-key-lifecycle',
    description: 'prefix of every resource name',
  },
  /**
   * Function memory; also buys CPU for parsing the credential report of 5,000 users.
   * @default 512
   */
  memorySizeMb: {
    kind: 'integer',
    prop: 'memorySizeMb',
    hcl: 'memory_size_mb',
    min: 128,
    max: 10240,
    default: 512,
    description: 'function memory',
  },
  /**
   * Function timeout; the maximum, so throttling backoff at 5,000 users never cuts a run short. At least
   * 225: the deadline guard stops starting users 120 s before the end and keeps a fifth of the run for
   * executing, so anything shorter would defer every user on every run.
   * @default 900
   */
  timeoutSeconds: {
    kind: 'integer',
    prop: 'timeoutSeconds',
    hcl: 'timeout_seconds',
    min: MIN_TIMEOUT_SECONDS,
    max: 900,
    default: 900,
    description: `function timeout; below ${MIN_TIMEOUT_SECONDS} s the deadline guard would defer every user`,
  },
  /**
   * Reserved concurrency; 1 is recommended so runs never overlap. Accounts with a small concurrency
   * quota reject any reservation, hence off by default.
   * @default - no reserved concurrency
   */
  reservedConcurrentExecutions: {
    kind: 'integer',
    prop: 'reservedConcurrentExecutions',
    hcl: 'reserved_concurrent_executions',
    min: 1,
    max: 1000,
    description: 'reserved concurrency',
  },
  /**
   * Retries of a failed asynchronous invocation before it goes to the dead-letter queue (0-2).
   * @default 2
   */
  maxRetryAttempts: {
    kind: 'integer',
    prop: 'maxRetryAttempts',
    hcl: 'max_retry_attempts',
    min: 0,
    max: 2,
    default: 2,
    description: 'retries of a failed asynchronous invocation',
  },
  /**
   * Age after which an undelivered asynchronous event is sent to the dead-letter queue (60-21600).
   * @default 3600
   */
  maxEventAgeSeconds: {
    kind: 'integer',
    prop: 'maxEventAgeSeconds',
    hcl: 'max_event_age_seconds',
    min: 60,
    max: 21600,
    default: 3600,
    description: 'age after which an undelivered event goes to the dead-letter queue',
  },
  /**
   * Execution role of the function, used when createRole is false. It must trust lambda.amazonaws.com and
   * hold the role_policy_json and role_key_policy_json outputs (plus the VPC and X-Ray managed policies
   * when those are on); the key and secret policies name it.
   * @default - the module's own role
   */
  roleArn: {
    kind: 'text',
    prop: 'roleArn',
    hcl: 'role_arn',
    pattern: `^arn:aws(?:-[a-z]+)*:iam::\\d{12}:role${IAM_PATH_NO_COMMA}${IAM_NAME_NO_COMMA}{1,64}$`,
    rule: 'be an IAM role ARN like arn:aws:iam::123456789012:role/key-lifecycle (no ",")',
    default: '',
    description: 'execution role brought by the caller',
  },
  /**
   * Subnets the function runs in (VPC placement); needs securityGroupIds too, and from those subnets a way
   * to the AWS APIs the engine calls (docs/module.md, "VPC placement").
   * @default - no VPC: the function runs in the Lambda service network
   */
  subnetIds: {
    kind: 'list',
    prop: 'subnetIds',
    hcl: 'subnet_ids',
    itemPattern: '^subnet-[0-9a-f]{8,17}$',
    itemRule: 'be a subnet id like subnet-0123456789abcdef0',
    description: 'subnets of the function',
  },
  /**
   * Security groups of the function's network interfaces; set together with subnetIds.
   * @default - no VPC: the function runs in the Lambda service network
   */
  securityGroupIds: {
    kind: 'list',
    prop: 'securityGroupIds',
    hcl: 'security_group_ids',
    itemPattern: '^sg-[0-9a-f]{8,17}$',
    itemRule: 'be a security group id like sg-0123456789abcdef0',
    description: 'security groups of the function',
  },
  /**
   * Lambda code signing configuration the function's code is checked against. With the policy
   * `Enforce`, the deployed zip must be signed by one of its signing profiles.
   * @default - no code signing configuration
   */
  codeSigningConfigArn: {
    kind: 'text',
    prop: 'codeSigningConfigArn',
    hcl: 'code_signing_config_arn',
    pattern:
      '^arn:aws(?:-[a-z]+)*:lambda:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}$',
    rule: 'be a Lambda code signing config ARN like arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0',
    default: '',
    description: 'code signing configuration of the function',
  },
  // Every optional rule's settings, as the rule declares them (core/model/rule-settings.ts).
  ...RULE_SETTINGS,
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The pattern as a JavaScript RegExp (the `u` flag gives `\p{...}` the meaning RE2 gives it). */
export function settingRegExp(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** Whether a text value fits the setting (pattern and forbidden prefix). */
export function textAllowed(setting: TextSetting, value: string): boolean {
  if (!settingRegExp(setting.pattern).test(value)) return false;
  const forbidden = setting.notStartingWith;
  return forbidden === undefined || !value.toLowerCase().startsWith(forbidden);
}

/**
 * An EventBridge schedule expression as the module's rule accepts it: `rate(1 minute|hour|day)` or
 * `rate(N minutes|hours|days)` with N ≥ 2, or a six-field `cron(...)`. JavaScript and RE2 read it alike.
 */
export const SCHEDULE_EXPRESSION = {
  pattern:
    '^(rate\\(1 (minute|hour|day)\\)|rate\\(([2-9]|[1-9][0-9]+) (minutes|hours|days)\\)|cron\\([^ ()]+( [^ ()]+){5}\\))$',
  rule: 'be an EventBridge rate(...) expression ("rate(1 day)", "rate(12 hours)"; singular unit for 1, plural for more, never 0) or a six-field cron(...) expression ("cron(0 3 * * ? *)")',
} as const;
