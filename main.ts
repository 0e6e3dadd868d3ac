/**
 * The app a team runs with `cdktf synth/deploy`: one stack per account in config/accounts.json, each
 * with its own provider. All options live in that file; see docs/module.md for every setting.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { loadAccounts } from './config/load-accounts';
import { AccountStack } from './modules/account-stack/account-stack';

const configFile = process.env.ACCOUNTS_CONFIG ?? path.join(__dirname, 'config', 'accounts.json');
const app = new App();
for (const account of loadAccounts(configFile)) {
  new AccountStack(app, { account, lambdaZipPath: process.env.LAMBDA_ZIP_PATH });
}
app.synth();
