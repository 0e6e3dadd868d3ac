/**
 * The HCL export says what cdktf's Terraform JSON says: the same module, once as the export's repaired
 * and unwrapped HCL and once as cdktf's JSON (same variables.tf and versions.tf), planned with the same
 * inputs, plans the same resources with the same values and the same outputs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeExportStack } from '../../scripts/hcl/export-stack';
import { exportIntoTempTree, flat, init, writeJson } from './support/hcl-module';
import { planJson, type PlanJson } from './support/plan-json';
import { KEY_ARN } from './support/role-policy';
import { placeholderZip } from './support/stacks';

// Two inits and four plans.
jest.setTimeout(240_000);

const zip = placeholderZip();
const tree = exportIntoTempTree(zip);
const jsonDir = path.join(path.dirname(tree.rootDir), 'as-json');

const INPUTS: Readonly<Record<string, readonly string[]>> = {
  defaults: ['-var', 'mode=report', '-var', 'account_id=123456789012'],
  everything: ['-var-file=everything.tfvars.json'],
};
const EVERYTHING = {
  mode: 'enforce',
  account_id: '123456789012',
  scope: 'tagged',
  user_path_prefix: '/team/',
  create_kms_key: false,
  kms_key_arn: KEY_ARN,
  ops_emails: ['security@example.com', 'Ops@Example.com'],
  owners: [
    { user_name: 'alice', email: 'alice@example.com' },
    { user_name: 'bob', email: 'alice@example.com' },
  ],
  managed_secret_users: [{ user_name: 'alice', path: '/team/' }, { user_name: 'a,b' }],
  // Every special character AWS allows in a tag value (a quote is not one: tags reject it).
  tags: { team: 'platform', 'cost-center': '12 +-=._:/@34' },
  role_path: '/platform/',
  enable_cloudtrail_trigger: true,
};

function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '//')
        .map(([k, v]) => [k, withoutComments(v)]),
    );
  }
  return value;
}

/** cdktf's JSON of the same stack, with the zip referenced as the export references it. */
function writeJsonModule(): void {
  fs.mkdirSync(jsonDir, { recursive: true });
  type Json = Record<string, unknown>;
  const stack = withoutComments(synthesizeExportStack(zip)) as Json;
  const resources = stack.resource as Record<string, Record<string, Json>>;
  const engine = resources.aws_lambda_function!.engine!;
  engine.filename = '${path.module}/handler.zip';
  engine.source_code_hash = '${filebase64sha256("${path.module}/handler.zip")}';
  const { locals, data, resource, output, moved } = stack;
  writeJson(path.join(jsonDir, 'main.tf.json'), {
    locals,
    data,
    resource,
    output,
    ...(moved ? { moved } : {}),
  });
  for (const f of ['variables.tf', 'versions.tf', 'handler.zip', 'offline_provider.tf.json']) {
    fs.copyFileSync(path.join(tree.rootDir, f), path.join(jsonDir, f));
  }
}

type PlanWithOutputs = PlanJson & { planned_values: { outputs?: unknown } };

/** What a plan decides: every change's address, actions and planned values, and the outputs. */
function decided(p: PlanWithOutputs) {
  return {
    changes: Object.fromEntries(
      p.resource_changes.map((c) => [
        c.address,
        { actions: c.change.actions, after: c.change.after },
      ]),
    ),
    outputs: p.planned_values.outputs,
  };
}

let plans: Promise<Record<'hcl' | 'json', Record<string, PlanJson>>>;

beforeAll(() => {
  writeJsonModule();
  const planAll = async (dir: string) => {
    writeJson(path.join(dir, 'everything.tfvars.json'), EVERYTHING);
    const r = await init(dir);
    if (r.status !== 0) throw new Error(`terraform init in ${dir}: ${flat(r).slice(-3000)}`);
    const names = Object.keys(INPUTS);
    const shown = await Promise.all(names.map((n) => planJson(dir, n, INPUTS[n]!)));
    return Object.fromEntries(names.map((n, i) => [n, shown[i]!]));
  };
  plans = Promise.all([planAll(tree.rootDir), planAll(jsonDir)]).then(([hcl, json]) => ({
    hcl,
    json,
  }));
  plans.catch(() => undefined);
});

describe('the exported HCL against cdktf Terraform JSON', () => {
  it.each(Object.keys(INPUTS).map((n) => [n]))('plans the same with %s inputs', async (name) => {
    // Act
    const { hcl, json } = await plans;

    // Assess
    const fromHcl = decided(hcl[name]! as PlanWithOutputs);
    expect(Object.keys(fromHcl.changes).length).toBeGreaterThan(20);
    expect(fromHcl).toEqual(decided(json[name]! as PlanWithOutputs));
  });
});
