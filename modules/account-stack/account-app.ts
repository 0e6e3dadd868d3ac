import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'cdktf';
import type { AccountsRead } from '../../config/load-accounts';
import { InvalidPropError, problemsOf } from '../access-key-lifecycle/errors';
import { REPO_ROOT } from '../access-key-lifecycle/defaults';
import { AccountStack } from './account-stack';

/** The committed provider lock file of the account stacks (README "Provider versions"). */
export const LOCK_FILE = path.join(REPO_ROOT, '.terraform.lock.hcl');

/**
 * Adds one AccountStack per parsed account and returns every problem, of the config file and of every
 * account, one line each (`account "<name>": <prop>: <problem>`): the user fixes them all in one go.
 */
export function addAccountStacks(
  app: App,
  read: AccountsRead,
  lambdaZipPath?: string,
): readonly string[] {
  const lines = read.problems.map((p) => p.message);
  for (const account of read.accounts) {
    try {
      new AccountStack(app, { account, lambdaZipPath });
    } catch (err) {
      if (!(err instanceof InvalidPropError)) throw err;
      lines.push(
        ...problemsOf(err).map((p) => `account "${account.name}": ${p.prop}: ${p.problem}`),
      );
    }
  }
  return lines;
}

/**
 * Copies the committed lock file next to each synthesized stack, where `cdktf diff/deploy` runs
 * `terraform init`: every machine installs the provider version and checksums the repository recorded.
 */
export function copyLockFile(
  outdir: string,
  stackNames: readonly string[],
  lockFile = LOCK_FILE,
): void {
  for (const name of stackNames) {
    fs.copyFileSync(lockFile, path.join(outdir, 'stacks', name, '.terraform.lock.hcl'));
  }
}
