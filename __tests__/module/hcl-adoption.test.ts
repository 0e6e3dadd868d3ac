/**
 * Issue 8: the exported module in a platform team's root module. Bring-your-own key and topic created
 * in the same stack, a first plan a reviewer can read, tags everywhere, the role's path and boundary,
 * owners at scale, and what an edit of a list does to existing objects (against a crafted state).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { exportIntoTempTree, flat, init, plan } from './support/hcl-module';
import { planJson, type PlanJson } from './support/plan-json';
import { awsSchema, stateFromPlan, type ProviderSchema } from './support/crafted-state';
import { writeAdoptionRoot, writeScenario } from './support/adoption-root';
import { ACCOUNT_ID, placeholderZip } from './support/stacks';
import { addressKey } from '../../modules/access-key-lifecycle/subscription-keys';

jest.setTimeout(300_000);

const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:platform-alerts`;
const ANY_KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/*`;
const TAGS = { team: 'platform', 'cost-center': '4711' };

const tree = exportIntoTempTree(placeholderZip());
const root = path.join(path.dirname(tree.moduleDir), '..', 'adoption');
writeAdoptionRoot(root, tree.moduleDir);

/** Each scenario's plan JSON; scenarios plan side by side after one init. */
const SCENARIOS = {
  sameStack: {
    same_stack_key_and_topic: true,
    create_kms_key: false,
    create_sns_topic: false,
    ops_emails: ['ops@example.com'],
    owners: [{ user_name: 'alice', email: 'alice@example.com' }],
  },
  fresh: { ops_emails: ['ops@example.com'] },
  knownKey: { create_kms_key: false, kms_key_arn: KEY_ARN },
  tagged: {
    tags: TAGS,
    role_path: '/service/',
    permissions_boundary: `arn:aws:iam::${ACCOUNT_ID}:policy/boundary`,
    ops_emails: ['ops@example.com'],
    owners: [{ user_name: 'alice', email: 'alice@example.com' }],
    managed_secret_users: [{ user_name: 'alice' }],
  },
} as const;
type Scenario = keyof typeof SCENARIOS;

let initialised: Promise<void>;
let plans: Promise<Record<Scenario, PlanJson>>;
let schema: Promise<ProviderSchema>;

beforeAll(() => {
  initialised = init(root).then((r) => {
    if (r.status !== 0) throw new Error(`terraform init: ${flat(r).slice(-3000)}`);
  });
  plans = initialised.then(async () => {
    const names = Object.keys(SCENARIOS) as Scenario[];
    const shown = await Promise.all(
      names.map((n) => planJson(root, n, [writeScenario(root, n, SCENARIOS[n])])),
    );
    return Object.fromEntries(names.map((n, i) => [n, shown[i]!])) as Record<Scenario, PlanJson>;
  });
  schema = initialised.then(() => awsSchema(root));
  for (const p of [plans, schema]) p.catch(() => undefined);
});

const inModule = (p: PlanJson) =>
  p.resource_changes.filter((c) => c.address.startsWith('module.akl.'));

describe('bring your own key and topic', () => {
  it('plans with a key and a topic created in the same stack (ARNs known only after apply)', async () => {
    // Act
    const p = (await plans).sameStack;

    // Assess
    const addresses = inModule(p).map((c) => c.address);
    expect(addresses).not.toContainEqual(expect.stringMatching(/aws_kms_key\.key|aws_sns_topic\./));
    expect(addresses).toContain('module.akl.aws_lambda_function.engine');
    const sub = p.resource_changes.find((c) =>
      c.address.startsWith('module.akl.aws_sns_topic_subscription.owner['),
    )!;
    expect(sub.change.after_unknown).toHaveProperty('topic_arn', true);
  });

  it('publishes the key policy statements a brought key needs, known at plan time', async () => {
    // Act: the root module passes the module's output on
    const p = (await plans).knownKey;
    const outputs = (p.planned_values as { outputs?: Record<string, { value?: unknown }> }).outputs;

    // Assess
    const statements = JSON.parse(String(outputs!.kms_key_policy_statements_json!.value)) as {
      Sid: string;
      Principal: Record<string, string>;
    }[];
    expect(statements.map((s) => s.Sid)).toEqual([
      'EngineRoleUsesKey',
      'LogsEncryptTheFunctionLogGroup',
      'CloudWatchAlarmsPublishToTopic',
      'SecretReadersDecryptThroughSecretsManager',
    ]);
    expect(statements[0]!.Principal.AWS).toBe(
      `arn:aws:iam::${ACCOUNT_ID}:role/iam-key-lifecycle-engine`,
    );
  });
});

