/**
 * The module on hashicorp/aws 5.100 through 6.x (README "Provider versions"). This machine's provider
 * mirror holds only 5.100.0, so 6.x is checked as far as it can be offline: against the cdktf bindings of
 * hashicorp/aws 6.25.0 (the `provider-aws-6` devDependency), which were generated from that version's
 * schema — the construct type-checks against them, synthesizes the same Terraform with them, and every
 * resource type, argument and referenced attribute the exported module and the account stacks use is
 * in them, in 5.100.0's schema, and in neither deprecated.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';
import { REPO_ROOT } from '../../modules/access-key-lifecycle/defaults';
import { exportHclModule } from '../../scripts/export-hcl-module';
import type { RunResult } from '../../scripts/terraform-env';
import { flat, init, OFFLINE_PROVIDER, plan, validate, writeJson } from './support/hcl-module';
import {
  BINDINGS_5,
  BINDINGS_6,
  Bindings,
  gapsInSchema,
  mirroredProviderSchema,
  referencedAttributes,
  usedArguments,
  type ProviderSchema,
  type ReferencedAttribute,
  type UsedArgument,
} from './support/provider-schemas';
import { placeholderZip } from './support/stacks';

// Two child syntheses, one tsc run, one schema dump and two terraform inits.
jest.setTimeout(300_000);

type Json = Record<string, unknown>;

interface Synthesized {
  readonly bindings: { name: string; version: string; terraformProvider: string };
  readonly module: Json;
  readonly account: Json;
}

/**
 * Deprecated in hashicorp/aws 6.x and still present there (the bindings carry no deprecation flags, so
 * these come from the provider's 6.0 upgrade guide): the module must read none of them.
 */
const DEPRECATED_IN_6: readonly string[] = ['data.aws_region.name'];

const zip = placeholderZip();

/** Synthesizes in a child process, with `@cdktf/provider-aws` redirected to `bindings` when given. */
function synthesizeWith(bindings?: string): Promise<Synthesized> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        path.join(__dirname, 'support', 'synth-with-bindings.ts'),
        zip,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...(bindings ? { PROVIDER_AWS_BINDINGS: bindings } : {}) },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`synthesis failed:\n${err}`)),
    );
  });
}

/** A root module on `constraint` that calls the exported module (offline provider settings). */
function rootOn(moduleDir: string, constraint: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-provider-range-'));
  writeJson(path.join(dir, 'main.tf.json'), {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: constraint } } },
    provider: { aws: { region: 'eu-west-1', ...OFFLINE_PROVIDER } },
    module: {
      iam_key_lifecycle: {
        source: moduleDir,
        mode: 'report',
        account_id: '123456789012',
        ops_emails: ['security@example.com'],
      },
    },
  });
  return dir;
}

let with5: Promise<Synthesized>;
let with6: Promise<Synthesized>;
let schema5100: Promise<ProviderSchema>;
let onMajor6: Promise<RunResult>;
let onRange: Promise<{ init: RunResult; validate?: RunResult; plan?: RunResult }>;

beforeAll(() => {
  with5 = synthesizeWith();
  with6 = synthesizeWith('provider-aws-6');
  schema5100 = mirroredProviderSchema();
  const moduleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-provider-6-module-'));
  exportHclModule({ outdir: moduleDir, zipPath: zip });
  onMajor6 = init(rootOn(moduleDir, '~> 6.0'));
  onRange = (async () => {
    const dir = rootOn(moduleDir, '>= 5.100.0, < 7.0.0');
    const i = await init(dir);
    if (i.status !== 0) return { init: i };
    const v = await validate(dir);
    if (v.status !== 0) return { init: i, validate: v };
    return { init: i, validate: v, plan: await plan(dir) };
  })();
  for (const p of [with5, with6, schema5100, onMajor6, onRange]) p.catch(() => undefined);
});

