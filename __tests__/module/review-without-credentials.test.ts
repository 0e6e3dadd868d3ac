/**
 * README, "Reviewing a plan without credentials": the documented override files let a cdktf stack of
 * config/accounts.json and an HCL root module plan with fake credentials and no AWS call; and the
 * bring-your-own key statements the README shows are the ones the module's output plans.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { loadAccounts } from '../../config/load-accounts';
import { AccountStack } from '../../modules/account-stack/account-stack';
import { runTerraformAsync } from '../../scripts/terraform-env';
import { ACCOUNTS_FILE } from './support/account-stacks';
import { exportIntoTempTree, flat, init, plan } from './support/hcl-module';
import { planJson } from './support/plan-json';
import { readmeBlock } from './support/readme-blocks';
import { placeholderZip } from './support/stacks';
import { terraform } from './support/terraform';

// Five inits and five plans.
jest.setTimeout(240_000);

const zip = placeholderZip();
const ACCOUNT = ['-var', 'account_id=123456789012'];

/** The sandbox account's stack exactly as main.ts synthesizes it (assume_role, allowed_account_ids). */
function sandboxStack(): string {
  const account = loadAccounts(ACCOUNTS_FILE).find((a) => a.name === 'sandbox')!;
  const stack = new AccountStack(Testing.app(), { account, lambdaZipPath: zip });
  return path.join(Testing.fullSynth(stack), 'stacks', account.name);
}

const outcome = (r: { status: number; stdout: string; stderr: string }) => ({
  status: r.status,
  output: r.status === 0 ? 'ok' : flat(r).slice(-3000),
});

describe('reviewing a plan without credentials (README overrides)', () => {
  it('plans a cdktf account stack with assume_role and allowed_account_ids', async () => {
    // Prepare
    const dir = sandboxStack();
    const synthesized = fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8');
    expect(synthesized).toContain('"assume_role"');
    expect(synthesized).toContain('"allowed_account_ids"');
    fs.writeFileSync(
      path.join(dir, 'review_override.tf.json'),
      readmeBlock('review-override:cdktf'),
    );

    // Act
    const i = await runTerraformAsync(terraform(), dir, [
      'init',
      '-no-color',
      '-input=false',
      '-reconfigure',
    ]);
    const p = i.status === 0 ? await plan(dir) : i;

    // Assess
    expect(outcome(p)).toEqual({ status: 0, output: 'ok' });
    expect(p.stdout).toContain('# aws_lambda_function.engine will be created');
  });

  it('plans examples/basic from the export with account_id set', async () => {
    // Prepare: the example as shipped, plus the README's HCL override (no offline_override of the tests)
    const tree = exportIntoTempTree(zip);
    const dir = path.join(tree.moduleDir, 'examples', 'basic');
    fs.writeFileSync(path.join(dir, 'review_override.tf'), readmeBlock('review-override:hcl'));

    // Act
    const i = await init(dir);
    const p = i.status === 0 ? await plan(dir, ACCOUNT) : i;

    // Assess
    expect(outcome(p)).toEqual({ status: 0, output: 'ok' });
    expect(p.stdout).toContain(
      '# module.iam_key_lifecycle.aws_lambda_function.engine will be created',
    );
  });
});

describe('reviewing a plan without credentials with an aliased provider (README overrides)', () => {
  /** A root that calls the module through an aliased provider which assumes a role in the account. */
  function aliasedRoot(override: string): string {
    const tree = exportIntoTempTree(zip);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-review-alias-'));
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  alias               = "audit"
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}
module "iam_key_lifecycle" {
  source     = ${JSON.stringify(tree.moduleDir)}
  providers  = { aws = aws.audit }
  mode       = "report"
  account_id = "123456789012"
}
`,
    );
    fs.writeFileSync(path.join(dir, 'review_override.tf'), override);
    return dir;
  }

  it.each([
    [
      'the alias-less override leaves the aliased provider assuming its role',
      'review-override:hcl',
      1,
    ],
    ['the override naming the alias lets the plan through', 'review-override:hcl-alias', 0],
  ])('%s', async (_name, marker, status) => {
    // Prepare
    const dir = aliasedRoot(readmeBlock(marker as string));

    // Act
    const i = await init(dir);
    const p = i.status === 0 ? await plan(dir) : i;

    // Assess
    if (status === 0) {
      expect(outcome(p)).toEqual({ status: 0, output: 'ok' });
      expect(p.stdout).toContain(
        'module.iam_key_lifecycle.aws_lambda_function.engine will be created',
      );
    } else {
      expect(i.status).toBe(0);
      expect(flat(p)).toContain('Cannot assume IAM Role');
    }
  });
});

describe('README, "Bring-your-own KMS key policy"', () => {
  it('shows the statements the module plans in kms_key_policy_statements_json', async () => {
    // Prepare
    const tree = exportIntoTempTree(zip);
    const r = await init(tree.rootDir);
    expect(outcome(r)).toEqual({ status: 0, output: 'ok' });

    // Act
    const p = (await planJson(tree.rootDir, 'byo', [
      ...ACCOUNT,
      '-var',
      'mode=report',
    ])) as unknown as {
      planned_values: { outputs: Record<string, { value?: unknown }> };
    };

    // Assess
    const planned = p.planned_values.outputs.kms_key_policy_statements_json?.value;
    expect(typeof planned).toBe('string');
    expect(JSON.parse(planned as string)).toEqual(JSON.parse(readmeBlock('byo-key-statements')));
  });
});
