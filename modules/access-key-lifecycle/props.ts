import type { SETTINGS, Setting, SettingName } from '../../lambda/config/settings';

/** `enforce` acts on keys; `report` computes the same plan and only reports it. */
export type LifecycleMode = 'enforce' | 'report';

/** `all` users under the path prefix, or only those tagged `<tagPrefix>managed` = `true`. */
export type LifecycleScope = 'all' | 'tagged';

export type LambdaArchitecture = 'arm64' | 'x86_64';

/** An IAM user who receives the notifications about their own keys. */
export interface KeyOwner {
  /** IAM user name, matched against the `user` message attribute of every notification. */
  readonly userName: string;
  /** Address subscribed to the topic with a filter policy on `user` = userName. */
  readonly email: string;
}

/** A user whose secret Terraform creates up front (the engine only writes its values). */
export interface ManagedSecretUser {
  /**
   * IAM user name; the secret is named `<secretPrefix><userName>` with `,` (which secret names cannot
   * hold) written as `/`, exactly as the engine names it.
   */
  readonly userName: string;
  /**
   * IAM path of the user, used to build the owner's ARN in the secret's resource policy.
   * @default "/"
   */
  readonly path?: string;
}

/** A setting's value as the construct takes it: a whole number, a text or a list of texts. */
type SettingValue<S extends Setting> = S['kind'] extends 'integer'
  ? number
  : S['kind'] extends 'list'
    ? readonly string[]
    : string;

/**
 * Every setting of lambda/config/settings.ts as an optional prop: its doc comment, default and bounds
 * live there, and the optional rules' settings with their rules (lambda/core/model/rule-settings.ts).
 * docs/module.md lists them with the other props.
 */
export type SettingProps = {
  readonly [K in SettingName]?: SettingValue<(typeof SETTINGS)[K]>;
};

/**
 * Settings of one AccessKeyLifecycle deployment (one per AWS account). Every engine setting maps to one
 * environment variable of the Lambda function (README, "Configuration reference").
 */
