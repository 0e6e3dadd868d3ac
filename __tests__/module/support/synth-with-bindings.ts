/**
 * Child process of provider-6.test.ts: synthesizes the HCL export stack and main.ts's first account stack
 * and prints their Terraform JSON. With PROVIDER_AWS_BINDINGS=provider-aws-6 every
 * `@cdktf/provider-aws/...` import resolves to the provider-6 bindings instead (jest has its own module
 * resolver, so the redirect needs a plain Node process).
 *   ts-node --transpile-only synth-with-bindings.ts <zip>
 */
import * as fs from 'fs';
import * as path from 'path';
import Module from 'module';

const bindings = process.env.PROVIDER_AWS_BINDINGS;
if (bindings) {
  const resolver = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
    const redirected = request.replace(/^@cdktf\/provider-aws(?=\/|$)/, bindings);
    return original.call(this, redirected, ...rest);
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the redirect above */
const { Testing } = require('cdktf') as typeof import('cdktf');
const { synthesizeExportStack } =
  require('../../../scripts/hcl/export-stack') as typeof import('../../../scripts/hcl/export-stack');
const { AccountStack } =
  require('../../../modules/account-stack/account-stack') as typeof import('../../../modules/account-stack/account-stack');
const { loadAccounts } =
  require('../../../config/load-accounts') as typeof import('../../../config/load-accounts');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The package the bindings were loaded from, read where the region data source resolved. */
function loadedBindings(): { name: string; version: string; terraformProvider: string } {
  const file = require.resolve('@cdktf/provider-aws/lib/data-aws-region');
  const root = path.resolve(path.dirname(file), '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return { name: pkg.name, version: pkg.version, terraformProvider: pkg.cdktf.provider.version };
}

const zip = process.argv[2]!;
const account = loadAccounts(
  path.resolve(__dirname, '..', '..', '..', 'config', 'accounts.json'),
)[0]!;
const stack = new AccountStack(Testing.app(), { account, lambdaZipPath: zip });
const stackFile = path.join(Testing.fullSynth(stack), 'stacks', account.name, 'cdk.tf.json');
process.stdout.write(
  JSON.stringify({
    bindings: loadedBindings(),
    module: synthesizeExportStack(zip),
    account: JSON.parse(fs.readFileSync(stackFile, 'utf8')),
  }),
);
