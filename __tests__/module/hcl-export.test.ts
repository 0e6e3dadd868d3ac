import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportHclModule, parseExportArgs } from '../../scripts/export-hcl-module';
import { VARIABLES } from '../../scripts/hcl/variables';
import { PROP_NAMES } from '../../modules/access-key-lifecycle/prop-names';
import { addressKey } from '../../modules/access-key-lifecycle/subscription-keys';
import type { RunResult } from '../../scripts/terraform-env';
import { placeholderZip } from './support/stacks';
import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';
import { REPO_ROOT } from '../../modules/access-key-lifecycle/defaults';
import {
  EXAMPLES,
  exportIntoTempTree,
  flat,
  fmtCheck,
  init,
  merged,
  plan,
  readTf,
  validate,
  writeJson,
  type ExampleName,
} from './support/hcl-module';

// Four terraform inits, three validates and five plans, partly in parallel (each loads the provider schema).
jest.setTimeout(300_000);

type Json = Record<string, unknown>;

const zip = placeholderZip();
const tree = exportIntoTempTree(zip);
let files: Readonly<Record<string, Json>>;
let variables: Record<string, Json>;
let outputs: Record<string, { description?: string }>;

/** A known account: the module reads no caller identity, so plans need no credentials. */
const OFFLINE = ['-var', 'account_id=123456789012'];

