import * as fs from 'fs';
import * as path from 'path';
import { ACCOUNT_ID } from './stacks';
import { writeJson, OFFLINE_PROVIDER } from './hcl-module';

/** Module inputs a scenario may set; each is passed through a root variable (null: the default). */
export const INPUTS = [
  'mode',
  'account_id',
  'create_kms_key',
  'kms_key_arn',
  'create_sns_topic',
  'sns_topic_arn',
  'tags',
  'role_path',
  'permissions_boundary',
  'ops_emails',
  'owners',
  'managed_secret_users',
  'scope',
  'sns_filter_policy_quota',
  'name_prefix',
  'secret_prefix',
  'create_role',
  'role_arn',
  'subnet_ids',
  'security_group_ids',
  'enable_tracing',
  'code_signing_config_arn',
] as const;

export type Inputs = Partial<Record<(typeof INPUTS)[number], unknown>>;

/**
 * A root module as a platform team writes it: its own KMS key and SNS topic (created when
 * `same_stack_key_and_topic` is true, so their ARNs are known only after apply) next to the exported
 * module, every module input passed from a root variable. A null root variable gives the module its
 * default (the module's variables are non-nullable or null by default).
 */
export function writeAdoptionRoot(dir: string, moduleDir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const own = (input: string) =>
    input === 'kms_key_arn'
      ? '${var.same_stack_key_and_topic ? aws_kms_key.platform[0].arn : var.kms_key_arn}'
      : input === 'sns_topic_arn'
        ? '${var.same_stack_key_and_topic ? aws_sns_topic.platform[0].arn : var.sns_topic_arn}'
        : `\${var.${input}}`;
  writeJson(path.join(dir, 'main.tf.json'), {
    provider: {
      aws: {
        region: 'us-east-1',
        ...OFFLINE_PROVIDER,
      },
    },
    variable: {
      same_stack_key_and_topic: { type: 'bool', default: false },
      ...Object.fromEntries(INPUTS.map((i) => [i, { type: 'any', default: null }])),
    },
    resource: {
      aws_kms_key: {
        platform: { count: '${var.same_stack_key_and_topic ? 1 : 0}', description: 'platform' },
      },
      aws_sns_topic: {
        platform: { count: '${var.same_stack_key_and_topic ? 1 : 0}', name: 'platform-alerts' },
      },
    },
    module: {
      akl: {
        source: moduleDir,
        ...Object.fromEntries(INPUTS.map((i) => [i, own(i)])),
      },
    },
    output: {
      kms_key_policy_statements_json: {
        value: '${module.akl.kms_key_policy_statements_json}',
      },
    },
  });
}

/** A scenario's variables file; mode and a known account id unless the scenario says otherwise. */
export function writeScenario(
  dir: string,
  name: string,
  inputs: Inputs & { same_stack_key_and_topic?: boolean },
): string {
  const file = `${name}.tfvars.json`;
  writeJson(path.join(dir, file), { mode: 'enforce', account_id: ACCOUNT_ID, ...inputs });
  return `-var-file=${file}`;
}
