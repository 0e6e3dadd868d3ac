import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { exportHclModule } from '../../../scripts/export-hcl-module';
import { runTerraformAsync, type RunResult } from '../../../scripts/terraform-env';
import { PLAN_ENV, terraform } from './terraform';

/** The provider settings of every offline plan (credentials come from PLAN_ENV). */
export const OFFLINE_PROVIDER = {
  skip_credentials_validation: true,
  skip_metadata_api_check: 'true',
  skip_requesting_account_id: true,
};

export const EXAMPLES = ['basic', 'complete'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export interface ExportedTree {
  /** The exported module directory, exactly as `npm run export:hcl` writes it. */
  readonly moduleDir: string;
  /**
   * A copy of the module whose examples carry an override file for offline plans (the examples
   * themselves stay as users see them; the export is not touched).
   */
  exampleDir(name: ExampleName): string;
  /** A copy of the module (without examples) used as a root module, with a provider of its own. */
  readonly rootDir: string;
}

/** Exports the module into a temporary directory, with the copies the plans run in. */
export function exportIntoTempTree(zipPath: string): ExportedTree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-hcl-'));
  const moduleDir = path.join(root, 'terraform-module');
  exportHclModule({ outdir: moduleDir, zipPath });
  const planned = path.join(root, 'planned-module');
  fs.cpSync(moduleDir, planned, { recursive: true });
  for (const name of EXAMPLES) {
    // An override file merges into the example's own provider block.
    writeJson(path.join(planned, 'examples', name, 'offline_override.tf.json'), {
      provider: { aws: OFFLINE_PROVIDER },
    });
  }
  const rootDir = path.join(root, 'as-root');
  fs.cpSync(moduleDir, rootDir, { recursive: true });
  fs.rmSync(path.join(rootDir, 'examples'), { recursive: true });
  writeJson(path.join(rootDir, 'offline_provider.tf.json'), {
    provider: { aws: { region: 'us-east-1', ...OFFLINE_PROVIDER } },
  });
  return { moduleDir, exampleDir: (name) => path.join(planned, 'examples', name), rootDir };
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value));
}

type Json = Record<string, unknown>;

const one = (blocks: unknown): Json => {
  const list = blocks as Json[];
  if (list.length !== 1) throw new Error(`expected one block, got ${list.length}`);
  return list[0]!;
};
const byLabel = (labelled: unknown): Json =>
  Object.fromEntries(Object.entries(labelled as Json).map(([k, blocks]) => [k, one(blocks)]));

/**
 * A `.tf` file parsed (hcl2json, the HCL parser cdktf ships) into Terraform's JSON shape for labelled
 * blocks: `resource.<type>.<name>`, `variable.<name>` and `output.<name>` are objects, `locals` one
 * object, a variable's `type` its bare expression. Nested blocks stay lists (`statement[0]`,
 * `environment[0].variables`); expressions are `${…}` strings.
 */
function normalise(parsed: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'resource' || key === 'data') {
      out[key] = Object.fromEntries(
        Object.entries(value as Json).map(([type, named]) => [type, byLabel(named)]),
      );
    } else if (key === 'variable') {
      out[key] = Object.fromEntries(
        Object.entries(byLabel(value)).map(([name, v]) => {
          const type = String((v as Json).type).replace(/^\$\{([\s\S]*)\}$/, '$1');
          return [name, { ...(v as Json), type }];
        }),
      );
    } else if (key === 'output' || key === 'module') {
      out[key] = byLabel(value);
    } else if (key === 'locals') {
      out[key] = Object.assign({}, ...(value as Json[]));
    } else if (key === 'terraform') {
      const t = one(value);
      out[key] = {
        ...t,
        ...(t.required_providers ? { required_providers: one(t.required_providers) } : {}),
      };
    } else out[key] = value;
  }
  return out;
}

/** Every `.tf` file of a directory (not recursive), parsed, by file name. */
export async function readTf(dir: string): Promise<Readonly<Record<string, Json>>> {
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.tf'));
  const parsed = await Promise.all(
    names.map(async (f) => normalise(await parse(f, fs.readFileSync(path.join(dir, f), 'utf8')))),
  );
  return Object.fromEntries(names.map((f, i) => [f, parsed[i]!]));
}

/** The blocks of one kind (`resource`, `data`, `variable`, `output`, `locals`) of all files, merged. */
export function merged(files: Readonly<Record<string, Json>>, kind: string): Json {
  const out: Json = {};
  for (const file of Object.values(files)) {
    const part = file[kind] as Json | undefined;
    if (!part) continue;
    for (const [k, v] of Object.entries(part)) {
      out[k] =
        kind === 'resource' || kind === 'data'
          ? { ...((out[k] as Json) ?? {}), ...(v as Json) }
          : v;
    }
  }
  return out;
}

export async function init(dir: string): Promise<RunResult> {
  return runTerraformAsync(terraform(), dir, ['init', '-no-color', '-input=false']);
}

export async function validate(dir: string): Promise<RunResult> {
  return runTerraformAsync(terraform(), dir, ['validate', '-no-color']);
}

/** `terraform fmt -check -recursive -diff`: status 0 when every file is formatted. */
export async function fmtCheck(dir: string): Promise<RunResult> {
  return runTerraformAsync(terraform(), dir, ['fmt', '-check', '-recursive', '-diff', '-no-color']);
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
