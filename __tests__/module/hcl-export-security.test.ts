import * as path from 'path';
import calls from '../fixtures/engine-api-calls.json';
import { idsFor } from './support/checkov';
import { runCheckovOnDirectory, type DirectoryReport } from './support/checkov-dir';
import { exportIntoTempTree, flat, init, readTfJson } from './support/hcl-module';
import {
  planJson,
  change,
  plannedValues,
  readDataValues,
  type PlanJson,
} from './support/plan-json';
import { documentTemplates, plannedDocument } from './support/planned-role-policy';
import {
  decide,
  KEY_ARN,
  MAC_KEY_ARN,
  TABLE_ARN,
  TOPIC_ARN,
  type ApiCall,
} from './support/role-policy';
import { placeholderZip } from './support/stacks';

// One checkov scan, two inits and five plans (each with `show -json`), side by side.
jest.setTimeout(120_000);

const IAM_POLICY_CHECKS = [
  'CKV_AWS_1',
  'CKV_AWS_107',
  'CKV_AWS_108',
  'CKV_AWS_109',
  'CKV_AWS_110',
  'CKV_AWS_111',
  'CKV_AWS_356',
];
const MUTATING = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:TagUser',
  'iam:UntagUser',
];
const managed = { 'iam:ResourceTag/key-lifecycle:managed': 'true' };
const alice = 'arn:aws:iam::123456789012:user/alice';
const engineCalls = calls as ApiCall[];

const tree = exportIntoTempTree(placeholderZip());
const mainTf = readTfJson(tree.moduleDir)['main.tf.json']!;
const DOCUMENTS = Object.keys(documentTemplates(mainTf)).filter((n) =>
  n.startsWith('engine_permissions'),
);

const PLANS = {
  all: ['-var', 'mode=enforce'],
  tagged: ['-var', 'mode=enforce', '-var', 'scope=tagged'],
  team: ['-var', 'mode=enforce', '-var', 'user_path_prefix=/team/'],
} as const;
type PlanName = keyof typeof PLANS;

let checkov: Promise<DirectoryReport>;
let plans: Promise<Record<PlanName, PlanJson>>;

beforeAll(() => {
  checkov = runCheckovOnDirectory(tree.moduleDir);
  const initialised = (dir: string) =>
    init(dir).then((r) => {
      if (r.status !== 0) throw new Error(`terraform init in ${dir}: ${flat(r).slice(-3000)}`);
    });
  plans = initialised(tree.rootDir).then(async () => {
    const names = Object.keys(PLANS) as PlanName[];
    const shown = await Promise.all(names.map((n) => planJson(tree.rootDir, n, PLANS[n])));
    return Object.fromEntries(names.map((n, i) => [n, shown[i]!])) as Record<PlanName, PlanJson>;
  });
  // Failures surface in the tests that await these; avoid unhandled-rejection noise meanwhile.
  for (const p of [checkov, plans]) p.catch(() => undefined);
});

/**
 * Both role policies the module attaches, from a plan: the main one exactly as planned (known at plan
 * time), the one on the KMS keys rendered from its template (key ARNs exist only after apply).
 */
async function rolePolicy(name: PlanName): Promise<object> {
  const p = (await plans)[name];
  const main = JSON.parse(String(plannedValues(p, 'aws_iam_role_policy.engine').policy)) as {
    Statement: object[];
  };
  const keys = plannedDocument(p, mainTf, 'engine_key_use') as { Statement: object[] };
  return { Version: '2012-10-17', Statement: [...main.Statement, ...keys.Statement] };
}

