/**
 * Switching an input never destroys data without an explicit, documented step: the KMS key the
 * secrets, table and logs are encrypted with, a secret, the coordination table, the log group. Each
 * switch is planned against a state holding what the first configuration created (crafted from its
 * plan), in the exported HCL module and in a cdktf stack (docs/module.md, "Inputs that replace or
 * remove resources").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportIntoTempTree, flat, init, plan } from './support/hcl-module';
import { planJson, type PlanJson } from './support/plan-json';
import { awsSchema, stateFromPlan, type ProviderSchema } from './support/crafted-state';
import { writeAdoptionRoot, writeScenario, type Inputs } from './support/adoption-root';
import { ACCOUNT_ID, placeholderZip } from './support/stacks';
import { synthToDir } from './support/synth-dir';
import { runTerraformAsync } from '../../scripts/terraform-env';
import { terraform } from './support/terraform';

jest.setTimeout(300_000);

const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DATA =
  /aws_kms_key\.key|aws_dynamodb_table\.|aws_secretsmanager_secret\.|aws_cloudwatch_log_group\./;

const tree = exportIntoTempTree(placeholderZip());
const root = path.join(path.dirname(tree.moduleDir), '..', 'switches');
writeAdoptionRoot(root, tree.moduleDir);

let initialised: Promise<void>;
let schema: Promise<ProviderSchema>;
beforeAll(() => {
  initialised = init(root).then((r) => {
    if (r.status !== 0) throw new Error(`terraform init: ${flat(r).slice(-3000)}`);
  });
  schema = initialised.then(() => awsSchema(root));
  schema.catch(() => undefined);
});

/** A copy of the initialised root whose state holds everything `first` creates. */
async function appliedState(name: string, first: Inputs): Promise<string> {
  await initialised;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `akl-${name}-`));
  fs.cpSync(root, dir, { recursive: true });
  const before = await planJson(dir, 'first', [writeScenario(dir, 'first', first)]);
  await stateFromPlan(dir, before, await schema, (a) => DATA.test(a));
  return dir;
}

const destroyed = (p: PlanJson) =>
  p.resource_changes
    .filter((c) => c.change.actions.includes('delete') && DATA.test(c.address))
    .map((c) => c.address);

describe('the exported HCL module', () => {
  it('fails the plan that switches create_kms_key off while the module key encrypts data', async () => {
    // Prepare
    const dir = await appliedState('kms-off', { managed_secret_users: [{ user_name: 'alice' }] });

    // Act
    const r = await plan(dir, [
      writeScenario(dir, 'byo', {
        managed_secret_users: [{ user_name: 'alice' }],
        create_kms_key: false,
        kms_key_arn: KEY_ARN,
      }),
    ]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain('Instance cannot be destroyed');
    expect(flat(r)).toContain('module.akl.aws_kms_key.key[0]');
  });

  it('switches to a brought key once the documented step took the module key out of the state', async () => {
    // Prepare
    const dir = await appliedState('kms-kept', { managed_secret_users: [{ user_name: 'alice' }] });
    const removed = await runTerraformAsync(terraform(), dir, [
      'state',
      'rm',
      '-lock=false',
      'module.akl.aws_kms_key.key[0]',
    ]);
    expect(removed.status).toBe(0);

    // Act
    const after = await planJson(dir, 'byo', [
      writeScenario(dir, 'byo', {
        managed_secret_users: [{ user_name: 'alice' }],
        create_kms_key: false,
        kms_key_arn: KEY_ARN,
      }),
    ]);

    // Assess: the data moves to the brought key in place; nothing holding data is destroyed
    expect(destroyed(after)).toEqual([]);
    const secret = after.resource_changes.find(
      (c) => c.address === 'module.akl.aws_secretsmanager_secret.secret["alice"]',
    )!;
    expect(secret.change.actions).toEqual(['update']);
    expect(secret.change.after!.kms_key_id).toBe(KEY_ARN);
  });

  it('fails the plan of a new name_prefix, which would replace the table and the log group', async () => {
    // Prepare
    const dir = await appliedState('prefix', {});

    // Act
    const r = await plan(dir, [writeScenario(dir, 'renamed', { name_prefix: 'akl-renamed' })]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain('module.akl.aws_dynamodb_table.coordination');
    expect(flat(r)).toContain('module.akl.aws_cloudwatch_log_group.engine');
  });

  it('fails the plan of a new secret_prefix, which would replace the managed secrets', async () => {
    // Prepare
    const dir = await appliedState('secret-prefix', {
      managed_secret_users: [{ user_name: 'alice' }],
    });

    // Act
    const r = await plan(dir, [
      writeScenario(dir, 'moved', {
        managed_secret_users: [{ user_name: 'alice' }],
        secret_prefix: 'keys/',
      }),
    ]);

    // Assess
    expect(r.status).not.toBe(0);
    expect(flat(r)).toContain('module.akl.aws_secretsmanager_secret.secret["alice"]');
  });

  it('destroys nothing that holds data when every other switch is toggled', async () => {
    // Prepare
    const dir = await appliedState('others', { ops_emails: ['ops@example.com'] });

    // Act
    const after = await planJson(dir, 'toggled', [
      writeScenario(dir, 'toggled', {
        create_sns_topic: false,
        sns_topic_arn: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:platform-alerts`,
        scope: 'tagged',
        role_path: '/service/',
        tags: { team: 'platform' },
      }),
    ]);

    // Assess
    expect(destroyed(after)).toEqual([]);
  });
});

describe('a cdktf stack', () => {
  it('keeps the module key in AWS (out of the state) when createKmsKey is switched off', async () => {
    // Prepare: the stack with its own key, planned and "applied"
    const zip = placeholderZip();
    const first = synthToDir({ mode: 'enforce', lambdaZipPath: zip }, 'us-east-1');
    const r0 = await init(first);
    expect(r0.status).toBe(0);
    const before = await planJson(first, 'first', []);
    await stateFromPlan(first, before, await awsSchema(first), (a) => DATA.test(a));
    const second = synthToDir(
      { mode: 'enforce', createKmsKey: false, kmsKeyArn: KEY_ARN, lambdaZipPath: zip },
      'us-east-1',
    );
    fs.copyFileSync(path.join(second, 'cdk.tf.json'), path.join(first, 'cdk.tf.json'));

    // Act
    const after = await planJson(first, 'byo', []);

    // Assess
    const key = after.resource_changes.find((c) => c.address === 'aws_kms_key.key')!;
    expect(key.change.actions).toEqual(['forget']);
    expect(destroyed(after)).toEqual([]);
  });
});
