/**
 * The s3 backend config/accounts.json names, against an S3 API (moto): the synthesized block, with only
 * the emulator's endpoint added at init (`-backend-config`), initializes, takes S3's own lock and writes
 * the account's state to `iam-key-lifecycle/<name>.tfstate` in the bucket.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parseAccounts } from '../../config/load-accounts';
import { AccountStack } from '../../modules/account-stack/account-stack';
import { runTerraformAsync, type RunResult } from '../../scripts/terraform-env';
import { startEmulator, type Emulator } from '../../scripts/emulator/emulator';
import { flat } from './support/hcl-module';
import { placeholderZip } from './support/stacks';
import { terraform } from './support/terraform';

jest.setTimeout(180_000);

const BUCKET = 'team-state';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

/** The account's synthesized stack directory, with an offline provider (the backend is the subject). */
function synthesizedStack(): string {
  const [account] = parseAccounts(
    {
      defaults: { mode: 'report' },
      backend: { type: 's3', config: { bucket: BUCKET, region: 'us-east-1' } },
      accounts: [
        {
          name: 'sandbox',
          accountId: '123456789012',
          region: 'us-east-1',
          roleArn: 'arn:aws:iam::123456789012:role/deployer',
        },
      ],
    },
    'accounts.json',
  );
  const stack = new AccountStack(Testing.app(), {
    account: account!,
    lambdaZipPath: placeholderZip(),
  });
  const synthesized = JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-s3-backend-'));
  fs.writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({ terraform: synthesized.terraform }),
  );
  // Only what the emulator needs; every other setting comes from the synthesized block.
  fs.writeFileSync(
    path.join(dir, 'emulator.s3.tfbackend'),
    [
      `endpoints = { s3 = "${emulator.endpoint}", sts = "${emulator.endpoint}" }`,
      'use_path_style = true',
      'skip_credentials_validation = true',
      'skip_requesting_account_id = true',
      'skip_metadata_api_check = true',
    ].join('\n'),
  );
  return dir;
}

/** An empty state at `serial` (version 4, as Terraform 1.11 writes it), for `terraform state push`. */
function writeEmptyState(dir: string, serial: number): void {
  const state = { version: 4, terraform_version: '1.11.0', serial, lineage: 'akl-test' };
  fs.writeFileSync(
    path.join(dir, 'pushed.tfstate'),
    JSON.stringify({ ...state, outputs: {}, resources: [] }),
  );
}

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'emulator-fake-credential',
  AWS_EC2_METADATA_DISABLED: 'true',
};

function tf(dir: string, args: readonly string[]): Promise<RunResult> {
  return runTerraformAsync(terraform(), dir, [...args], ENV);
}

it('initializes, locks and writes the state to iam-key-lifecycle/<account>.tfstate in the bucket', async () => {
  // Prepare
  const put = await fetch(`${emulator.endpoint}/${BUCKET}`, { method: 'PUT' });
  expect(put.status).toBe(200);
  const dir = synthesizedStack();
  writeEmptyState(dir, 1);

  // Act
  const init = await tf(dir, [
    'init',
    '-no-color',
    '-input=false',
    '-backend-config=emulator.s3.tfbackend',
  ]);
  const push = await tf(dir, ['state', 'push', '-no-color', 'pushed.tfstate']);
  const listing = await (await fetch(`${emulator.endpoint}/${BUCKET}?list-type=2`)).text();

  // Assess
  expect({ init: init.status, push: push.status, output: flat(push).slice(-1500) }).toEqual({
    init: 0,
    push: 0,
    output: expect.any(String),
  });
  expect(flat(init)).toContain('Successfully configured the backend "s3"');
  expect(listing).toContain('<Key>iam-key-lifecycle/sandbox.tfstate</Key>');
  // The lock file is gone once the push released it.
  expect(listing).not.toContain('.tflock');
});

it('refuses to write while another run holds the S3 lock file (use_lockfile on by default)', async () => {
  // Prepare: a lock as another terraform run leaves it
  const dir = synthesizedStack();
  writeEmptyState(dir, 2);
  const lock = await fetch(
    `${emulator.endpoint}/${BUCKET}/iam-key-lifecycle/sandbox.tfstate.tflock`,
    {
      method: 'PUT',
      body: JSON.stringify({
        ID: 'held-by-another-run',
        Operation: 'OperationTypeApply',
        Who: 'ci',
      }),
    },
  );
  expect(lock.status).toBe(200);

  // Act
  const init = await tf(dir, [
    'init',
    '-no-color',
    '-input=false',
    '-backend-config=emulator.s3.tfbackend',
  ]);
  const push = await tf(dir, ['state', 'push', '-no-color', '-lock-timeout=0s', 'pushed.tfstate']);

  // Assess
  expect(init.status).toBe(0);
  expect(push.status).not.toBe(0);
  expect(flat(push)).toContain('Error acquiring the state lock');
});