describe('the first plan of a fresh stack', () => {
  it('shows the role policy and the key policy in full', async () => {
    // Act
    const p = (await plans).fresh;

    // Assess
    const role = JSON.parse(
      String(plannedValues(p, 'module.akl.aws_iam_role_policy.engine[0]').policy),
    );
    expect(role.Statement.map((s: { Sid: string }) => s.Sid)).toContain('PublishNotifications');
    expect(JSON.stringify(role)).toContain(
      `arn:aws:sns:us-east-1:${ACCOUNT_ID}:iam-key-lifecycle-notifications`,
    );
    const key = JSON.parse(String(plannedValues(p, 'module.akl.aws_kms_key.key[0]').policy));
    expect(JSON.stringify(key)).toContain(
      `arn:aws:iam::${ACCOUNT_ID}:role/iam-key-lifecycle-engine`,
    );
  });

  it('knows every role policy of the engine role (no "known after apply" in any policy)', async () => {
    // Act
    const p = (await plans).fresh;

    // Assess
    const rolePolicies = inModule(p).filter((c) => c.address.includes('aws_iam_role_policy.'));
    expect(rolePolicies.map((c) => c.address).sort()).toEqual([
      'module.akl.aws_iam_role_policy.engine[0]',
      'module.akl.aws_iam_role_policy.engine_keys[0]',
    ]);
    expect(rolePolicies.filter((c) => 'policy' in c.change.after_unknown)).toEqual([]);
    expect(rolePolicies.map((c) => typeof c.change.after!.policy)).toEqual(['string', 'string']);
  });

  it('names the keys the module creates by their aliases in the key-use role policy', async () => {
    // Act
    const p = (await plans).fresh;

    // Assess
    const keys = JSON.parse(
      String(plannedValues(p, 'module.akl.aws_iam_role_policy.engine_keys[0]').policy),
    ) as {
      Statement: {
        Sid: string;
        Resource: string;
        Condition: Record<string, Record<string, string>>;
      }[];
    };
    expect(
      keys.Statement.map((s) => [
        s.Sid,
        s.Resource,
        s.Condition['ForAnyValue:StringEquals']!['kms:ResourceAliases'],
      ]),
    ).toEqual([
      ['UseKeyThroughServicesOnly', ANY_KEY, 'alias/iam-key-lifecycle'],
      ['ResolveKeyAlias', ANY_KEY, 'alias/iam-key-lifecycle'],
      ['SignAndVerifyStateTags', ANY_KEY, 'alias/iam-key-lifecycle-state-mac'],
    ]);
  });

  it('shows the function environment, MODE included, in full (the key named by its alias ARN)', async () => {
    // Act
    const p = (await plans).fresh;

    // Assess
    const fn = p.resource_changes.find(
      (c) => c.address === 'module.akl.aws_lambda_function.engine',
    )!;
    // after_unknown mirrors the block with `true` where a value is unknown
    expect(JSON.stringify(fn.change.after_unknown.environment ?? [])).not.toContain('true');
    const variables = (
      plannedValues(p, 'module.akl.aws_lambda_function.engine').environment as {
        variables: Record<string, string>;
      }[]
    )[0]!.variables;
    expect(variables).toMatchObject({
      MODE: 'enforce',
      SECRET_KMS_KEY_ID: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:alias/iam-key-lifecycle`,
      SNS_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:iam-key-lifecycle-notifications`,
    });
  });

  it('reads only the role policy document of the scope that applies', async () => {
    // Act
    const p = (await plans).fresh;

    // Assess
    expect(
      readDataValues(p, 'module.akl.data.aws_iam_policy_document.engine_permissions_all_users[0]'),
    ).toHaveProperty('json');
    expect(JSON.stringify(p)).not.toContain('engine_permissions_tagged_users[0]');
  });

  it('shows the function environment, MODE included, in full when the key ARN is known', async () => {
    // Act
    const p = (await plans).knownKey;

    // Assess
    const fn = plannedValues(p, 'module.akl.aws_lambda_function.engine');
    const variables = (fn.environment as { variables: Record<string, string> }[])[0]!.variables;
    expect(variables).toMatchObject({
      MODE: 'enforce',
      SECRET_KMS_KEY_ID: KEY_ARN,
      SNS_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:iam-key-lifecycle-notifications`,
      STATE_MAC_KEY_ID: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:alias/iam-key-lifecycle-state-mac`,
    });
  });
});

describe('tags, role path and permissions boundary', () => {
  it('tags every resource whose type has a tags argument in the provider schema', async () => {
    // Act
    const [p, s] = await Promise.all([plans.then((x) => x.tagged), schema]);

    // Assess
    const resources = moduleResources(p.planned_values).filter((r) => r.mode === 'managed');
    const taggable = resources.filter((r) => s.resource_schemas[r.type]?.block.attributes?.tags);
    expect(taggable.length).toBeGreaterThan(10);
    expect(taggable.filter((r) => !isDeepStrictEqual(r.values.tags, TAGS))).toEqual([]);
  });

  it('puts the engine role under role_path with the permissions boundary', async () => {
    // Act
    const role = plannedValues((await plans).tagged, 'module.akl.aws_iam_role.engine[0]');

    // Assess
    expect(role).toMatchObject({
      path: '/service/',
      permissions_boundary: `arn:aws:iam::${ACCOUNT_ID}:policy/boundary`,
    });
  });
});

