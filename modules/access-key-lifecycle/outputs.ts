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

/** Outputs named `<resource>_<attribute>` (terraform-aws-modules convention). */
export function createOutputs(scope: Construct, v: OutputValues): void {
  const out = (id: string, value: unknown, description: string) =>
    new TerraformOutput(scope, id, { value, description }).overrideLogicalId(id);
  out(
    'function_name',
    v.functionName,
    'Name of the engine Lambda function (invoke it for a manual run)',
  );
  out('function_arn', v.functionArn, 'ARN of the engine Lambda function');
  out('role_arn', v.roleArn, 'ARN of the engine execution role');
  out(
    'topic_arn',
    v.topicArn,
    'ARN of the notifications SNS topic (subscribe more endpoints here)',
  );
  out(
    'kms_key_arn',
    v.kmsKeyArn,
    'ARN of the KMS key encrypting secrets, topic, queue, logs and environment',
  );
  out('dlq_arn', v.dlqArn, 'ARN of the dead-letter queue of failed asynchronous invocations');
  out('dlq_url', v.dlqUrl, 'URL of the dead-letter queue');
  out('log_group_name', v.logGroupName, 'Log group holding the audit trail and EMF metrics');
  out('schedule_rule_name', v.scheduleRuleName, 'EventBridge rule of the regular run');
  if (v.keyEventsRuleName !== undefined) {
    out(
      'key_events_rule_name',
      v.keyEventsRuleName,
      v.keyEventsSwitchable
        ? 'EventBridge rule on CloudTrail access key events (null while the trigger is off)'
        : 'EventBridge rule on CloudTrail access key events',
    );
  }
  out('secret_arns', v.secretArns, 'ARNs of the Terraform-owned key secrets, by IAM user name');
  out(
    'coordination_table_name',
    v.coordinationTableName,
    'Name of the DynamoDB table coordinating runs (rolling destructive-action budget, notices-once)',
  );
  out('coordination_table_arn', v.coordinationTableArn, 'ARN of the coordination table');
  out(
    'state_mac_key_arn',
    v.stateMacKeyArn,
    'ARN of the KMS HMAC key whose MACs make the engine state tags tamper-evident',
  );
  out(
    'tag_prefix_guard_statement_json',
    v.tagPrefixGuardStatement,
    'A policy statement (JSON) for an SCP or permissions boundary: denies iam:TagUser/UntagUser of keys under the tag prefix to everyone but the engine role and tag_admin_principal_arns',
  );
  if (v.dashboardName !== undefined) {
    out(
      'dashboard_name',
      v.dashboardName,
      v.dashboardSwitchable
        ? 'Name of the CloudWatch dashboard over the engine metrics (null while create_dashboard is false)'
        : 'Name of the CloudWatch dashboard over the engine metrics',
    );
  }
  out(
    'kms_key_policy_statements_json',
    v.kmsKeyPolicyStatements,
    'The statements (a JSON list) a key you bring (create_kms_key = false) needs in its key policy besides your own administration: the engine role, CloudWatch Logs for the log group, CloudWatch alarms publishing to the topic, and owners reading their secrets through Secrets Manager. Known at plan time: add them with concat(jsondecode(...), your statements) in the key policy',
  );
}
