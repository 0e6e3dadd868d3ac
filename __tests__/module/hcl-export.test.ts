import * as fs from 'fs';
import * as path from 'path';
import { parseExportArgs } from '../../scripts/export-hcl-module';
import { VARIABLES } from '../../scripts/hcl/variables';
import { PROP_NAMES } from '../../modules/access-key-lifecycle/prop-names';
import type { RunResult } from '../../scripts/terraform-env';
import { placeholderZip } from './support/stacks';
import { exportIntoTempTree, flat, init, plan, readTfJson, writeJson } from './support/hcl-module';

// Three terraform inits and five plans, partly in parallel (each loads the provider schema).
jest.setTimeout(300_000);

const zip = placeholderZip();
const tree = exportIntoTempTree(zip);
const files = readTfJson(tree.moduleDir);
const variables = files['variables.tf.json']!.variable as Record<string, Record<string, unknown>>;
const outputs = files['outputs.tf.json']!.output as Record<string, { description?: string }>;

/** Every optional feature on: supplied key, tagged scope, CloudTrail trigger, owners, secrets. */
const FULL = {
  mode: 'enforce',
  scope: 'tagged',
  user_path_prefix: '/team/',
  exclude_users: ['break-glass'],
  ops_emails: ['security@example.com'],
  owners: [{ user_name: 'alice', email: 'alice@example.com' }],
  managed_secret_users: [{ user_name: 'alice', path: '/team/' }, { user_name: 'ci.deploy' }],
  secret_admin_principal_arns: ['arn:aws:iam::123456789012:role/security-admin'],
  kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  enable_cloudtrail_trigger: true,
  enable_alarms: false,
  reserved_concurrent_executions: 1,
};

let example: Promise<{ init: RunResult; plan?: RunResult; bad?: RunResult }>;
let asRoot: Promise<{ init: RunResult; full?: RunResult; crossed?: RunResult }>;

beforeAll(() => {
  example = (async () => {
    const i = await init(tree.exampleDir);
    if (i.status !== 0) return { init: i };
    const [p, bad] = await Promise.all([
      plan(tree.exampleDir),
      plan(tree.exampleDir, ['-var', 'rotation_days=0']),
    ]);
    return { init: i, plan: p, bad };
  })();
  asRoot = (async () => {
    writeJson(path.join(tree.rootDir, 'full.tfvars.json'), FULL);
    const i = await init(tree.rootDir);
    if (i.status !== 0) return { init: i };
    const [full, crossed] = await Promise.all([
      plan(tree.rootDir, ['-var-file=full.tfvars.json']),
      plan(tree.rootDir, ['-var', 'mode=report', '-var', 'warn_days=90']),
    ]);
    return { init: i, full, crossed };
  })();
});