export interface AccessKeyLifecycleProps extends SettingProps {
  /**
   * `enforce` creates, deactivates and deletes keys; `report` performs no writes and reports the plan.
   * Required: a key-deleting tool makes you choose.
   */
  readonly mode: LifecycleMode;
  /**
   * `tagged` narrows scope to users tagged `<tagPrefix>managed` = `true`, and conditions every mutating
   * IAM permission on that tag.
   * @default "all"
   */
  readonly scope?: LifecycleScope;
  /**
   * Users whose secrets Terraform creates up front, with an owner-only resource policy. These secrets hold
   * live keys, so they are guarded with `prevent_destroy`: removing a user from this list makes the plan
   * fail instead of deleting the secret. To let go of one, keep the secret: drop its two instances from
   * Terraform state (`terraform state rm` of `aws_secretsmanager_secret.secret["<user>"]` and
   * `aws_secretsmanager_secret_policy.secret["<user>"]`, under the module's address), then the user from
   * this list.
   * @default - none; the engine creates secrets on first rotation
   */
  readonly managedSecretUsers?: readonly ManagedSecretUser[];
  /**
   * Addresses subscribed to every notification (ops, security team). Each subscription is addressed by a
   * short hash of the lower-cased address, so removing or reordering one never touches the others.
   * @default - no email subscriptions; subscribe to the topic output yourself
   */
  readonly opsEmails?: readonly string[];
  /**
   * Key owners subscribed to the notifications about their own users only: one subscription per distinct
   * address (compared lower-cased), whose filter policy lists that address's users, split into chunks of
   * 150 users (the SNS limit of values per filter policy). Addressed by a short hash of the address and
   * the chunk's index, never by list position.
   * @default - no owner subscriptions
   */
  readonly owners?: readonly KeyOwner[];
  /**
   * EventBridge schedule expression of the regular run.
   * @default "rate(1 day)"
   */
  readonly scheduleExpression?: string;
  /**
   * Also run for a single user on CloudTrail CreateAccessKey/UpdateAccessKey events; the engine role's own
   * calls are excluded so its changes never re-trigger it. IAM delivers those events in us-east-1 only,
   * so the plan fails elsewhere.
   * @default false
   */
  readonly enableCloudTrailTrigger?: boolean;
  /**
   * Instruction set of the function.
   * @default "arm64"
   */
  readonly architecture?: LambdaArchitecture;
  /**
   * Retention of the function's log group (the audit trail).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Create CloudWatch alarms (function errors, DLQ messages, blocked rotations, circuit breaker,
   * engine errors) that notify the topic.
   * @default true
   */
  readonly enableAlarms?: boolean;
  /**
   * Create a CloudWatch dashboard over the engine's metrics (actions by kind, blocked rotations,
   * circuit-breaker trips, errors, users deferred, API calls, duration) with the alarms' thresholds
   * drawn; its name is the `dashboard_name` output.
   * @default true
   */
  readonly createDashboard?: boolean;
  /**
   * Create the KMS key (and its alias) that encrypts the secrets, topic, queue, logs and environment.
   * Set false and pass kmsKeyArn to bring your own key; its key policy needs the statements of the
   * kms_key_policy_statements_json output. Only this switch decides whether the key exists (never
   * whether kmsKeyArn is null), so kmsKeyArn may be a key created in the same stack, known only after apply.
   * @default - true unless kmsKeyArn is set (HCL: true)
   */
  readonly createKmsKey?: boolean;
  /**
   * Create the notifications SNS topic. Set false and pass snsTopicArn to bring your own topic: the ops and
   * owner subscriptions and the alarms then use it, and the engine role may publish to it. Its encryption
   * and policy stay yours (a KMS-encrypted topic's key must let the engine role and cloudwatch.amazonaws.com
   * use it). The topic may be created in the same stack, known only after apply.
   * @default - true unless snsTopicArn is set (HCL: true)
   */
  readonly createSnsTopic?: boolean;
  /**
   * ARN of your own SNS topic, used when createSnsTopic is false.
   * @default - the module's own topic
   */
  readonly snsTopicArn?: string;
  /**
   * Tags added to every taggable resource the module creates (merged with the provider's default_tags).
   * @default - no tags beyond the provider's default_tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Create the engine's execution role and its two least-privilege policies. Set false and pass roleArn to
   * bring your own role: give it the role_policy_json and role_key_policy_json outputs (the same documents),
   * a trust policy for lambda.amazonaws.com, and the AWS managed policies AWSLambdaVPCAccessExecutionRole
   * with subnetIds and AWSXRayDaemonWriteAccess with enableTracing. The key and secret policies name it.
   * @default - true unless roleArn is set (HCL: true)
   */
  readonly createRole?: boolean;
  /**
   * Trace every run with AWS X-Ray (`tracing_config.mode = "Active"`); the module's role then gets the
   * AWS managed policy AWSXRayDaemonWriteAccess.
   * @default false
   */
  readonly enableTracing?: boolean;
  /**
   * IAM path of the engine role the module creates. rolePath and permissionsBoundaryArn fit it into an
   * organisation's role conventions; createRole = false brings a role of your own instead. The log group
   * has no switch: it is the audit trail, created with the engine's key and retention; an existing
   * `/aws/lambda/<namePrefix>-engine` group is adopted with an `import` block.
   * @default "/"
   */
  readonly rolePath?: string;
  /**
   * ARN of the managed policy set as the engine role's permissions boundary (HCL: permissions_boundary).
   * The boundary must allow every action of the role policy (docs/module.md, "Engine permissions").
   * @default - no permissions boundary
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Id of the AWS account the module deploys to. Given, the first plan shows the role policy, the key policy
   * and the function environment in full with no AWS call (a plan reviewed without credentials needs it).
   * @default - read from data.aws_caller_identity at plan time
   */
  readonly accountId?: string;
  /**
   * The topic's quota of subscriptions with a filter policy (SNS default 200 per topic, adjustable through
   * Service Quotas). Owner subscriptions are one per distinct address, more when an address owns more than
   * 150 users (SNS allows 150 values per filter policy); more subscriptions than this are refused before
   * anything is created, with the count and the fix.
   * @default 200
   */
  readonly snsFilterPolicyQuota?: number;
  /**
   * The deterministic Lambda zip built by `npm run build`.
   * @default "<repo>/dist/lambda/handler.zip"
   */
  readonly lambdaZipPath?: string;
}
