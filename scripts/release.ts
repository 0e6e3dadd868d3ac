/**
 * `npm run release`: the versioned artifact of the HCL module, byte-identical for identical sources.
 * Writes dist/release/<version>/ (version from package.json, semver):
 *   iam-key-lifecycle-<version>.zip   the exported module (npm run export:hcl) with handler.zip inside,
 *                                     entries sorted, one fixed time and mode (scripts/zip.ts)
 *   CHANGELOG-<version>.md            the CHANGELOG.md section of that version (or "Unreleased")
 *   SHA256SUMS                        `sha256sum -c` format, over the two files above
 *   --outdir <dir>  where to write (emptied first; default dist/release/<version>)
 *   --zip <file>    the engine zip (default dist/lambda/handler.zip, built by `npm run build`)
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportHclModule } from './export-hcl-module';
import { zipBytes, type ZipEntry } from './zip';

const REPO = path.resolve(__dirname, '..');
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export interface ReleaseOptions {
  readonly outdir?: string;
  readonly zipPath?: string;
  /** The version released; default package.json's. */
  readonly version?: string;
  /** The changelog read; default the repository's CHANGELOG.md. */
  readonly changelog?: string;
}

export interface Release {
  readonly version: string;
  /** Absolute paths of the files written. */
  readonly files: readonly string[];
}

/**
 * The section of `version` in a changelog whose versions are `## <version>` (optionally `## [<version>]`
 * and a date after it) headings; the `## Unreleased` section while that version has none yet.
 */
export function changelogSection(changelog: string, version: string): string {
  const sections = changelog.split(/^(?=## )/m).slice(1);
  const escaped = version.replace(/[.]/g, '\\.');
  const own = sections.find((s) => new RegExp(`^## \\[?${escaped}\\]?(?:\\s|$)`).test(s));
  const found = own ?? sections.find((s) => /^## Unreleased\b/.test(s));
  if (!found) {
    throw new Error(
      `CHANGELOG.md has no "## ${version}" section and no "## Unreleased" section: add the version's notes (with its upgrade notes) before releasing`,
    );
  }
  return `${found.trimEnd()}\n`;
}

/** Every file under `dir`, as zip entries named relative to `prefix` (sorted by zipBytes). */
function entriesOf(dir: string, prefix: string): ZipEntry[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    const name = `${prefix}/${d.name}`;
    if (d.isDirectory()) return entriesOf(full, name);
    return [{ name, data: fs.readFileSync(full) }];
  });
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function release(options: ReleaseOptions = {}): Release {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    version: string;
  };
  const version = options.version ?? pkg.version;
  if (!SEMVER.test(version)) {
    throw new Error(`version must be semver (MAJOR.MINOR.PATCH), got ${JSON.stringify(version)}`);
  }
  const notes = changelogSection(
    options.changelog ?? fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8'),
    version,
  );
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-release-'));
  const name = `iam-key-lifecycle-${version}`;
  try {
    const moduleDir = path.join(staging, name);
    exportHclModule({
      outdir: moduleDir,
      zipPath: options.zipPath ?? path.join(REPO, 'dist', 'lambda', 'handler.zip'),
    });
    const archive = zipBytes(entriesOf(moduleDir, name));
    const outdir = options.outdir ?? path.join(REPO, 'dist', 'release', version);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(outdir, { recursive: true });
    const written: Record<string, Buffer> = {
      [`${name}.zip`]: archive,
      [`CHANGELOG-${version}.md`]: Buffer.from(notes),
    };
    const sums = Object.entries(written)
      .map(([file, data]) => `${sha256(data)}  ${file}\n`)
      .join('');
    written.SHA256SUMS = Buffer.from(sums);
    for (const [file, data] of Object.entries(written)) {
      fs.writeFileSync(path.join(outdir, file), data);
    }
    return { version, files: Object.keys(written).map((f) => path.join(outdir, f)) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export function parseReleaseArgs(argv: readonly string[]): ReleaseOptions {
  const options: { outdir?: string; zipPath?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${flag} needs a value, got none (e.g. ${flag} dist/release)`);
    }
    if (flag === '--outdir') options.outdir = path.resolve(value);
    else if (flag === '--zip') options.zipPath = path.resolve(value);
    else
      throw new Error(`unknown option ${JSON.stringify(flag)}: use --outdir <dir> or --zip <file>`);
  }
  return options;
}

if (require.main === module) {
  const r = release(parseReleaseArgs(process.argv.slice(2)));
  console.log(
    `release ${r.version}: ${r.files.map((f) => path.relative(process.cwd(), f)).join(', ')}`,
  );
}
