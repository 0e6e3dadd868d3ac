/**
 * Adoption (issue 8 item 8): a secret and a topic that exist before the module are imported with the
 * `import` blocks the README documents ("Adopting existing resources"), the exported HCL module is applied
 * against the emulator, and the built bundle, run with the applied function's environment, rotates a key
 * into the imported secret.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { startEmulator, type Emulator } from '../../scripts/emulator/emulator';
import { seedUsers } from '../../scripts/emulator/seed';
import { buildLambda } from '../../scripts/build-lambda';
import { exportHclModule } from '../../scripts/export-hcl-module';
import { runTerraformAsync, type RunResult } from '../../scripts/terraform-env';
import { SERVICES } from './support/emulator-stack';
import { getFunctionConfiguration } from './support/moto-api';
import { readmeBlock } from './support/readme-blocks';
import { runAppliedFunction } from './support/run-bundle';
import { replacementKeyId, storedKey } from './support/rotated-keys';
import { terraform } from './support/terraform';
import { OFFLINE_PROVIDER } from './support/hcl-module';

jest.setTimeout(240_000);

const REPO = path.resolve(__dirname, '..', '..');
const REGION = 'us-east-1';
const FUNCTION_NAME = 'iam-key-lifecycle-engine';
/** The README's example ARN of the secret; the test puts the emulator's real ARN in its place. */
const DOCUMENTED_SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-access-key/alice-AbCdEf';
const TOPIC_NAME = 'iam-key-lifecycle-notifications';

const ROOT_MODULE = `module "iam_key_lifecycle" {
  source = "../terraform-module"

  mode                 = "enforce"
  account_id           = "123456789012"
  ops_emails           = ["security@example.com"]
  managed_secret_users = [{ user_name = "alice" }]
}

output "secret_arns" {
  value = module.iam_key_lifecycle.secret_arns
}

output "topic_arn" {
  value = module.iam_key_lifecycle.topic_arn
}
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-import-'));
const rootDir = path.join(work, 'root');
let emulator: Emulator;
let bundle: string;
let existing: { secretArn: string; topicArn: string };
let applied: RunResult;
let planned: RunResult;
let outputs: Record<string, { value: unknown }>;

function clients() {
  const config = emulator.clientConfig();
  return {
    iam: new IAMClient(config),
    sm: new SecretsManagerClient(config),
    sns: new SNSClient(config),
    kms: new KMSClient(config),
  };
}

async function tf(args: readonly string[]): Promise<RunResult> {
  const r = await runTerraformAsync(terraform(), rootDir, args, {
    ...emulator.env(),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  if (r.status !== 0) {
    throw new Error(
      `terraform ${args.join(' ')} exited ${r.status}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`,
    );
  }
  return r;
}

beforeAll(async () => {
  const [started, build] = await Promise.all([
    startEmulator(),
    buildLambda({ entry: path.join(REPO, 'lambda', 'index.ts'), outdir: path.join(work, 'build') }),
  ]);
  emulator = started;
  bundle = path.join(work, 'build', 'index.js');
  exportHclModule({ outdir: path.join(work, 'terraform-module'), zipPath: build.zipPath });

  // Prepare: the secret and the topic exist before Terraform knows of them
  const { sm, sns } = clients();
  const secret = await sm.send(
    new CreateSecretCommand({ Name: 'iam-access-key/alice', Description: 'created by hand' }),
  );
  const topic = await sns.send(new CreateTopicCommand({ Name: TOPIC_NAME }));
  existing = { secretArn: secret.ARN!, topicArn: topic.TopicArn! };

  fs.mkdirSync(rootDir, { recursive: true });
  fs.writeFileSync(path.join(rootDir, 'main.tf'), ROOT_MODULE);
  fs.writeFileSync(
    path.join(rootDir, 'imports.tf'),
    readmeBlock('import-blocks:secret-topic').replace(DOCUMENTED_SECRET_ARN, existing.secretArn),
  );
  fs.writeFileSync(
    path.join(rootDir, 'provider.tf.json'),
    JSON.stringify({
      provider: {
        aws: {
          region: REGION,
          ...OFFLINE_PROVIDER,
          skip_region_validation: true,
          endpoints: [Object.fromEntries(SERVICES.map((s) => [s, emulator.endpoint]))],
        },
      },
    }),
  );

  // Act
  await tf(['init', '-no-color', '-input=false']);
  planned = await tf(['plan', '-no-color', '-input=false', '-out=tfplan']);
  applied = await tf(['apply', '-no-color', '-input=false', 'tfplan']);
  outputs = JSON.parse((await tf(['output', '-json'])).stdout) as typeof outputs;
});

afterAll(async () => {
  await emulator?.stop();
});

describe('adopting an existing secret and topic with the README import blocks', () => {
  it('plans both as imports, not creations', () => {
    for (const address of [
      'module.iam_key_lifecycle.aws_secretsmanager_secret.secret["alice"]',
      'module.iam_key_lifecycle.aws_sns_topic.notifications[0]',
    ]) {
      expect(planned.stdout).toMatch(
        new RegExp(`# ${address.replace(/[[\]."]/g, '\\$&')} will be (imported|updated in-place)`),
      );
      expect(planned.stdout).not.toContain(`# ${address} will be created`);
    }
    expect(planned.stdout).toMatch(/Plan: 2 to import, \d+ to add/);
  });

  it('applies, keeping the existing secret and topic', () => {
    expect(applied.stdout).toMatch(/Apply complete! Resources: 2 imported, \d+ added/);
    expect(outputs.secret_arns!.value).toEqual({ alice: existing.secretArn });
    expect(outputs.topic_arn!.value).toBe(existing.topicArn);
  });

  it('encrypts the imported secret with the module key (the function environment names it by its alias)', async () => {
    // Act
    const described = await clients().sm.send(
      new DescribeSecretCommand({ SecretId: existing.secretArn }),
    );
    const config = await getFunctionConfiguration(emulator.endpoint, FUNCTION_NAME);
    const alias = config.Environment?.Variables?.SECRET_KMS_KEY_ID;
    // What the engine does once per run (lambda/aws/kms-key-arn.ts): DescribeKey by the alias ARN.
    const key = await clients().kms.send(new DescribeKeyCommand({ KeyId: alias }));

    // Assess
    expect(alias).toBe(`arn:aws:kms:${REGION}:123456789012:alias/iam-key-lifecycle`);
    expect(described.KmsKeyId).toBe(key.KeyMetadata?.Arn);
  });

  it('runs the built bundle with the applied environment and rotates into the imported secret', async () => {
    // Prepare: a key due for rotation (100 days old, used yesterday)
    const { iam, sm } = clients();
    const seeded = await seedUsers(
      emulator,
      [{ name: 'alice', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] }],
      new Date(),
      iam,
    );
    const oldKey = seeded.alice![0]!;

    // Act (the summary holds no key material: runAppliedFunction asserts it)
    const summary = await runAppliedFunction(emulator, bundle, FUNCTION_NAME);

    // Assess
    expect(summary).toMatchObject({
      mode: 'enforce',
      errors: [],
      actions: [{ user: 'alice', accessKeyId: oldKey, action: 'create', outcome: 'done' }],
    });
    const newKey = await replacementKeyId(iam, 'alice', oldKey);
    expect(await storedKey(sm, existing.secretArn)).toEqual({ user: 'alice', key: newKey });
  });
});
