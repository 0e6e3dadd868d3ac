import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';

export interface OutputValues {
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly topicArn: string;
  readonly kmsKeyArn: string;
  readonly dlqArn: string;
  readonly dlqUrl: string;
  readonly logGroupName: string;
  readonly scheduleRuleName: string;
  readonly keyEventsRuleName?: string;
  /** The rule exists only while a Terraform expression says so; the output is null otherwise. */
  readonly keyEventsSwitchable?: boolean;
  /** By IAM user name: a literal map, or a Terraform `for` expression over the secrets. */
  readonly secretArns: Readonly<Record<string, string>> | string;
  readonly coordinationTableName: string;
  readonly coordinationTableArn: string;
  readonly stateMacKeyArn: string;
  /** JSON of one policy statement reserving the tag prefix (tag-guard.ts). */
  readonly tagPrefixGuardStatement: string;
  /** Absent when there is no dashboard; `dashboardSwitchable`: null while Terraform switches it off. */
  readonly dashboardName?: string;
  readonly dashboardSwitchable?: boolean;
  /** JSON list of the key policy statements a brought key needs (kms.ts keyUseStatements). */
  readonly kmsKeyPolicyStatements: string;
}

/** One output: its name, the value it shows and its description. */
type OutputSpec = readonly [id: string, value: keyof OutputValues, description: string];

/** Outputs named `<resource>_<attribute>` (terraform-aws-modules convention), in the order they print. */
const OUTPUTS: readonly OutputSpec[] = [
  [
    'function_name',
    'functionName',
    'Name of the engine Lambda function (invoke it for a manual run)',
  ],
  ['function_arn', 'functionArn', 'ARN of the engine Lambda function'],
  ['role_arn', 'roleArn', 'ARN of the engine execution role'],
  ['topic_arn', 'topicArn', 'ARN of the notifications SNS topic (subscribe more endpoints here)'],
  [
    'kms_key_arn',
    'kmsKeyArn',
    'ARN of the KMS key encrypting secrets, topic, queue, logs and environment',
  ],
  ['dlq_arn', 'dlqArn', 'ARN of the dead-letter queue of failed asynchronous invocations'],
  ['dlq_url', 'dlqUrl', 'URL of the dead-letter queue'],
  ['log_group_name', 'logGroupName', 'Log group holding the audit trail and EMF metrics'],
  ['schedule_rule_name', 'scheduleRuleName', 'EventBridge rule of the regular run'],
  ['key_events_rule_name', 'keyEventsRuleName', 'EventBridge rule on CloudTrail access key events'],
  ['secret_arns', 'secretArns', 'ARNs of the Terraform-owned key secrets, by IAM user name'],
  [
    'coordination_table_name',
    'coordinationTableName',
    'Name of the DynamoDB table coordinating runs (rolling destructive-action budget, notices-once)',
  ],
  ['coordination_table_arn', 'coordinationTableArn', 'ARN of the coordination table'],
  [
    'state_mac_key_arn',
    'stateMacKeyArn',
    'ARN of the KMS HMAC key whose MACs make the engine state tags tamper-evident',
  ],
  [
    'tag_prefix_guard_statement_json',
    'tagPrefixGuardStatement',
    'A policy statement (JSON) for an SCP or permissions boundary: denies iam:TagUser/UntagUser of keys under the tag prefix to everyone but the engine role and tag_admin_principal_arns',
  ],
  ['dashboard_name', 'dashboardName', 'Name of the CloudWatch dashboard over the engine metrics'],
  [
    'kms_key_policy_statements_json',
    'kmsKeyPolicyStatements',
    'The statements (a JSON list) a key you bring (create_kms_key = false) needs in its key policy besides your own administration: the engine role, CloudWatch Logs for the log group, CloudWatch alarms publishing to the topic, and owners reading their secrets through Secrets Manager. Known at plan time: add them with concat(jsondecode(...), your statements) in the key policy',
  ],
];

/** Outputs of resources a Terraform expression switches: null while off, and their description says so. */
const SWITCHED: Partial<
  Record<string, { readonly switchable?: keyof OutputValues; readonly off: string }>
> = {
  key_events_rule_name: { switchable: 'keyEventsSwitchable', off: 'null while the trigger is off' },
  dashboard_name: {
    switchable: 'dashboardSwitchable',
    off: 'null while create_dashboard is false',
  },
};

export function createOutputs(scope: Construct, v: OutputValues): void {
  for (const [id, key, description] of OUTPUTS) {
    const value = v[key];
    if (value === undefined) continue; // an optional resource the module does not create
    const switched = SWITCHED[id];
    const text =
      switched?.switchable && v[switched.switchable]
        ? `${description} (${switched.off})`
        : description;
    new TerraformOutput(scope, id, { value, description: text }).overrideLogicalId(id);
  }
}
