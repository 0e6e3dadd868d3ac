/**
 * `npm run export:hcl`: writes a plain Terraform module directory (default dist/terraform-module) for
 * teams with HCL stacks: variables, outputs, resources as .tf.json, the engine zip and a README.
 *   --outdir <dir>  where to write (emptied first)
 *   --zip <file>    the engine zip (default dist/lambda/handler.zip, built by `npm run build`)
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeExportStack } from './hcl/export-stack';
import { moduleFiles, ZIP_NAME } from './hcl/module-files';
import { moduleReadme } from './hcl/readme';

const REPO = path.resolve(__dirname, '..');

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

/** Writes the module; returns the files written, relative to outdir. */
export function exportHclModule(options: ExportOptions): readonly string[] {
  if (!fs.existsSync(options.zipPath)) {
    throw new Error(`--zip ${options.zipPath} does not exist: run \`npm run build\` first`);
  }
  const files = moduleFiles(synthesizeExportStack(options.zipPath));
  fs.rmSync(options.outdir, { recursive: true, force: true });
  fs.mkdirSync(options.outdir, { recursive: true });
  for (const [name, json] of Object.entries(files)) {
    fs.writeFileSync(path.join(options.outdir, name), `${JSON.stringify(json, null, 2)}\n`);
  }
  fs.copyFileSync(options.zipPath, path.join(options.outdir, ZIP_NAME));
  const outputs = files['outputs.tf.json']!.output as Record<string, { description?: string }>;
  fs.writeFileSync(path.join(options.outdir, 'README.md'), moduleReadme(outputs));
  return [...Object.keys(files), ZIP_NAME, 'README.md'];
}

if (require.main === module) {
  const options = parseExportArgs(process.argv.slice(2));
  const written = exportHclModule(options);
  console.log(
    `wrote ${path.relative(process.cwd(), options.outdir) || '.'}: ${written.join(', ')}`,
  );
}
