import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildLambda,
  parseArgs,
  summaryLine,
  type BuildResult,
} from '../../../scripts/build-lambda';
import { copySourceTree, touchTree } from './source-tree';
import { pythonZipTest, readZip } from './zip-inspect';

const MAX_ZIP_BYTES = 250 * 1024;

describe('buildLambda', () => {
  let work: string;
  let first: BuildResult;
  let second: BuildResult;

  beforeAll(async () => {
    // Two checkouts in different directories, with different file times: the zip must not notice.
    work = mkdtempSync(join(tmpdir(), 'build-lambda-test-'));
    const a = copySourceTree(join(work, 'checkout-a'));
    const b = copySourceTree(join(work, 'checkout-b'));
    touchTree(join(work, 'checkout-a'), new Date('2001-02-03T04:05:06Z'));
    touchTree(join(work, 'checkout-b'), new Date('2031-12-30T23:59:58Z'));
    first = await buildLambda({ entry: a.entry, outdir: join(work, 'out-a') });
    second = await buildLambda({ entry: b.entry, outdir: join(work, 'out-b') });
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('produces byte-identical zips from identical sources whatever their location and file times', () => {
    // Assess
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
    expect(second.sha256Base64).toBe(first.sha256Base64);
  });

  it(`keeps the zip within ${MAX_ZIP_BYTES / 1024} KB with the AWS SDK bundled`, () => {
    expect(first.bytes).toBeLessThanOrEqual(MAX_ZIP_BYTES);
    expect(readFileSync(first.zipPath)).toHaveLength(first.bytes);
  });

  it('zips exactly index.js, dated 1980-01-01 00:00, mode 0644, identical to the written bundle', () => {
    // Act
    const entries = readZip(first.zipPath);

    // Assess
    expect(entries.map(({ content: _, ...rest }) => rest)).toEqual([
      {
        name: 'index.js',
        dateTime: [1980, 1, 1, 0, 0, 0],
        mode: 0o100644,
        compressType: 8,
        extra: '',
      },
    ]);
    expect(entries[0]?.content).toBe(readFileSync(join(work, 'out-a', 'index.js'), 'utf8'));
    expect(pythonZipTest(first.zipPath).status).toBe(0);
  });

  it('writes the base64 SHA-256 of the zip beside it, for source_code_hash', () => {
    // Prepare
    const expected = createHash('sha256').update(readFileSync(first.zipPath)).digest('base64');

    // Assess
    expect(first.sha256Base64).toBe(expected);
    expect(readFileSync(`${first.zipPath}.sha256`, 'utf8')).toBe(`${expected}\n`);
  });

  it('builds a CommonJS bundle whose require() exposes a handler function', () => {
    // Act: a separate node process, like the Lambda runtime, with a valid configuration in case the
    // handler reads it when loaded.
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        'process.stdout.write(typeof require(process.argv[1]).handler)',
        join(work, 'out-a', 'index.js'),
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'],
          MODE: 'report',
          SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:key-lifecycle',
          AWS_REGION: 'us-east-1',
        },
      },
    );

    // Assess
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: 'function' });
  });

  it('bundles the AWS SDK instead of relying on the runtime copy', () => {
    // Assess
    const code = readFileSync(join(work, 'out-a', 'index.js'), 'utf8');
    // Only the optional CRT signer stays external: the SDK loads it inside try/catch, and the engine does not use SigV4a.
    expect(code).not.toMatch(/require\("@(?:aws-sdk\/client-|aws-sdk\/core|smithy\/)/);
    expect(code).not.toContain('sourceMappingURL');
  });
});

describe('build-lambda command line', () => {
  it.each([
    [[], {}],
    [['--outdir', 'out'], { outdir: 'out' }],
    [['--entry', 'e.ts', '--outdir', 'o'], { entry: 'e.ts', outdir: 'o' }],
  ])('parses %j', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each([[['--out', 'x']], [['--entry']], [['--entry', '--outdir', 'x']]])(
    'refuses %j with the usage',
    (argv) => {
      expect(() => parseArgs(argv)).toThrow(
        /usage: build-lambda \[--entry <file>\] \[--outdir <dir>\]/,
      );
    },
  );

  it('prints the size in bytes and KB and the base64 hash', () => {
    // Prepare
    const result = { zipPath: '/x/handler.zip', bytes: 104616, sha256Base64: 'abc=' };

    // Act & Assess
    expect(summaryLine(result)).toBe('handler.zip 104616 bytes (102.2 KB), sha256 base64 abc=');
  });
});