describe('the module on hashicorp/aws 5.100 through 6.x', () => {
  it('claims the range 5.100.0 up to (not including) 7.0.0', () => {
    expect(AWS_PROVIDER_RANGE).toBe('>= 5.100.0, < 7.0.0');
  });

  it('type-checks the construct, the account stacks and the export against the provider-6 bindings', () => {
    // Act: tsconfig.provider-6.json maps @cdktf/provider-aws/* to the provider-6 bindings
    const r = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.provider-6.json'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );

    // Assess
    expect({ status: r.status, output: `${r.stdout}${r.stderr}`.slice(0, 3000) }).toEqual({
      status: 0,
      output: '',
    });
  });

  it('synthesizes the same Terraform with the provider-6 bindings as with the 5.100 ones', async () => {
    // Act
    const [five, six] = await Promise.all([with5, with6]);

    // Assess: the redirect took effect, and changed nothing in what Terraform receives
    expect(five.bindings.terraformProvider).toBe('5.100.0');
    expect(six.bindings.terraformProvider).toMatch(/^6\./);
    expect(six.module).toEqual(five.module);
    expect(six.account).toEqual(five.account);
  });

  describe('every resource type, argument and referenced attribute it uses', () => {
    let used: UsedArgument[];
    let referenced: ReferencedAttribute[];

    beforeAll(async () => {
      const five = await with5;
      used = usedArguments([five.module, five.account], await schema5100);
      referenced = referencedAttributes([five.module, five.account]);
    });

    it('covers the module and the account stacks (nested blocks and the provider block too)', () => {
      const types = new Set(used.map((u) => u.type));
      expect(types.size).toBeGreaterThanOrEqual(18);
      expect(used).toEqual(
        expect.arrayContaining([
          { kind: 'resource', type: 'aws_lambda_function', path: ['environment', 'variables'] },
          { kind: 'provider', type: 'aws', path: ['assume_role', 'role_arn'] },
        ]),
      );
      expect(referenced).toContainEqual({ kind: 'data', type: 'aws_region', attribute: 'id' });
    });

    it('exists in the 5.100.0 schema (terraform providers schema) and none of it is deprecated there', async () => {
      expect(gapsInSchema(await schema5100, used, referenced)).toEqual([]);
    });

    it('exists in the bindings generated from the 6.x schema', () => {
      // Prepare
      const six = new Bindings(BINDINGS_6);

      // Assess
      expect(six.identity.terraformProvider).toMatch(/^6\./);
      expect(six.gaps(used, referenced)).toEqual([]);
    });

    it('reads nothing that 6.x deprecates', () => {
      const read = referenced.map(
        (r) => `${r.kind === 'data' ? 'data.' : ''}${r.type}.${r.attribute}`,
      );
      expect(read.filter((r) => DEPRECATED_IN_6.includes(r))).toEqual([]);
    });
  });

  describe('the comparison itself', () => {
    it('finds what 6.x removed (aws_eip.vpc) and what 5.100 lacks (data.aws_region.region)', async () => {
      // Prepare
      const eip: UsedArgument = { kind: 'resource', type: 'aws_eip', path: ['vpc'] };
      const region: ReferencedAttribute = { kind: 'data', type: 'aws_region', attribute: 'region' };

      // Assess
      expect(new Bindings(BINDINGS_5).gaps([eip], [region])).toEqual([
        'data.aws_region.region (absent)',
      ]);
      expect(new Bindings(BINDINGS_6).gaps([eip], [region])).toEqual(['aws_eip: vpc (absent)']);
      expect(gapsInSchema(await schema5100, [], [region])).toEqual([
        'data.aws_region.region (absent)',
      ]);
    });
  });

  describe('terraform with a root module on the exported module (offline mirror: 5.100.0 only)', () => {
    it('combines a root on ~> 6.0 with the module range, without the old < 6.0.0 cap', async () => {
      // Act
      const r = await onMajor6;

      // Assess: offline, init can only fail for want of a 6.x package in the mirror
      expect(r.status).not.toBe(0);
      const text = flat(r);
      expect(text).toMatch(/no available releases match the given constraints/);
      expect(text).toContain('~> 6.0');
      expect(text).toContain('< 7.0.0');
      expect(text).not.toContain('< 6.0.0');
    });

    it('resolves the range to 5.100.0 and validates and plans', async () => {
      // Act
      const c = await onRange;

      // Assess
      const last = c.plan ?? c.validate ?? c.init;
      expect({
        status: last.status,
        output: last.status === 0 ? 'ok' : flat(last).slice(-3000),
      }).toEqual({ status: 0, output: 'ok' });
      expect(c.init.stdout).toMatch(/Installing hashicorp\/aws v5\.100\.0/);
      expect(c.plan?.stdout).toContain(
        'module.iam_key_lifecycle.aws_lambda_function.engine will be created',
      );
    });
  });
});
