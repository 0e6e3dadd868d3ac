/**
 * Builds the policy engine: one esbuild bundle (dist/lambda/index.js) and a deterministic zip of it
 * (dist/lambda/handler.zip) whose base64 SHA-256 is the Lambda's `source_code_hash`, so a fresh clone and
 * rebuild shows no change in `terraform plan`.
 *
 *   npm run build [-- --outdir <dir>] [-- --entry <file>]
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_NODE_MAJOR } from '../modules/access-key-lifecycle/lambda-runtime';
import { zipBytes } from './zip';

export const DEFAULT_ENTRY = 'lambda/index.ts';
export const DEFAULT_OUTDIR = 'dist/lambda';
export const ZIP_NAME = 'handler.zip';

export interface BuildOptions {
  readonly entry?: string;
  readonly outdir?: string;
}

export interface BuildResult {
  readonly zipPath: string;
  readonly bytes: number;
  readonly sha256Base64: string;
}

export async function buildLambda(options: BuildOptions = {}): Promise<BuildResult> {
  const entry = resolve(options.entry ?? DEFAULT_ENTRY);
  const outdir = resolve(options.outdir ?? DEFAULT_OUTDIR);
  const code = await bundle(entry);
  const zip = zipBytes([{ name: 'index.js', data: code }]);
  const sha256Base64 = createHash('sha256').update(zip).digest('base64');
  const zipPath = join(outdir, ZIP_NAME);
  await mkdir(outdir, { recursive: true });
  await writeFile(join(outdir, 'index.js'), code);
  await writeFile(zipPath, zip);
  await writeFile(`${zipPath}.sha256`, `${sha256Base64}\n`);
  return { zipPath, bytes: zip.length, sha256Base64 };
}

/**
 * The AWS SDK clients are bundled, not taken from the runtime, so the deployed code runs the exact SDK
 * versions pinned in package-lock.json. `module` before `main` picks the SDK's ES builds, which esbuild
 * can tree-shake (roughly halves the bundle). Minified output carries no file paths, so the bytes do not
 * depend on where the project is checked out.
 */
async function bundle(entry: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: `node${LAMBDA_NODE_MAJOR}`,
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    outfile: 'index.js',
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1) {
    throw new Error(
      `esbuild produced ${result.outputFiles.length} files for ${entry}; expected exactly index.js`,
    );
  }
  return Buffer.from(output.contents);
}

export function parseArgs(argv: readonly string[]): BuildOptions {
  const options: { entry?: string; outdir?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (
      (flag !== '--entry' && flag !== '--outdir') ||
      value === undefined ||
      value.startsWith('--')
    ) {
      throw new Error(
        `unknown or incomplete option ${JSON.stringify(flag)}; usage: build-lambda [--entry <file>] [--outdir <dir>]`,
      );
    }
    options[flag === '--entry' ? 'entry' : 'outdir'] = value;
  }
  return options;
}

export function summaryLine(r: BuildResult): string {
  const kb = (r.bytes / 1024).toFixed(1);
  return `${ZIP_NAME} ${r.bytes} bytes (${kb} KB), sha256 base64 ${r.sha256Base64}`;
}

if (require.main === module) {
  buildLambda(parseArgs(process.argv.slice(2)))
    .then((r) => console.log(summaryLine(r)))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
