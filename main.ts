/**
 * The app a team runs with `cdktf synth/deploy`: one stack per account in config/accounts.json, each
 * with its own provider and backend. All options live in that file; see docs/module.md for every
 * setting. A bad config prints every problem of every account, one line each, and exits 1 (no stack
 * trace: the lines say what to fix).
 */
import * as path from 'path';
import { App } from 'cdktf';
import { readAccounts } from './config/load-accounts';
import { addAccountStacks, copyLockFile } from './modules/account-stack/account-app';

const configFile = process.env.ACCOUNTS_CONFIG ?? path.join(__dirname, 'config', 'accounts.json');
/** As the user would type it: relative inside the working directory, absolute outside it. */
const shown = path.relative(process.cwd(), configFile).startsWith('..')
  ? path.resolve(configFile)
  : path.relative(process.cwd(), configFile);
const read = readAccounts(shown);
const app = new App();
const problems = addAccountStacks(app, read, process.env.LAMBDA_ZIP_PATH);
if (problems.length > 0) {
  process.stderr.write(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown}:\n${problems.join('\n')}\n`,
  );
  process.exitCode = 1;
} else {
  app.synth();
  copyLockFile(
    app.outdir,
    read.accounts.map((a) => a.name),
  );
}
