/**
 * `npm run release`: the versioned artifact of the HCL module (zip, checksums, the version's changelog
 * section), byte-identical for identical sources.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changelogSection, release } from '../../scripts/release';
import { placeholderZip } from './support/stacks';

jest.setTimeout(300_000);

const outdir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `akl-${name}-`));

describe('npm run release', () => {
  it('writes identical bytes when run twice on the same sources', () => {
    // Prepare
    const zip = placeholderZip();

    // Act: two releases, at different times, into different directories
    const first = release({ outdir: outdir('release-a'), zipPath: zip });
    const second = release({ outdir: outdir('release-b'), zipPath: zip });

    // Assess
    const bytes = (files: readonly string[]) =>
      files.map((f) => [path.basename(f), fs.readFileSync(f).toString('base64')]);
    expect(first.files.map((f) => path.basename(f))).toEqual([
      `iam-key-lifecycle-${first.version}.zip`,
      `CHANGELOG-${first.version}.md`,
      'SHA256SUMS',
    ]);
    expect(bytes(second.files)).toEqual(bytes(first.files));
  });

  it('lists a SHA-256 of each file in SHA256SUMS and ships the module, its tests and the zip inside', () => {
    // Act
    const r = release({ outdir: outdir('release-c'), zipPath: placeholderZip() });

    // Assess
    const dir = path.dirname(r.files[0]!);
    const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n');
    for (const line of sums) {
      const [hash, file] = line.split('  ');
      const actual = createHash('sha256')
        .update(fs.readFileSync(path.join(dir, file!)))
        .digest('hex');
      expect(hash).toBe(actual);
    }
    const archive = fs.readFileSync(r.files[0]!).toString('latin1');
    const prefix = `iam-key-lifecycle-${r.version}/`;
    for (const entry of [
      'versions.tf',
      'variables.tf',
      'handler.zip',
      'tests/inputs.tftest.hcl',
      'examples/basic/main.tf',
      'CHANGELOG.md',
    ]) {
      expect(archive).toContain(prefix + entry);
    }
  });

  it('takes the changelog section of the version, or Unreleased before it has one', () => {
    // Prepare
    const changelog =
      '# Changelog\n\n## Unreleased\n\n- next\n\n## 1.2.0 - 2026-12-01\n\n- added\n\n### Upgrading\n\n- none\n\n## 1.1.0\n\n- older\n';

    // Act / Assess
    expect(changelogSection(changelog, '1.2.0')).toBe(
      '## 1.2.0 - 2026-12-01\n\n- added\n\n### Upgrading\n\n- none\n',
    );
    expect(changelogSection(changelog, '1.3.0')).toBe('## Unreleased\n\n- next\n');
    expect(() => changelogSection('# Changelog\n\n## 1.0.0\n', '2.0.0')).toThrow(
      'CHANGELOG.md has no "## 2.0.0" section and no "## Unreleased" section',
    );
  });

  it('refuses a version that is not semver, naming it', () => {
    expect(() => release({ version: 'v1', zipPath: placeholderZip() })).toThrow(
      'version must be semver (MAJOR.MINOR.PATCH), got "v1"',
    );
  });
});
