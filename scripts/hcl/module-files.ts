import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';
import { readProps } from './prop-docs';
import { defaultFor } from './defaults';
import { VARIABLES } from './variables';
import { conditionBlocks, topLevelBlocks, unquoteDependsOn, type HclBlock } from './hcl-blocks';
import { unwrapInterpolations } from './hcl-scan';
import { hclTemplate, requoteRawStrings, variableBlock } from './hcl-values';
import { GUARD_NOTES } from './guards';

/** Cross-variable validation (rotation_days vs warn/grace days) needs Terraform 1.9. */
export const REQUIRED_TERRAFORM = '>= 1.9.0';
export const ZIP_NAME = 'handler.zip';
const ZIP_REF = `\${path.module}/${ZIP_NAME}`;

/**
 * Where each block goes, by resource or data source type (first match wins): files by concern, so a
 * reviewer finds the role policy in iam.tf and the schedule in triggers.tf. Anything else: main.tf.
 */
const FILES: readonly (readonly [RegExp, string])[] = [
  [/^aws_iam_/, 'iam.tf'],
  [/^aws_kms_/, 'kms.tf'],
  [/^aws_sns_/, 'notifications.tf'],
  [/^aws_secretsmanager_/, 'secrets.tf'],
  [/^aws_lambda_permission$/, 'triggers.tf'],
  [/^aws_(lambda_|cloudwatch_log_group$|sqs_)/, 'function.tf'],
  [/^aws_cloudwatch_event_/, 'triggers.tf'],
  [/^aws_cloudwatch_(metric_alarm|dashboard)$/, 'alarms.tf'],
  [/^aws_dynamodb_/, 'coordination.tf'],
];

function fileFor(block: HclBlock): string {
  if (block.type === 'output') return 'outputs.tf';
  if (block.type !== 'resource' && block.type !== 'data') return 'main.tf';
  return FILES.find(([re]) => re.test(block.labels[0]!))?.[1] ?? 'main.tf';
}

function variablesTf(): string {
  const docs = new Map(readProps('AccessKeyLifecycleProps', 'hcl').map((d) => [d.name, d]));
  return VARIABLES.map((spec) => {
    const doc = docs.get(spec.prop);
    if (!doc) throw new Error(`variable ${spec.name}: prop ${spec.prop} has no doc comment`);
    return variableBlock(spec.name, {
      description: doc.description,
      type: spec.type,
      ...defaultFor(spec),
      nullable: spec.nullable === true,
      validation: spec.validation,
    });
  }).join('\n\n');
}

function versionsTf(): string {
  return `terraform {
  required_version = ${hclTemplate(REQUIRED_TERRAFORM)}
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ${hclTemplate(AWS_PROVIDER_RANGE)}
    }
  }
}`;
}

/** The zip travels inside the module directory; Terraform hashes the bytes it deploys. */
function withShippedZip(block: HclBlock): HclBlock {
  if (block.type !== 'resource' || block.labels.join('.') !== 'aws_lambda_function.engine') {
    return block;
  }
  const filename = /^([ \t]*)filename\s*=.*$/m;
  const hash = /^([ \t]*)source_code_hash\s*=.*$/m;
  if (!filename.test(block.text) || !hash.test(block.text)) {
    throw new Error('aws_lambda_function.engine has no filename or source_code_hash to replace');
  }
  const text = block.text
    .replace(filename, `$1filename = "${ZIP_REF}"`)
    .replace(hash, `$1source_code_hash = filebase64sha256("${ZIP_REF}")`);
  return { ...block, text };
}

/** A guarded resource's first line carries its note (Terraform quotes that line when the guard holds). */
function withGuardNote(block: HclBlock): HclBlock {
  const note = block.type === 'resource' ? GUARD_NOTES[block.labels.join('.')] : undefined;
  if (!note) return block;
  return { ...block, text: block.text.replace(/\{/, `{ # ${note}`) };
}

/**
 * The module's `.tf` files, by file name, from cdktf's HCL rendering of the export stack: its
 * `terraform` block (backend, empty required_providers) and bare `variable` blocks are replaced by
 * versions.tf and variables.tf; resources are repaired, unwrapped and grouped by concern. Unformatted:
 * the export runs `terraform fmt` over the written files.
 */
export function moduleFiles(cdktfHcl: string): Readonly<Record<string, string>> {
  const repaired = unwrapInterpolations(
    conditionBlocks(unquoteDependsOn(requoteRawStrings(cdktfHcl))),
  );
  const files: Record<string, string[]> = {
    'versions.tf': [versionsTf()],
    'variables.tf': [variablesTf()],
    'main.tf': [],
    'outputs.tf': [],
  };
  const blocks = topLevelBlocks(repaired).filter(
    (b) => b.type !== 'terraform' && b.type !== 'variable',
  );
  if (!blocks.some((b) => b.labels.join('.') === 'aws_lambda_function.engine')) {
    throw new Error('the synthesized stack holds no aws_lambda_function.engine');
  }
  for (const block of blocks.map(withShippedZip).map(withGuardNote)) {
    (files[fileFor(block)] ??= []).push(block.text);
  }
  return Object.fromEntries(
    Object.entries(files)
      .filter(([, texts]) => texts.length > 0)
      .map(([name, texts]) => [name, `${texts.join('\n\n')}\n`]),
  );
}

/** Output descriptions, by name, from the export stack's Terraform JSON (for the README). */
export function outputDescriptions(
  synthesized: Record<string, unknown>,
): Record<string, { description?: string }> {
  return (synthesized.output ?? {}) as Record<string, { description?: string }>;
}
