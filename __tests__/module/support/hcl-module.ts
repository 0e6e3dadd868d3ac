import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportHclModule } from '../../../scripts/export-hcl-module';
import { runTerraformAsync, type RunResult } from '../../../scripts/terraform-env';
import { PLAN_ENV, terraform } from './terraform';
import { ACCOUNT_ID } from './stacks';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The provider settings of every offline plan (credentials come from PLAN_ENV). */
const OFFLINE_PROVIDER = {
  skip_credentials_validation: true,
  skip_metadata_api_check: 'true',
  skip_requesting_account_id: true,
};

export interface ExportedTree {
  /** dist/terraform-module inside a temporary copy of the repository layout. */
  readonly moduleDir: string;
  /** examples/basic beside it, so its `../../dist/terraform-module` source resolves. */
  readonly exampleDir: string;
  /** A copy of the module used as a root module, with a provider of its own. */
  readonly rootDir: string;
}

/** Exports the module into a temporary tree laid out like the repository. */
export function exportIntoTempTree(zipPath: string): ExportedTree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-hcl-'));
  const moduleDir = path.join(root, 'dist', 'terraform-module');
  exportHclModule({ outdir: moduleDir, zipPath });
  const exampleDir = path.join(root, 'examples', 'basic');
  fs.cpSync(path.join(REPO, 'examples', 'basic'), exampleDir, { recursive: true });
  // An override file merges into the example's own provider block: the example stays as users see it.
  // A known account id: with it the module reads no caller identity, so a plan needs no credentials.
  writeJson(path.join(exampleDir, 'offline_override.tf.json'), {
    provider: { aws: OFFLINE_PROVIDER },
    module: { iam_key_lifecycle: { account_id: ACCOUNT_ID } },
  });
  const rootDir = path.join(root, 'as-root');
  fs.cpSync(moduleDir, rootDir, { recursive: true });
  writeJson(path.join(rootDir, 'offline_provider.tf.json'), {
    provider: { aws: { region: 'us-east-1', ...OFFLINE_PROVIDER } },
  });
  writeJson(path.join(rootDir, 'offline.auto.tfvars.json'), { account_id: ACCOUNT_ID });
  return { moduleDir, exampleDir, rootDir };
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value));
}

export function readTfJson(dir: string): Readonly<Record<string, Record<string, unknown>>> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.tf.json'))
      .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))]),
  );
}

export async function init(dir: string): Promise<RunResult> {
  return runTerraformAsync(terraform(), dir, ['init', '-no-color', '-input=false']);
}

export async function plan(dir: string, args: readonly string[] = []): Promise<RunResult> {
  return runTerraformAsync(
    terraform(),
    dir,
    ['plan', '-no-color', '-input=false', '-refresh=false', '-lock=false', ...args],
    PLAN_ENV,
  );
}

/** Terraform wraps diagnostics at 80 columns; messages are compared with whitespace collapsed. */
export function flat(r: RunResult): string {
  return `${r.stdout}\n${r.stderr}`.replace(/[│\s]+/g, ' ');
}
