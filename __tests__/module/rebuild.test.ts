import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildLambda } from '../../scripts/build-lambda';
import { buildStack, synthJson } from './support/stacks';

jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '..', '..');

/** A copy of the Lambda sources, as a fresh clone would have them, resolving the repo's packages. */
function checkout(source: string, root: string, mtime: Date): string {
  fs.cpSync(source, path.join(root, 'lambda'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const touch = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) touch(file);
      fs.utimesSync(file, mtime, mtime);
    }
  };
  touch(path.join(root, 'lambda'));
  return path.join(root, 'lambda', 'index.ts');
}

function functionCode(zipPath: string): { filename: unknown; sourceCodeHash: unknown } {
  const fn = synthJson(buildStack({ mode: 'report', lambdaZipPath: zipPath }).stack).resource
    .aws_lambda_function.engine!;
  return { filename: fn.filename, sourceCodeHash: fn.source_code_hash };
}

describe('a rebuild of the Lambda', () => {
  it('synthesizes the same source_code_hash and asset path from another checkout with other file times', async () => {
    // Prepare: two checkouts at different paths, sources touched at different times
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-rebuild-'));
    const first = checkout(
      path.join(REPO, 'lambda'),
      path.join(work, 'clone-a'),
      new Date('2020-01-01T00:00:00Z'),
    );
    const second = checkout(
      path.dirname(first),
      path.join(work, 'clone-b'),
      new Date('2026-06-30T12:34:56Z'),
    );

    // Act
    const [a, b] = await Promise.all([
      buildLambda({ entry: first, outdir: path.join(work, 'out-a') }),
      buildLambda({ entry: second, outdir: path.join(work, 'out-b') }),
    ]);

    // Assess
    expect(fs.readFileSync(b.zipPath).equals(fs.readFileSync(a.zipPath))).toBe(true);
    expect(functionCode(b.zipPath)).toEqual(functionCode(a.zipPath));
    expect(functionCode(a.zipPath).sourceCodeHash).toBe(a.sha256Base64);
  });
});
