/**
 * main.ts as `cdktf synth` runs it (issue 8 items 10 and 12): a bad config prints every problem of every
 * account as one line each, with no stack trace, and exits 1; a good one synthesizes every stack with
 * the committed provider lock file beside it, which `terraform init -lockfile=readonly` accepts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE } from '../../modules/account-stack/account-app';
import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';
import { runTerraformAsync } from '../../scripts/terraform-env';
import { flat } from './support/hcl-module';
import { placeholderZip } from './support/stacks';
import { terraform } from './support/terraform';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '..', '..');
const zip = placeholderZip();

function runMain(config: unknown): { status: number | null; stderr: string; outdir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-main-'));
  const file = path.join(dir, 'accounts.json');
  fs.writeFileSync(file, JSON.stringify(config));
  const outdir = path.join(dir, 'cdktf.out');
  const r = spawnSync('npx', ['ts-node', '--transpile-only', 'main.ts'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ACCOUNTS_CONFIG: file, LAMBDA_ZIP_PATH: zip, CDKTF_OUTDIR: outdir },
  });
  return { status: r.status, stderr: r.stderr, outdir };
}

const account = (name: string, id: string) => ({
  name,
  accountId: id,
  region: 'eu-west-1',
  roleArn: `arn:aws:iam::${id}:role/deployer`,
});

describe('main.ts', () => {
  it('prints every problem of every account, one line each, without a stack trace, and exits 1', () => {
    // Act
    const r = runMain({
      defaults: { mode: 'report' },
      accounts: [
        { ...account('sandbox', '123456789012'), module: { unusedDays: 0, opsEmails: ['x'] } },
        { ...account('production', '210987654321'), module: { memorySizeMb: 64 } },
        { ...account('staging', '111111111111'), region: 'europe' },
      ],
    });

    // Assess
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('Deprecation'));
    expect(lines.filter((l) => !/DEP0044|--trace-deprecation/.test(l))).toEqual([
      expect.stringMatching(/^4 problems in \/.*\/accounts\.json:$/),
      expect.stringMatching(
        /accounts\.json accounts\[2\]\.region: must be an AWS region like eu-west-1, got "europe"$/,
      ),
      'account "sandbox": unusedDays: must be an integer from 1 to 3650, got 0',
      'account "sandbox": opsEmails[0]: must be an email address like ops@example.com, got "x"',
      'account "production": memorySizeMb: must be an integer from 128 to 10240, got 64',
    ]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('synthesizes every stack with the committed lock file, which terraform init accepts read-only', async () => {
    // Act
    const r = runMain({
      defaults: { mode: 'report' },
      accounts: [account('sandbox', '123456789012'), account('production', '210987654321')],
    });

    // Assess
    expect({ status: r.status, stderr: r.stderr.slice(-2000) }).toEqual({
      status: 0,
      stderr: expect.any(String),
    });
    const lock = fs.readFileSync(LOCK_FILE, 'utf8');
    expect(lock).toContain(`constraints = "${AWS_PROVIDER_RANGE}"`);
    for (const name of ['sandbox', 'production']) {
      const dir = path.join(r.outdir, 'stacks', name);
      expect(fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8')).toBe(lock);
    }
    const init = await runTerraformAsync(terraform(), path.join(r.outdir, 'stacks', 'sandbox'), [
      'init',
      '-no-color',
      '-backend=false',
      '-lockfile=readonly',
    ]);
    expect({ status: init.status, output: flat(init).slice(-1500) }).toEqual({
      status: 0,
      output: expect.stringContaining('from the dependency lock file'),
    });
  });
});
