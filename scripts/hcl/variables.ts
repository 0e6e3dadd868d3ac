/**
 * The exported module's inputs: one variable per construct prop (lambdaZipPath excepted: the zip ships
 * inside the module), with the prop's doc comment as description, the construct's default, and
 * validation rules mirroring its synth-time checks.
 */
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import { IAM_NAME, IAM_PATH, SECRET_NAME_CHARS } from '../../modules/access-key-lifecycle/checks';
import { LOG_RETENTION_DAYS } from '../../modules/access-key-lifecycle/validate-props';
import * as v from './conditions';

export type ExportedProp = Exclude<keyof AccessKeyLifecycleProps, 'lambdaZipPath'>;

export interface VariableSpec {
  readonly prop: ExportedProp;
  readonly name: string;
  readonly type: string;
  /** `null` default: the prop's "not set" (its @default describes a behaviour). */
  readonly nullable?: boolean;
  readonly validation: readonly v.Validation[];
}

/** The construct's patterns, restated where RE2 lacks the construct's syntax. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;
const TAG_PREFIX = /^[A-Za-z0-9_.:/=+@-]{1,100}$/;
const USER_NAME_RULE = 'be an IAM user name (1-64 of A-Z a-z 0-9 +=,.@_-)';
const PATH_RULE = 'be an IAM path that begins and ends with "/"';

const days = (name: string, prop: ExportedProp): VariableSpec => ({
  prop,
  name,
  type: 'number',
  validation: [v.integerIn(name, 1, 3650)],
});

const moreThan = (other: string): v.Validation =>
  v.custom(
    `var.rotation_days > var.${other}`,
    `rotation_days must be greater than ${other}, got \${var.rotation_days} and \${var.${other}} (raise rotation_days or lower ${other}).`,
  );

export const VARIABLES: readonly VariableSpec[] = [
  {
    prop: 'mode',
    name: 'mode',
    type: 'string',
    validation: [v.oneOf('mode', ['enforce', 'report'])],
  },
  {
    prop: 'namePrefix',
    name: 'name_prefix',
    type: 'string',
    validation: [
      v.matches(
        'name_prefix',
        /^[A-Za-z][A-Za-z0-9-]{0,37}$/,
        'be 1-38 letters, digits or hyphens starting with a letter',
      ),
    ],
  },
  {
    // Cross-variable rules need Terraform >= 1.9 (required_version says so).
    ...days('rotation_days', 'rotationDays'),
    validation: [
      v.integerIn('rotation_days', 1, 3650),
      moreThan('grace_days'),
      moreThan('warn_days'),
    ],
  },
  days('warn_days', 'warnDays'),
  days('grace_days', 'graceDays'),
  days('unused_days', 'unusedDays'),
  days('recovery_days', 'recoveryDays'),
  {
    prop: 'userPathPrefix',
    name: 'user_path_prefix',
    type: 'string',
    validation: [v.matches('user_path_prefix', IAM_PATH, PATH_RULE)],
  },
  {
    prop: 'scope',
    name: 'scope',
    type: 'string',
    validation: [v.oneOf('scope', ['all', 'tagged'])],
  },
  {
    prop: 'includeUsers',
    name: 'include_users',
    type: 'list(string)',
    validation: [v.eachMatches('include_users', IAM_NAME, USER_NAME_RULE)],
  },
  {
    prop: 'excludeUsers',
    name: 'exclude_users',
    type: 'list(string)',
    validation: [
      v.eachMatches('exclude_users', IAM_NAME, USER_NAME_RULE),
      v.custom(
        'length(setintersection(var.include_users, var.exclude_users)) == 0',
        'exclude_users must not name a user that include_users names, got ${jsonencode(setintersection(var.include_users, var.exclude_users))} (remove it from one list).',
      ),
    ],
  },
  {
    prop: 'exemptGroup',
    name: 'exempt_group',
    type: 'string',
    validation: [
      v.custom(
        `var.exempt_group == "" || can(regex(${v.hclString(IAM_NAME.source)}, var.exempt_group))`,
        'exempt_group must be "" or an IAM group name (1-64 of A-Z a-z 0-9 +=,.@_-), got ${jsonencode(var.exempt_group)}.',
      ),
    ],
  },
  {
    prop: 'tagPrefix',
    name: 'tag_prefix',
    type: 'string',
    validation: [
      v.custom(
        `can(regex(${v.hclString(TAG_PREFIX.source)}, var.tag_prefix)) && !startswith(lower(var.tag_prefix), "aws:")`,
        'tag_prefix must be 1-100 tag-key characters not starting with "aws:", got ${jsonencode(var.tag_prefix)}.',
      ),
    ],
  },
  {
    prop: 'maxDestructiveActions',
    name: 'max_destructive_actions',
    type: 'number',
    validation: [v.integerIn('max_destructive_actions', 1, 10000)],
  },
  {
    prop: 'secretPrefix',
    name: 'secret_prefix',
    type: 'string',
    validation: [v.matches('secret_prefix', SECRET_NAME_CHARS, 'hold only A-Z a-z 0-9 /_+=.@-')],
  },
  {
    prop: 'secretAdminPrincipalArns',
    name: 'secret_admin_principal_arns',
    type: 'list(string)',
    validation: [
      v.custom(
        `alltrue([for x in var.secret_admin_principal_arns : can(regex(${v.hclString(ARN.source)}, x)) && split(":", x)[2] == "iam"])`,
        'every entry of secret_admin_principal_arns must be an IAM ARN like arn:aws:iam::123456789012:role/admin, got ${jsonencode(var.secret_admin_principal_arns)}.',
      ),
    ],
  },
  {
    prop: 'managedSecretUsers',
    name: 'managed_secret_users',
    type: 'list(object({ user_name = string, path = optional(string, "/") }))',
    validation: [
      v.eachMatches('managed_secret_users', IAM_NAME, USER_NAME_RULE, 'user_name'),
      v.eachMatches('managed_secret_users', IAM_PATH, PATH_RULE, 'path'),
      v.unique('managed_secret_users', 'x.user_name', 'a user_name'),
    ],
  },
  {
    prop: 'opsEmails',
    name: 'ops_emails',
    type: 'list(string)',
    validation: [v.eachMatches('ops_emails', EMAIL, 'be an email address like ops@example.com')],
  },
  {
    prop: 'owners',
    name: 'owners',
    type: 'list(object({ user_name = string, email = string }))',
    validation: [
      v.eachMatches('owners', IAM_NAME, USER_NAME_RULE, 'user_name'),
      v.eachMatches('owners', EMAIL, 'be an email address like alice@example.com', 'email'),
      v.unique('owners', '"${x.user_name} <${x.email}>"', 'a user_name and email pair'),
    ],
  },
  {
    prop: 'kmsKeyArn',
    name: 'kms_key_arn',
    type: 'string',
    nullable: true,
    validation: [
      v.custom(
        `var.kms_key_arn == null ? true : can(regex(${v.hclString(ARN.source)}, var.kms_key_arn)) && split(":", var.kms_key_arn)[2] == "kms"`,
        'kms_key_arn must be null or a kms ARN like arn:aws:kms:us-east-1:123456789012:key/..., got ${jsonencode(var.kms_key_arn)}.',
      ),
    ],
  },
  {
    prop: 'scheduleExpression',
    name: 'schedule_expression',
    type: 'string',
    validation: [
      v.matches(
        'schedule_expression',
        /^(rate|cron)\(.+\)$/,
        'be an EventBridge rate(...) or cron(...) expression',
      ),
    ],
  },
  {
    prop: 'enableCloudTrailTrigger',
    name: 'enable_cloudtrail_trigger',
    type: 'bool',
    validation: [],
  },
  {
    prop: 'architecture',
    name: 'architecture',
    type: 'string',
    validation: [v.oneOf('architecture', ['arm64', 'x86_64'])],
  },
  {
    prop: 'memorySizeMb',
    name: 'memory_size_mb',
    type: 'number',
    validation: [v.integerIn('memory_size_mb', 128, 10240)],
  },
  {
    prop: 'timeoutSeconds',
    name: 'timeout_seconds',
    type: 'number',
    validation: [v.integerIn('timeout_seconds', 1, 900)],
  },
  {
    prop: 'reservedConcurrentExecutions',
    name: 'reserved_concurrent_executions',
    type: 'number',
    nullable: true,
    validation: [v.nullOrIntegerIn('reserved_concurrent_executions', 1, 1000)],
  },
  {
    prop: 'logRetentionDays',
    name: 'log_retention_days',
    type: 'number',
    validation: [v.oneOf('log_retention_days', LOG_RETENTION_DAYS)],
  },
  {
    prop: 'maxRetryAttempts',
    name: 'max_retry_attempts',
    type: 'number',
    validation: [v.integerIn('max_retry_attempts', 0, 2)],
  },
  {
    prop: 'maxEventAgeSeconds',
    name: 'max_event_age_seconds',
    type: 'number',
    validation: [v.integerIn('max_event_age_seconds', 60, 21600)],
  },
  { prop: 'enableAlarms', name: 'enable_alarms', type: 'bool', validation: [] },
];