describe('npm run export:hcl', () => {
  it('writes no provider or backend block, and pins the provider range and Terraform 1.9', () => {
    // Assess
    for (const json of Object.values(files)) expect(json).not.toHaveProperty('provider');
    const terraform = files['versions.tf.json']!.terraform as Record<string, unknown>;
    expect(terraform).not.toHaveProperty('backend');
    expect(terraform).toEqual({
      required_version: '>= 1.9.0',
      required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100.0, < 6.0.0' } },
    });
  });

  it('gives every variable and output a description', () => {
    const described = (o: { description?: unknown }) =>
      typeof o.description === 'string' && o.description.trim().length > 10;
    expect(Object.keys(variables).filter((n) => !described(variables[n]!))).toEqual([]);
    expect(Object.keys(outputs).filter((n) => !described(outputs[n]!))).toEqual([]);
  });

  it('exposes every construct prop except the zip path as a variable', () => {
    expect(VARIABLES.map((v) => v.prop).sort()).toEqual([...PROP_NAMES].sort());
    expect(Object.keys(variables).sort()).toEqual(VARIABLES.map((v) => v.name).sort());
  });

  it.each<[string, unknown]>([
    ['rotation_days', 90],
    ['warn_days', 7],
    ['unused_days', 45],
    ['scope', 'all'],
    ['user_path_prefix', '/'],
    ['max_destructive_actions', 20],
    ['log_retention_days', 365],
    ['schedule_expression', 'rate(1 day)'],
    ['enable_alarms', true],
    ['kms_key_arn', null],
    ['reserved_concurrent_executions', null],
    ['owners', []],
  ])('defaults %s to the construct default %j', (name, expected) => {
    expect(variables[name]).toHaveProperty('default', expected);
  });

  it('leaves mode without a default, like the construct', () => {
    expect(variables.mode).not.toHaveProperty('default');
  });

  it('ships the zip and references it through path.module', () => {
    // Prepare
    const main = files['main.tf.json']!.resource as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    const fn = main.aws_lambda_function!.engine!;

    // Assess
    expect(fs.readFileSync(path.join(tree.moduleDir, 'handler.zip'))).toEqual(fs.readFileSync(zip));
    expect(fn.filename).toBe('${path.module}/handler.zip');
    expect(fn.source_code_hash).toBe('${filebase64sha256("${path.module}/handler.zip")}');
  });

  it('lists every input and output in the README', () => {
    const readme = fs.readFileSync(path.join(tree.moduleDir, 'README.md'), 'utf8');
    for (const name of [...Object.keys(variables), ...Object.keys(outputs)]) {
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });

  it.each([
    [['--outdir'], /--outdir needs a value/],
    [['--out', 'x'], /unknown option "--out"/],
  ])('rejects the arguments %j', (argv, message) => {
    expect(() => parseExportArgs(argv)).toThrow(message);
  });
});

describe('terraform with the exported module', () => {
  it('plans examples/basic offline', async () => {
    // Act
    const { init: i, plan: p } = await example;

    // Assess
    expect({ status: p?.status ?? i.status, output: flat(p ?? i).slice(-3000) }).toEqual({
      status: 0,
      output: expect.any(String),
    });
    expect(p!.stdout).toContain(
      '# module.iam_key_lifecycle.aws_lambda_function.engine will be created',
    );
    expect(p!.stdout).toContain('# module.iam_key_lifecycle.aws_kms_key.key[0] will be created');
    expect(p!.stdout).toContain(
      '# module.iam_key_lifecycle.aws_sns_topic_subscription.ops_email["security@example.com"] will be created',
    );
  });

  it('plans every optional feature with for_each and count addresses', async () => {
    // Act
    const { init: i, full } = await asRoot;

    // Assess
    expect({ status: full?.status ?? i.status, output: flat(full ?? i).slice(-3000) }).toEqual({
      status: 0,
      output: expect.any(String),
    });
    const out = full!.stdout;
    for (const address of [
      'aws_sns_topic_subscription.owner["alice <alice@example.com>"]',
      'aws_secretsmanager_secret.secret["ci.deploy"]',
      'aws_secretsmanager_secret_policy.secret["alice"]',
      'aws_cloudwatch_event_rule.key_events[0]',
      'aws_lambda_permission.key_events[0]',
    ]) {
      expect(out).toContain(`# ${address} will be created`);
    }
    expect(out).not.toContain('aws_kms_key.key');
    expect(out).not.toContain('aws_cloudwatch_metric_alarm');
  });

  it('rejects rotation_days = 0 with the validation message', async () => {
    // Act
    const { bad } = await example;

    // Assess
    expect(bad?.status).not.toBe(0);
    expect(flat(bad!)).toContain('rotation_days must be an integer from 1 to 3650, got 0.');
  });

  it('rejects warn_days not below rotation_days (cross-variable validation)', async () => {
    // Act
    const { crossed } = await asRoot;

    // Assess
    expect(crossed?.status).not.toBe(0);
    expect(flat(crossed!)).toContain(
      'rotation_days must be greater than warn_days, got 90 and 90 (raise rotation_days or lower warn_days).',
    );
  });
});
