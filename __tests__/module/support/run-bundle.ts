import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Emulator } from '../../../scripts/emulator/emulator';
import { assertNoKeyMaterial, rememberKeyMaterial } from '../../support/key-material';
import { getFunctionConfiguration } from './moto-api';

const RUNNER = `
const { handler } = require(process.argv[1]);
handler(JSON.parse(process.argv[3]), { awsRequestId: 'module-apply-test' }).then(
  (summary) => require('fs').writeFileSync(process.argv[2], JSON.stringify(summary)),
  (err) => { console.error(err && err.name, err && err.message); process.exit(1); },
);
`;

export interface BundleRun {
  readonly summary: unknown;
  /** The audit log lines (stdout) of the run, for failure reports only. */
  readonly stdout: string;
}

/**
 * Runs the built bundle's `handler` in a node child process with `env` as its ENTIRE environment (no
 * inherited variables), as Lambda would: proves the deployed environment contract is sufficient.
 */
export function runBundle(
  bundle: string,
  env: Readonly<Record<string, string>>,
  event: object = {},
): Promise<BundleRun> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'akl-run-')), 'summary.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', RUNNER, bundle, out, JSON.stringify(event)], {
      env: { ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`handler run exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ summary: JSON.parse(fs.readFileSync(out, 'utf8')) as unknown, stdout });
    });
  });
}

/**
 * Runs the built bundle with the environment Terraform applied to `functionName`, as Lambda would; every
 * key the emulator issued is remembered as key material, and the summary must hold none of it.
 */
export async function runAppliedFunction(
  emulator: Emulator,
  bundle: string,
  functionName: string,
): Promise<unknown> {
  const config = await getFunctionConfiguration(emulator.endpoint, functionName);
  const { summary } = await runBundle(bundle, {
    ...(config.Environment?.Variables ?? {}),
    ...emulator.env(),
    AWS_LAMBDA_FUNCTION_NAME: functionName,
  });
  for (const secret of await emulator.issuedSecrets()) rememberKeyMaterial(secret);
  assertNoKeyMaterial(summary, 'the run summary');
  return summary;
}