/** Every optional feature on: supplied key, tagged scope, CloudTrail trigger, owners, secrets. */
const FULL = {
  mode: 'enforce',
  account_id: '123456789012',
  create_kms_key: false,
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

interface Checked {
  readonly init: RunResult;
  readonly validate?: RunResult;
  readonly plan?: RunResult;
}

/** init, validate, then plan (with `args`) one directory; stops at the first failure. */
async function initValidatePlan(dir: string, args: readonly string[] = []): Promise<Checked> {
  const i = await init(dir);
  if (i.status !== 0) return { init: i };
  const v = await validate(dir);
  if (v.status !== 0) return { init: i, validate: v };
  return { init: i, validate: v, plan: await plan(dir, args) };
}

const last = (c: Checked) => c.plan ?? c.validate ?? c.init;
/** A run's exit status, with its output only when it failed (so a failure shows why). */
const outcome = (r: RunResult) => ({
  status: r.status,
  output: r.status === 0 ? 'ok' : flat(r).slice(-3000),
});

let formatted: Promise<RunResult>;
let moduleValid: Promise<Checked>;
let examples: Promise<Record<ExampleName, Checked>>;
let basicBad: Promise<RunResult>;
let asRoot: Promise<{ init: RunResult; full?: RunResult; crossed?: RunResult }>;

beforeAll(async () => {
  files = await readTf(tree.moduleDir);
  variables = merged(files, 'variable') as Record<string, Json>;
  outputs = merged(files, 'output') as Record<string, { description?: string }>;
  formatted = fmtCheck(tree.moduleDir);
  // The module itself, validated as Terraform sees it from a caller (no provider block of its own).
  const moduleCopy = path.dirname(path.dirname(tree.exampleDir('basic')));
  moduleValid = (async () => {
    const i = await init(moduleCopy);
    return i.status === 0 ? { init: i, validate: await validate(moduleCopy) } : { init: i };
  })();
  examples = moduleValid.then(async () => {
    const [basic, complete] = await Promise.all(
      EXAMPLES.map((name) => initValidatePlan(tree.exampleDir(name), OFFLINE)),
    );
    return { basic: basic!, complete: complete! };
  });
  basicBad = examples.then(() =>
    plan(tree.exampleDir('basic'), [...OFFLINE, '-var', 'rotation_days=0']),
  );
  asRoot = examples.then(async () => {
    writeJson(path.join(tree.rootDir, 'full.tfvars.json'), FULL);
    const i = await init(tree.rootDir);
    if (i.status !== 0) return { init: i };
    const [full, crossed] = await Promise.all([
      plan(tree.rootDir, ['-var-file=full.tfvars.json']),
      plan(tree.rootDir, [...OFFLINE, '-var', 'mode=report', '-var', 'warn_days=90']),
    ]);
    return { init: i, full, crossed };
  });
  // Failures surface in the tests that await these; avoid unhandled-rejection noise meanwhile.
  for (const p of [formatted, moduleValid, examples, basicBad, asRoot]) p.catch(() => undefined);
});

describe('npm run export:hcl', () => {
  it('writes plain HCL split by concern, and no .tf.json', () => {
    // Assess
    const written = fs.readdirSync(tree.moduleDir).sort();
    expect(written.filter((f) => f.endsWith('.tf.json'))).toEqual([]);
    expect(written).toEqual(
      expect.arrayContaining([
        'versions.tf',
        'variables.tf',
        'outputs.tf',
        'main.tf',
        'iam.tf',
        'function.tf',
        'handler.zip',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'examples',
      ]),
    );
    expect(Object.keys(merged(files, 'resource').aws_lambda_function as Json)).toEqual(['engine']);
    expect(Object.keys(files['iam.tf']!.resource as Json)).toEqual(
      expect.arrayContaining(['aws_iam_role', 'aws_iam_role_policy']),
    );
  });

  it('writes no provider or backend block, and pins the provider range and Terraform 1.9', () => {
    // Assess
    for (const parsed of Object.values(files)) expect(parsed).not.toHaveProperty('provider');
    const terraform = files['versions.tf']!.terraform as Json;
    expect(terraform).not.toHaveProperty('backend');
    expect(terraform).toEqual({
      required_version: '>= 1.9.0',
      required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100.0, < 7.0.0' } },
    });
    expect(Object.entries(files).filter(([, f]) => 'terraform' in f)).toHaveLength(1);
  });

  it('has every example claim the provider range the module claims (the tested one)', () => {
    // Prepare
    const examples = path.join(REPO_ROOT, 'examples');
    const claims = fs
      .readdirSync(examples, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.tf'))
      .flatMap((f) => [
        ...fs
          .readFileSync(path.join(examples, f), 'utf8')
          .matchAll(/source\s*=\s*"hashicorp\/aws"\s*\n\s*version\s*=\s*"([^"]+)"/g),
      ])
      .map((m) => m[1]);

    // Assess
    expect(claims.length).toBeGreaterThanOrEqual(2);
    expect(new Set(claims)).toEqual(new Set([AWS_PROVIDER_RANGE]));
  });

  it('writes references as expressions, not as "${…}" strings', () => {
    // Assess: cdktf renders `x = "${var.y}"`; the export unwraps every template of one interpolation
    const text = Object.keys(files)
      .map((f) => fs.readFileSync(path.join(tree.moduleDir, f), 'utf8'))
      .join('\n');
    expect(text.match(/=\s*"\$\{[^"]*\}"\s*$/gm) ?? []).toEqual([]);
    expect(text).toMatch(/^\s*role\s*= aws_iam_role\.engine\[count\.index\]\.id$/m);
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
    ['in_use_hold_hours', 24],
    ['max_grace_extension_days', 30],
  ])('defaults %s to the construct default %j', (name, expected) => {
    expect(variables[name]).toHaveProperty('default', expected);
  });

  it('leaves mode without a default, like the construct', () => {
    expect(variables.mode).not.toHaveProperty('default');
  });

  it('ships the zip and references it through path.module', () => {
    // Prepare
    const fn = (merged(files, 'resource').aws_lambda_function as Record<string, Json>).engine!;

    // Assess
    expect(fs.readFileSync(path.join(tree.moduleDir, 'handler.zip'))).toEqual(fs.readFileSync(zip));
    expect(fn.filename).toBe('${path.module}/handler.zip');
    expect(fn.source_code_hash).toBe('${filebase64sha256("${path.module}/handler.zip")}');
  });

  it('writes byte-identical files from identical sources', () => {
    // Act
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-hcl-again-'));
    exportHclModule({ outdir: again, zipPath: zip });

    // Assess
    const read = (dir: string) =>
      Object.fromEntries(
        (fs.readdirSync(dir, { recursive: true }) as string[])
          .filter((f) => fs.statSync(path.join(dir, f)).isFile())
          .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
      );
    expect(read(again)).toEqual(read(tree.moduleDir));
  });

  it('lists every input and output in the README', () => {
    const readme = fs.readFileSync(path.join(tree.moduleDir, 'README.md'), 'utf8');
    for (const name of [...Object.keys(variables), ...Object.keys(outputs)]) {
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });

  it('ships the Apache-2.0 LICENSE and the CHANGELOG', () => {
    const license = fs.readFileSync(path.join(tree.moduleDir, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(fs.readFileSync(path.join(tree.moduleDir, 'CHANGELOG.md'), 'utf8')).toMatch(
      /^# Changelog/,
    );
  });

  it.each(EXAMPLES.map((e) => [e]))(
    'ships examples/%s, which sources the module as ../..',
    async (name) => {
      // Act
      const example = await readTf(path.join(tree.moduleDir, 'examples', name));

      // Assess
      const modules = merged(example, 'module') as Record<string, Json>;
      expect(Object.values(modules).map((m) => m.source)).toEqual(['../..']);
    },
  );

  it.each([
    [['--outdir'], /--outdir needs a value/],
    [['--out', 'x'], /unknown option "--out"/],
  ])('rejects the arguments %j', (argv, message) => {
    expect(() => parseExportArgs(argv)).toThrow(message);
  });
});

describe('terraform with the exported module', () => {
  it('finds every file formatted (terraform fmt -check -recursive), examples included', async () => {
    const r = await formatted;
    expect({ status: r.status, diff: r.stdout.slice(0, 3000) }).toEqual({ status: 0, diff: '' });
  });

  it('validates the module', async () => {
    const c = await moduleValid;
    expect(outcome(last(c))).toEqual({ status: 0, output: 'ok' });
    expect(c.validate?.stdout).toContain('The configuration is valid');
  });

  it.each(EXAMPLES.map((e) => [e]))('validates and plans examples/%s offline', async (name) => {
    // Act
    const c = (await examples)[name];

    // Assess
    expect(outcome(last(c))).toEqual({ status: 0, output: 'ok' });
    expect(c.validate?.stdout).toContain('The configuration is valid');
  });

  it('plans examples/basic with the resources at readable addresses', async () => {
    // Act
    const p = (await examples).basic.plan!;

    // Assess
    expect(p.stdout).toContain(
      '# module.iam_key_lifecycle.aws_lambda_function.engine will be created',
    );
    expect(p.stdout).toContain(
      `# module.iam_key_lifecycle.aws_sns_topic_subscription.ops_email["${addressKey('security@example.com')}"] will be created`,
    );
  });

  it('plans examples/complete: two engines with for_each, on a key and topic of the same root module', async () => {
    // Act
    const p = (await examples).complete.plan!;

    // Assess
    for (const engine of ['people', 'robots']) {
      expect(p.stdout).toContain(
        `# module.iam_key_lifecycle["${engine}"].aws_lambda_function.engine will be created`,
      );
    }
    expect(p.stdout).toContain('# aws_kms_key.platform will be created');
    expect(p.stdout).toContain('# aws_sns_topic.platform_alerts will be created');
    expect(p.stdout).not.toMatch(/module\.iam_key_lifecycle\["\w+"\]\.aws_kms_key\.key/);
    expect(p.stdout).not.toMatch(
      /module\.iam_key_lifecycle\["\w+"\]\.aws_sns_topic\.notifications/,
    );
  });

  it('plans every optional feature with for_each and count addresses', async () => {
    // Act
    const { init: i, full } = await asRoot;

    // Assess
    expect(outcome(full ?? i)).toEqual({ status: 0, output: 'ok' });
    const out = full!.stdout;
    for (const address of [
      `aws_sns_topic_subscription.owner["${addressKey('alice@example.com')}_part0"]`,
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
    const bad = await basicBad;

    // Assess
    expect(bad.status).not.toBe(0);
    expect(flat(bad)).toContain('rotation_days must be an integer from 1 to 3650, got 0.');
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
