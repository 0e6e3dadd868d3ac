/**
 * `npm run export:hcl`: writes a plain Terraform module directory (default dist/terraform-module) for
 * teams with HCL stacks: `.tf` files by concern (cdktf's HCL rendering, repaired and `terraform fmt`ed),
 * the engine zip, a README, LICENSE, CHANGELOG.md, the repository's examples/ (which source `../..`) and
 * the native tests (tests/*.tftest.hcl, run by `terraform test` with a mocked provider).
 *   --outdir <dir>  where to write (emptied first)
 *   --zip <file>    the engine zip (default dist/lambda/handler.zip, built by `npm run build`)
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeExportStack, synthesizeExportStackHcl } from './hcl/export-stack';
import { moduleFiles, outputDescriptions, ZIP_NAME } from './hcl/module-files';
import { moduleReadme } from './hcl/readme';
import { findTerraform, runTerraform } from './terraform-env';

const REPO = path.resolve(__dirname, '..');
/** Copied as they are from the repository into the module directory. */
const SHIPPED = ['LICENSE', 'CHANGELOG.md', 'examples'] as const;
/** The `.tftest.hcl` files `terraform test` runs in the exported module. */
const TFTEST_DIR = path.join(REPO, 'modules', 'access-key-lifecycle', 'tftest');

export interface ExportOptions {
  readonly outdir: string;
  readonly zipPath: string;
}

export function parseExportArgs(argv: readonly string[]): ExportOptions {
  const options = {
    outdir: path.join(REPO, 'dist', 'terraform-module'),
    zipPath: path.join(REPO, 'dist', 'lambda', 'handler.zip'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${flag} needs a value, got none (e.g. ${flag} dist/terraform-module)`);
    }
    if (flag === '--outdir') options.outdir = path.resolve(value);
    else if (flag === '--zip') options.zipPath = path.resolve(value);
    else
      throw new Error(`unknown option ${JSON.stringify(flag)}: use --outdir <dir> or --zip <file>`);
  }
  return options;
}

/** Left behind by a `terraform init` someone ran in the repository's examples: never shipped. */
const LOCAL_STATE = /(^|[\\/])(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate[^\\/]*)$/;

/** `terraform fmt -recursive` over the written directory (it needs no provider and no network). */
function format(dir: string): void {
  let bin: string;
  try {
    bin = findTerraform();
  } catch (err) {
    throw new Error(
      `npm run export:hcl formats its output with terraform fmt: install Terraform >= 1.9 or set TERRAFORM_BIN (${(err as Error).message})`,
    );
  }
  const r = runTerraform({ bin, env: process.env }, dir, [
    'fmt',
    '-recursive',
    '-no-color',
    '-list=false',
  ]);
  if (r.status !== 0) {
    throw new Error(`terraform fmt rejected the exported HCL in ${dir}:\n${r.stderr}${r.stdout}`);
  }
}

/** Writes the module; returns the files written, relative to outdir. */
export function exportHclModule(options: ExportOptions): readonly string[] {
  if (!fs.existsSync(options.zipPath)) {
    throw new Error(`--zip ${options.zipPath} does not exist: run \`npm run build\` first`);
  }
  const files = moduleFiles(synthesizeExportStackHcl(options.zipPath));
  const outputs = outputDescriptions(synthesizeExportStack(options.zipPath));
  fs.rmSync(options.outdir, { recursive: true, force: true });
  fs.mkdirSync(options.outdir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(options.outdir, name), text);
  }
  fs.copyFileSync(options.zipPath, path.join(options.outdir, ZIP_NAME));
  fs.writeFileSync(path.join(options.outdir, 'README.md'), moduleReadme(outputs));
  // The module's native tests (`terraform test`, mocked provider, offline) ship as tests/.
  fs.cpSync(TFTEST_DIR, path.join(options.outdir, 'tests'), { recursive: true });
  for (const name of SHIPPED) {
    fs.cpSync(path.join(REPO, name), path.join(options.outdir, name), {
      recursive: true,
      filter: (source) => !LOCAL_STATE.test(source),
    });
  }
  format(options.outdir);
  return [...Object.keys(files), ZIP_NAME, 'README.md', 'tests', ...SHIPPED];
}

if (require.main === module) {
  const options = parseExportArgs(process.argv.slice(2));
  const written = exportHclModule(options);
  console.log(
    `wrote ${path.relative(process.cwd(), options.outdir) || '.'}: ${written.join(', ')}`,
  );
}
