/**
 * The exported module's inputs: one variable per construct prop (lambdaZipPath excepted: the zip ships
 * inside the module), with the prop's doc comment as description, the construct's default, and
 * validation rules mirroring its synth-time checks.
 */
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import {
  EMAIL,
  EMAIL_RULE,
  IAM_PATH,
  USER_NAME_RULE,
} from '../../modules/access-key-lifecycle/checks';
import { SCHEDULE_EXPRESSION, SETTINGS, type SettingName } from '../../lambda/config/settings';
import { RULE_SETTING_LIST } from '../../lambda/core/plan-user';
import { LOG_RETENTION_DAYS } from '../../modules/access-key-lifecycle/validate-props';
import * as v from './conditions';
import {
  ACCOUNT_ID,
  POLICY_ARN,
  QUOTA_FIX,
  QUOTA_RULE,
  RESERVED_TAG_PREFIX,
  RULES,
  SNS_TOPIC_ARN,
  SWITCH_WORDS,
  TAG_KEY,
  TAG_VALUE,
  VPC_WORDS,
} from '../../modules/access-key-lifecycle/validate-resources';
import { FILTER_POLICY_VALUES } from '../../modules/access-key-lifecycle/subscription-keys';

export type ExportedProp = Exclude<keyof AccessKeyLifecycleProps, 'lambdaZipPath'>;

export interface VariableSpec {
  readonly prop: ExportedProp;
  readonly name: string;
  readonly type: string;
  /** `null` default: the prop's "not set" (its @default describes a behaviour). */
  readonly nullable?: boolean;
  readonly validation: readonly v.Validation[];
}

const PATH_RULE = 'be an IAM path that begins and ends with "/"';

/**
 * IAM_NAME and IAM_PATH as RE2 compiles them fast, with the length checked apart. Terraform compiles a
 * `regex()` pattern on every call and evaluates both the condition and the message of each rule, and a
 * counted repetition (`{1,64}`) makes a program 64 times larger: 2,000 owners took ~2 s of CPU, now ~0.5.
 * The same values pass: `^X{1,64}$` is `^X+$` of length <= 64; the path's `{0,510}` between two `/` is a
 * length <= 512.
 */
export const UNBOUNDED = {
  name: { pattern: /^[\w+=,.@-]+$/, maxLength: 64 },
  path: { pattern: /^\/([\x21-\x7e]*\/)?$/, maxLength: 512 },
} as const;

const TYPES = { integer: 'number', text: 'string', list: 'list(string)' } as const;

/**
 * A variable for a setting of lambda/config/settings.ts: its name, type and bounds come from there;
 * `more` adds rules that compare it with other variables.
 */
function setting(
  prop: SettingName & ExportedProp,
  more: readonly v.Validation[] = [],
  options: { nullable?: boolean } = {},
): VariableSpec {
  const s = SETTINGS[prop];
  return {
    prop,
    name: s.hcl,
    type: TYPES[s.kind],
    ...(options.nullable ? { nullable: true } : {}),
    validation: [v.fromSetting(s.hcl, s, options), ...more],
  };
}

/**
 * Rules comparing two variables: Terraform evaluates them at `terraform plan`,
 * never at `terraform validate`, which treats the other variable as unknown (checked with 1.11).
 */
const moreThan = (other: string): v.Validation =>
  v.custom(
    `var.rotation_days > var.${other}`,
    `rotation_days must be greater than ${other}, got \${var.rotation_days} and \${var.${other}} (raise rotation_days or lower ${other}).`,
  );

/** The number of owner subscriptions the module creates (subscriptions.ts, computed by Terraform). */
const OWNER_SUBSCRIPTIONS = `sum(concat([0], [for users in values({ for o in var.owners : lower(o.email) => o.user_name... }) : ceil(length(distinct(users)) / ${FILTER_POLICY_VALUES})]))`;

