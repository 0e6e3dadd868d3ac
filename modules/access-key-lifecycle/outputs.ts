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
  readonly tagPrefixGuardStatementJson: string;
  /** Absent when there is no dashboard; `dashboardSwitchable`: null while Terraform switches it off. */
  readonly dashboardName?: string;
  readonly dashboardSwitchable?: boolean;
  /** JSON list of the key policy statements a brought key needs (kms.ts keyUseStatements). */
  readonly kmsKeyPolicyStatementsJson: string;
  /** The engine role's two policy documents (a brought role needs them). */
  readonly rolePolicyJson: string;
  readonly roleKeyPolicyJson: string;
}

/** The values outputs show: every field but the switch flags. */
type OutputKey = Exclude<keyof OutputValues, 'keyEventsSwitchable' | 'dashboardSwitchable'>;

/**
 * Every output's description, in the order they print. An output is named for its value in snake_case:
 * `<resource>_<attribute>` (terraform-aws-modules convention), `kmsKeyArn` → `kms_key_arn`.
 */
const OUTPUTS: Readonly<Record<OutputKey, string>> = {
  functionName: 'Name of the engine Lambda function (invoke it for a manual run)',
  functionArn: 'ARN of the engine Lambda function',
  roleArn: 'ARN of the engine execution role',
  topicArn: 'ARN of the notifications SNS topic (subscribe more endpoints here)',
  kmsKeyArn: 'ARN of the KMS key encrypting secrets, topic, queue, logs and environment',
  dlqArn: 'ARN of the dead-letter queue of failed asynchronous invocations',
  dlqUrl: 'URL of the dead-letter queue',
  logGroupName: 'Log group holding the audit trail and EMF metrics',
  scheduleRuleName: 'EventBridge rule of the regular run',
  keyEventsRuleName: 'EventBridge rule on CloudTrail access key events',
  secretArns: 'ARNs of the Terraform-owned key secrets, by IAM user name',
  coordinationTableName:
    'Name of the DynamoDB table coordinating runs (rolling destructive-action budget, notices-once)',
  coordinationTableArn: 'ARN of the coordination table',
  stateMacKeyArn: 'ARN of the KMS HMAC key whose MACs make the engine state tags tamper-evident',
  tagPrefixGuardStatementJson:
    'A policy statement (JSON) for an SCP or permissions boundary: denies iam:TagUser/UntagUser of keys under the tag prefix to everyone but the engine role and tag_admin_principal_arns',
  dashboardName: 'Name of the CloudWatch dashboard over the engine metrics',
  kmsKeyPolicyStatementsJson:
    'The statements (a JSON list) a key you bring (create_kms_key = false) needs in its key policy besides your own administration: the engine role, CloudWatch Logs for the log group, CloudWatch alarms publishing to the topic, and owners reading their secrets through Secrets Manager. Known at plan time: add them with concat(jsondecode(...), your statements) in the key policy',
  rolePolicyJson:
    "The engine role's permissions (an IAM policy document, JSON): what a role you bring (create_role = false) needs as an inline or managed policy",
  roleKeyPolicyJson:
    "The engine role's use of the KMS keys (an IAM policy document, JSON): the second policy a role you bring needs",
};

/** Outputs of resources a Terraform expression switches: null while off, and their description says so. */
const SWITCHED: Partial<
  Record<OutputKey, { readonly switchable: keyof OutputValues; readonly off: string }>
> = {
  keyEventsRuleName: { switchable: 'keyEventsSwitchable', off: 'null while the trigger is off' },
  dashboardName: { switchable: 'dashboardSwitchable', off: 'null while create_dashboard is false' },
};

export function createOutputs(scope: Construct, v: OutputValues): void {
  for (const [key, description] of Object.entries(OUTPUTS) as [OutputKey, string][]) {
    const value = v[key];
    if (value === undefined) continue; // an optional resource the module does not create
    const id = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const switched = SWITCHED[key];
    const text =
      switched && v[switched.switchable] ? `${description} (${switched.off})` : description;
    new TerraformOutput(scope, id, { value, description: text }).overrideLogicalId(id);
  }
}