describe('owners at scale', () => {
  it('plans 2,000 owners (100 addresses x 20 users) in under 60 s within the SNS limits', async () => {
    // Prepare
    await initialised;
    const owners = Array.from({ length: 2000 }, (_, i) => ({
      user_name: `user-${i}`,
      email: `owner-${i % 100}@example.com`,
    }));
    const file = writeScenario(root, 'owners', { owners });

    // Act
    const started = Date.now();
    const p = await planJson(root, 'owners', [file]);
    const seconds = (Date.now() - started) / 1000;

    // Assess
    const subs = p.resource_changes.filter((c) =>
      c.address.startsWith('module.akl.aws_sns_topic_subscription.owner['),
    );
    expect(seconds).toBeLessThan(60);
    expect(subs).toHaveLength(100);
    for (const sub of subs) {
      const users = (JSON.parse(String(sub.change.after!.filter_policy)) as { user: string[] })
        .user;
      expect(users).toHaveLength(20);
    }
    expect(subs.map((c) => c.address).join(' ')).not.toContain('@');
  });

  it('rejects more owner subscriptions than sns_filter_policy_quota with a message naming both', async () => {
    // Prepare
    await initialised;
    const owners = Array.from({ length: 3 }, (_, i) => ({
      user_name: `user-${i}`,
      email: `owner-${i}@example.com`,
    }));
    const file = writeScenario(root, 'quota', { owners, sns_filter_policy_quota: 2 });

    // Act
    const r = await plan(root, [file]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain(
      'sns_filter_policy_quota must be at least the 3 subscriptions with a filter policy that owners need (one per distinct email, one more per 150 users of an email), got 2',
    );
  });
});

describe('edits of lists against an existing state', () => {
  it('removing the first of two ops addresses changes that one subscription only', async () => {
    // Prepare: a state holding both subscriptions, as an apply of the first plan would leave it
    const dir = await copyInitialised('ops-state');
    const both = { create_sns_topic: false, sns_topic_arn: TOPIC_ARN };
    const before = await planJson(dir, 'both', [
      writeScenario(dir, 'both', { ...both, ops_emails: ['a@example.com', 'b@example.com'] }),
    ]);
    await stateFromPlan(dir, before, await schema, (a) => a.includes('ops_email'));

    // Act
    const after = await planJson(dir, 'second', [
      writeScenario(dir, 'second', { ...both, ops_emails: ['b@example.com'] }),
    ]);

    // Assess
    const subs = after.resource_changes
      .filter((c) => c.address.includes('aws_sns_topic_subscription'))
      .map((c) => [c.address, c.change.actions]);
    expect(subs).toEqual([
      [
        `module.akl.aws_sns_topic_subscription.ops_email["${addressKey('a@example.com')}"]`,
        ['delete'],
      ],
      [
        `module.akl.aws_sns_topic_subscription.ops_email["${addressKey('b@example.com')}"]`,
        ['no-op'],
      ],
    ]);
  });

  it('refuses to destroy the secret of a user removed from managed_secret_users', async () => {
    // Prepare
    const dir = await copyInitialised('secret-state');
    const before = await planJson(dir, 'two', [
      writeScenario(dir, 'two', {
        managed_secret_users: [{ user_name: 'alice' }, { user_name: 'bob' }],
      }),
    ]);
    await stateFromPlan(dir, before, await schema, (a) =>
      a.startsWith('module.akl.aws_secretsmanager_secret.secret['),
    );

    // Act
    const r = await plan(dir, [
      writeScenario(dir, 'one', { managed_secret_users: [{ user_name: 'alice' }] }),
    ]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain('Instance cannot be destroyed');
    expect(flat(r)).toContain('module.akl.aws_secretsmanager_secret.secret["bob"]');
  });
});

interface PlannedResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

type Values = { readonly root_module: { readonly child_modules?: readonly Child[] } };
type Child = { readonly resources?: readonly PlannedResource[] };

/** The resources of the module (the root's only child module) in planned values or prior state. */
function moduleResources(values: unknown): readonly PlannedResource[] {
  return (values as Values).root_module.child_modules?.[0]?.resources ?? [];
}

function plannedValues(p: PlanJson, address: string): Record<string, unknown> {
  const found = moduleResources(p.planned_values).find((r) => r.address === address);
  if (!found) throw new Error(`the planned values hold no ${address}`);
  return found.values;
}

/** Values of a data source Terraform read at plan time. */
function readDataValues(p: PlanJson, address: string): Record<string, unknown> {
  const found = moduleResources(p.prior_state?.values).find((r) => r.address === address);
  if (!found) throw new Error(`${address} was not read at plan time, so its values are unknown`);
  return found.values;
}

/** A copy of the initialised root (providers and module links), for a state of its own. */
async function copyInitialised(name: string): Promise<string> {
  await initialised;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `akl-${name}-`));
  fs.cpSync(root, dir, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.tfvars.json'))) {
    fs.rmSync(path.join(dir, f));
  }
  return dir;
}