export const VARIABLES: readonly VariableSpec[] = [
  {
    prop: 'mode',
    name: 'mode',
    type: 'string',
    validation: [v.oneOf('mode', ['enforce', 'report'], 'there is no default: choose one')],
  },
  setting('namePrefix'),
  // Cross-variable rules need Terraform >= 1.9 (required_version says so).
  setting('rotationDays', [moreThan('grace_days'), moreThan('warn_days')]),
  setting('warnDays'),
  setting('graceDays'),
  setting('unusedDays'),
  setting('recoveryDays'),
  setting('userPathPrefix'),
  {
    prop: 'scope',
    name: 'scope',
    type: 'string',
    validation: [v.oneOf('scope', ['all', 'tagged'])],
  },
  setting('includeUsers'),
  setting('excludeUsers', [v.disjoint('exclude_users', 'include_users')]),
  setting('exemptGroup'),
  setting('tagPrefix'),
  setting('maxDestructiveActions'),
  setting('maxExemptionDays'),
  // Every optional rule's settings, as the rule declares them (lambda/core/model/rule-settings.ts).
  ...RULE_SETTING_LIST.map((s) => setting(s.prop)),
  setting('secretPrefix'),
  setting('secretAdminPrincipalArns'),
  setting('tagAdminPrincipalArns'),
  {
    prop: 'managedSecretUsers',
    name: 'managed_secret_users',
    type: 'list(object({ user_name = string, path = optional(string, "/") }))',
    validation: [
      v.eachMatches('managed_secret_users', UNBOUNDED.name.pattern, USER_NAME_RULE, {
        attr: 'user_name',
        maxLength: UNBOUNDED.name.maxLength,
      }),
      v.eachMatches('managed_secret_users', UNBOUNDED.path.pattern, PATH_RULE, {
        attr: 'path',
        maxLength: UNBOUNDED.path.maxLength,
      }),
      v.unique('managed_secret_users', 'x.user_name', '.user_name'),
    ],
  },
  {
    prop: 'opsEmails',
    name: 'ops_emails',
    type: 'list(string)',
    validation: [v.eachMatches('ops_emails', EMAIL, EMAIL_RULE), v.unique('ops_emails', 'x')],
  },
  {
    prop: 'owners',
    name: 'owners',
    type: 'list(object({ user_name = string, email = string }))',
    validation: [
      v.eachMatches('owners', UNBOUNDED.name.pattern, USER_NAME_RULE, {
        attr: 'user_name',
        maxLength: UNBOUNDED.name.maxLength,
      }),
      v.eachMatches('owners', EMAIL, EMAIL_RULE, { attr: 'email' }),
      v.unique('owners', '"${x.user_name} ${x.email}"'),
    ],
  },
  setting('kmsKeyArn', [], { nullable: true }),
  {
    prop: 'scheduleExpression',
    name: 'schedule_expression',
    type: 'string',
    validation: [
      v.matches(
        'schedule_expression',
        new RegExp(SCHEDULE_EXPRESSION.pattern),
        SCHEDULE_EXPRESSION.rule,
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
  setting('memorySizeMb'),
  setting('timeoutSeconds'),
  setting('reservedConcurrentExecutions', [], { nullable: true }),
  {
    prop: 'logRetentionDays',
    name: 'log_retention_days',
    type: 'number',
    validation: [v.oneOf('log_retention_days', LOG_RETENTION_DAYS)],
  },
  setting('maxRetryAttempts'),
  setting('maxEventAgeSeconds'),
  { prop: 'enableAlarms', name: 'enable_alarms', type: 'bool', validation: [] },
  { prop: 'createDashboard', name: 'create_dashboard', type: 'bool', validation: [] },
  // Fitting into an estate: bring-your-own resources, tags, role path and boundary, account id, SNS quota.
  {
    prop: 'createKmsKey',
    name: 'create_kms_key',
    type: 'bool',
    validation: [switchAgrees('create_kms_key', 'kms_key_arn', 'key')],
  },
  {
    prop: 'createSnsTopic',
    name: 'create_sns_topic',
    type: 'bool',
    validation: [switchAgrees('create_sns_topic', 'sns_topic_arn', 'topic')],
  },
  {
    prop: 'snsTopicArn',
    name: 'sns_topic_arn',
    type: 'string',
    nullable: true,
    validation: [nullOr('sns_topic_arn', SNS_TOPIC_ARN, RULES.snsTopicArn)],
  },
  {
    prop: 'tags',
    name: 'tags',
    type: 'map(string)',
    validation: [
      eachTag(
        'tags',
        `!(can(regex(${v.hclString(TAG_KEY.source)}, k)) && !startswith(lower(k), ${v.hclString(RESERVED_TAG_PREFIX)}))`,
        `format("tags must %s, got %s.", ${v.hclString(RULES.tagKey)}, jsonencode(k))`,
      ),
      eachTag(
        'tags',
        `!can(regex(${v.hclString(TAG_VALUE.source)}, x))`,
        `format("tags[%s] must %s, got %s.", jsonencode(k), ${v.hclString(RULES.tagValue)}, jsonencode(x))`,
      ),
    ],
  },
  {
    prop: 'rolePath',
    name: 'role_path',
    type: 'string',
    validation: [v.matches('role_path', IAM_PATH, RULES.rolePath)],
  },
  {
    prop: 'permissionsBoundaryArn',
    name: 'permissions_boundary',
    type: 'string',
    nullable: true,
    validation: [nullOr('permissions_boundary', POLICY_ARN, RULES.permissionsBoundaryArn)],
  },
  {
    prop: 'accountId',
    name: 'account_id',
    type: 'string',
    nullable: true,
    validation: [nullOr('account_id', ACCOUNT_ID, RULES.accountId)],
  },
  {
    prop: 'snsFilterPolicyQuota',
    name: 'sns_filter_policy_quota',
    type: 'number',
    validation: [
      v.integerIn('sns_filter_policy_quota', 1, 100000),
      v.custom(
        // Only once the quota itself is valid, as the construct does.
        `!(var.sns_filter_policy_quota == floor(var.sns_filter_policy_quota) && var.sns_filter_policy_quota >= 1) || ${OWNER_SUBSCRIPTIONS} <= var.sns_filter_policy_quota`,
        `sns_filter_policy_quota must ${QUOTA_RULE(`\${${OWNER_SUBSCRIPTIONS}}`)}, got \${var.sns_filter_policy_quota} (${QUOTA_FIX('sns_filter_policy_quota')}).`,
      ),
    ],
  },
  // Execution role, VPC placement, tracing and code signing (terraform-aws-modules conventions).
  {
    prop: 'createRole',
    name: 'create_role',
    type: 'bool',
    validation: [switchAgrees('create_role', 'role_arn', 'role')],
  },
  setting('roleArn', [], { nullable: true }),
  setting('subnetIds'),
  // One rule for the pair: two rules naming each other's variable would be a cycle for Terraform.
  setting('securityGroupIds', [vpcPair()]),
  { prop: 'enableTracing', name: 'enable_tracing', type: 'bool', validation: [] },
  setting('codeSigningConfigArn', [], { nullable: true }),
];

/** Both VPC lists or neither, worded for the empty one (the construct's words). */
function vpcPair(): v.Validation {
  const [subnets, groups] = ['subnet_ids', 'security_group_ids'];
  const emptied = (name: string, other: string) =>
    v.hclString(`${name} must ${VPC_WORDS.rule(other)}, got [] (${VPC_WORDS.fix(name, other)}).`);
  return v.custom(
    `(length(var.${subnets}) > 0) == (length(var.${groups}) > 0)`,
    `\${length(var.${subnets}) > 0 ? ${emptied(groups, subnets)} : ${emptied(subnets, groups)}}`,
  );
}

/** A create_* switch and its ARN agree: the ARN is given exactly when the switch is off. */
function switchAgrees(create: string, arn: string, what: string): v.Validation {
  const whileCreating = `${arn} must ${SWITCH_WORDS.armWhileCreating(create)}, got \${jsonencode(var.${arn})} (${SWITCH_WORDS.armFix(create, arn, what)}).`;
  const missing = `${arn} must ${SWITCH_WORDS.missing(create)}, got null (${SWITCH_WORDS.missingFix(create, what)}).`;
  return v.custom(
    `var.${create} ? var.${arn} == null : var.${arn} != null`,
    `\${try(var.${create} ? ${v.hclString(whileCreating).replace(/\$\$\{/g, '${')} : ${v.hclString(missing)}, ${v.hclString(`${create} must be true or false, got null.`)})}`,
  );
}

/** A nullable string variable: null ("not set") or matching the construct's pattern. */
function nullOr(name: string, pattern: RegExp, rule: string): v.Validation {
  return v.custom(
    `var.${name} == null ? true : can(regex(${v.hclString(pattern.source)}, var.${name}))`,
    `${name} must ${rule}, got \${jsonencode(var.${name})}.`,
  );
}

/**
 * A rule over each entry `k = x` of a map variable; `bad` is true for a bad entry and `entry` its
 * message. Lists at most LISTED entries, as the list rules do (conditions.ts listed).
 */
function eachTag(name: string, bad: string, entry: string): v.Validation {
  const list = `[for k, x in var.${name} : ${entry} if ${bad}]`;
  return v.custom(`length(${list}) == 0`, v.listed(list, name));
}
