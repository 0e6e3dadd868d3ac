import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { loadAccounts } from '../../../config/load-accounts';
import { AccountStack } from '../../../modules/account-stack/account-stack';
import { OFFLINE_PROVIDER } from './hcl-module';

export const ACCOUNTS_FILE = path.resolve(__dirname, '..', '..', '..', 'config', 'accounts.json');

/**
 * Synthesizes main.ts's stacks from the committed config and swaps each provider for an offline one
 * (no assume-role, fake credentials via the plan environment) so Terraform can plan them here.
 */
export function synthAccountStacksOffline(lambdaZipPath: string): ReadonlyMap<string, string> {
  const dirs = new Map<string, string>();
  for (const account of loadAccounts(ACCOUNTS_FILE)) {
    const stack = new AccountStack(Testing.app(), { account, lambdaZipPath });
    const dir = path.join(Testing.fullSynth(stack), 'stacks', account.name);
    const file = path.join(dir, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.provider.aws = [
      {
        region: account.region,
        ...OFFLINE_PROVIDER,
      },
    ];
    delete json.terraform.backend;
    fs.writeFileSync(file, JSON.stringify(json));
    dirs.set(account.name, dir);
  }
  return dirs;
}
