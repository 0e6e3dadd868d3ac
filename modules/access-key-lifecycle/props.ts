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

/**
 * Settings of one AccessKeyLifecycle deployment (one per AWS account). Every engine setting maps to one
 * environment variable of the Lambda function (README, "Configuration reference").
 */
export interface AccessKeyLifecycleProps {
  /**
   * `enforce` creates, deactivates and deletes keys; `report` performs no writes and reports the plan.
   * Required: a key-deleting tool makes you choose.
   */
  readonly mode: LifecycleMode;
  /**
   * Prefix of every resource name (function, role, topic, queue, rules, alarms, key alias).
   * @default "iam-key-lifecycle"
   */
  readonly namePrefix?: string;
  /**
   * An Active key this many days old is due for rotation (Security Hub IAM.3).
   * @default 90
   */
  readonly rotationDays?: number;
  /**
   * Owners are warned this many days before rotation is due; must be less than rotationDays.
   * @default 7
   */
  readonly warnDays?: number;
  /**
   * After a replacement is created, the old key stays Active this many days; must be less than rotationDays.
   * @default 7
   */
  readonly graceDays?: number;
  /**
   * An Active key idle this many days is deactivated without replacement (CIS 1.12 / IAM.22).
   * @default 45
   */
  readonly unusedDays?: number;
  /**
   * An Inactive key is deleted only after this many days of observed inactivity.
   * @default 10
   */
  readonly recoveryDays?: number;
  /**
   * Only users under this IAM path are in scope; the role policy is scoped to `user<path>*`.
   * @default "/"
   */
  readonly userPathPrefix?: string;
  /**
   * `tagged` narrows scope to users tagged `<tagPrefix>managed` = `true`, and conditions every mutating
   * IAM permission on that tag.
   * @default "all"
   */
  readonly scope?: LifecycleScope;
  /**
   * When set, only these user names (still under userPathPrefix) are in scope.
   * @default - every user under userPathPrefix
   */
  readonly includeUsers?: readonly string[];
  /**
   * User names never evaluated.
   * @default - no user excluded
   */
  readonly excludeUsers?: readonly string[];
  /**
   * Members of this IAM group are exempt (reported, never acted on).
   * @default - no group exemption; the `<tagPrefix>exempt-until` tag still applies
   */
  readonly exemptGroup?: string;
  /**
   * Prefix of the override, exemption and state tags the engine reads and writes on users.
   * @default "key-lifecycle:"
   */
  readonly tagPrefix?: string;
  /**
   * A run that would deactivate plus delete more keys than this performs none of them; also the rolling
   * 24-hour budget shared by every invocation. 0 = warn and rotate only, never deactivate or delete.
   * @default 20
   */
  readonly maxDestructiveActions?: number;
  /**
   * An `exempt-until` tag further ahead than this many days counts only this many days from each run,
   * with warning `exemption-capped` naming the user and tag.
   * @default 365
   */
  readonly maxExemptionDays?: number;
  /**
   * Secret name = secretPrefix + user name; Secrets Manager permissions are scoped to this prefix.
   * @default "iam-access-key/"
   */
  readonly secretPrefix?: string;
  /**
   * Principals (ARNs) besides the owning user and the engine role that may read key secrets.
   * @default - only the owning user and the engine role
   */
  readonly secretAdminPrincipalArns?: readonly string[];
  /**
   * Principals (ARNs) who may set tags under tagPrefix (managed, override and exemption tags) besides
   * the engine role; named in the tag_prefix_guard_statement_json output.
   * @default - only the engine role
   */
  readonly tagAdminPrincipalArns?: readonly string[];
  /**
   * Users whose secrets Terraform creates up front, with an owner-only resource policy.
   * @default - none; the engine creates secrets on first rotation
   */
  readonly managedSecretUsers?: readonly ManagedSecretUser[];
  /**
   * Addresses subscribed to every notification (ops, security team).
   * @default - no email subscriptions; subscribe to the topic output yourself
   */
  readonly opsEmails?: readonly string[];
  /**
   * Key owners subscribed to the notifications about their own user only.
   * @default - no owner subscriptions
   */
  readonly owners?: readonly KeyOwner[];
  /**
   * Customer managed KMS key for the topic, queue, log group, secrets and environment variables.
   * Its key policy must allow the engine role and the logs/cloudwatch service principals.
   * @default - a new key with automatic rotation and an explicit key policy
   */
  readonly kmsKeyArn?: string;
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
   * Function memory; also buys CPU for parsing the credential report of 5,000 users.
   * @default 512
   */
  readonly memorySizeMb?: number;
  /**
   * Function timeout; the maximum, so throttling backoff at 5,000 users never cuts a run short. At least
   * 225: the deadline guard stops starting users 120 s before the end and keeps a fifth of the run for
   * executing, so anything shorter would defer every user on every run.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * Reserved concurrency; 1 is recommended so runs never overlap. Accounts with a small concurrency
   * quota reject any reservation, hence off by default.
   * @default - no reserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Retention of the function's log group (the audit trail).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Retries of a failed asynchronous invocation before it goes to the dead-letter queue (0-2).
   * @default 2
   */
  readonly maxRetryAttempts?: number;
  /**
   * Age after which an undelivered asynchronous event is sent to the dead-letter queue (60-21600).
   * @default 3600
   */
  readonly maxEventAgeSeconds?: number;
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
   * The deterministic Lambda zip built by `npm run build`.
   * @default "<repo>/dist/lambda/handler.zip"
   */
  readonly lambdaZipPath?: string;
}