describe('checkov over the exported HCL module directory', () => {
  it('finds no failed check', async () => {
    // Act
    const report = await checkov;

    // Assess
    expect(report.failed.map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
    expect(report.passed.length).toBeGreaterThan(20);
    expect(new Set(report.passed.map((c) => path.basename(c.file_path)))).toContain('main.tf.json');
  });

  it('fails to parse only versions.tf.json, which holds no resource to check', async () => {
    // Act
    const report = await checkov;

    // Assess: checkov 3.3's terraform_json parser rejects `terraform.required_version` (a string).
    expect(report.parsingErrors.map((f) => path.relative(tree.moduleDir, f))).toEqual([
      'versions.tf.json',
    ]);
    expect(Object.keys(readTfJson(tree.moduleDir)['versions.tf.json']!)).toEqual(['terraform']);
  });

  it.each(DOCUMENTS.map((d) => [d]))('evaluates the IAM checks on %s', async (name) => {
    // Act
    const report = await checkov;

    // Assess
    expect(idsFor(report.passed, `data.${name}`)).toEqual(
      expect.arrayContaining(IAM_POLICY_CHECKS),
    );
  });
});

describe('the role policy of the exported module, from an offline plan', () => {
  it.each<PlanName>(['all', 'tagged'])(
    'is known at plan time when scope is %s (ARNs built from names and the account id)',
    async (name) => {
      // Act
      const p = (await plans)[name];

      // Assess
      expect(change(p, 'aws_iam_role_policy.engine').change.after_unknown).not.toHaveProperty(
        'policy',
      );
      expect(typeof plannedValues(p, 'aws_iam_role_policy.engine').policy).toBe('string');
    },
  );

  it.each([
    ['all', 'engine_permissions_all_users', 'engine_permissions_tagged_users'],
    ['tagged', 'engine_permissions_tagged_users', 'engine_permissions_all_users'],
  ] as const)('reads only the document for scope = %s: %s', async (scope, expected, other) => {
    // Act
    const p = (await plans)[scope];

    // Assess
    expect(readDataValues(p, `data.aws_iam_policy_document.${expected}[0]`)).toHaveProperty('json');
    expect(() => readDataValues(p, `data.aws_iam_policy_document.${other}[0]`)).toThrow();
    expect(JSON.stringify(p.resource_changes.map((c) => c.address))).not.toContain(other);
  });

  it.each(engineCalls.map((c) => [c.action, c.resource, c]))(
    'allows engine call %s on %s when scope is all',
    async (_a, _r, call) => {
      expect(await decide(await rolePolicy('all'), call)).toBe('Allowed');
    },
  );

  it.each(engineCalls.map((c) => [c.action, c.resource, c]))(
    'allows %s on %s for a managed user when scope is tagged',
    async (_a, _r, call) => {
      // Prepare
      const withTag = { ...call, context: { ...(call.context ?? {}), ...managed } };

      // Act + Assess
      expect(await decide(await rolePolicy('tagged'), withTag)).toBe('Allowed');
    },
  );

  it.each(MUTATING.map((a) => [a]))(
    'denies %s on an untagged user when scope is tagged',
    async (action) => {
      // Prepare
      const call = engineCalls.find((c) => c.action === action)!;

      // Act + Assess
      expect(await decide(await rolePolicy('tagged'), call)).not.toBe('Allowed');
    },
  );

  it.each(engineCalls.filter((c) => c.resource === alice).map((c) => [c.action, c]))(
    'denies %s on a user outside user_path_prefix = /team/',
    async (_a, call) => {
      expect(await decide(await rolePolicy('team'), call)).not.toBe('Allowed');
    },
  );

  it.each<[string, PlanName, ApiCall]>([
    [
      'a secret with another prefix',
      'all',
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      },
    ],
    [
      'a secret with another prefix',
      'tagged',
      {
        action: 'secretsmanager:PutSecretValue',
        resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      },
    ],
    [
      'another topic',
      'all',
      { action: 'sns:Publish', resource: TOPIC_ARN.replace('notifications', 'other') },
    ],
    [
      'another topic',
      'tagged',
      { action: 'sns:Publish', resource: TOPIC_ARN.replace('notifications', 'other') },
    ],
    [
      'another table',
      'all',
      { action: 'dynamodb:PutItem', resource: TABLE_ARN.replace('coordination', 'other') },
    ],
    ['scanning the coordination table', 'tagged', { action: 'dynamodb:Scan', resource: TABLE_ARN }],
    ['a MAC from the secrets key', 'all', { action: 'kms:GenerateMac', resource: KEY_ARN }],
    [
      'a MAC from another key',
      'tagged',
      { action: 'kms:GenerateMac', resource: MAC_KEY_ARN.replace('abcdef01', 'ffffffff') },
    ],
    [
      'tagging a user into scope',
      'tagged',
      {
        action: 'iam:TagUser',
        resource: alice,
        context: { 'aws:TagKeys': ['key-lifecycle:managed'], ...managed },
      },
    ],
  ])('denies %s when scope is %s', async (_name, plan, call) => {
    expect(await decide(await rolePolicy(plan), call)).not.toBe('Allowed');
  });
});
