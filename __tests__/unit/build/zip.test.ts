import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, zipBytes } from '../../../scripts/zip';
import { hasUnzip, pythonZipTest, readZip, unzipTest } from './zip-inspect';

describe('zipBytes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function written(name: string, bytes: Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  const entries = [
    { name: 'b/second.txt', data: Buffer.from('second '.repeat(100)) },
    { name: 'a.js', data: Buffer.from('exports.handler = async () => 42;\n') },
    { name: 'empty', data: Buffer.alloc(0) },
  ];

  it('writes an archive Python reads back entry by entry, sorted, with fixed time and mode', () => {
    // Act
    const path = written('three.zip', zipBytes(entries));

    // Assess
    expect(readZip(path)).toEqual([
      {
        name: 'a.js',
        dateTime: [1980, 1, 1, 0, 0, 0],
        mode: 0o100644,
        compressType: 8,
        extra: '',
        content: entries[1]!.data.toString(),
      },
      {
        name: 'b/second.txt',
        dateTime: [1980, 1, 1, 0, 0, 0],
        mode: 0o100644,
        compressType: 8,
        extra: '',
        content: entries[0]!.data.toString(),
      },
      {
        name: 'empty',
        dateTime: [1980, 1, 1, 0, 0, 0],
        mode: 0o100644,
        compressType: 8,
        extra: '',
        content: '',
      },
    ]);
  });

  it('passes python3 -m zipfile -t', () => {
    // Act
    const result = pythonZipTest(written('py.zip', zipBytes(entries)));

    // Assess
    expect(result).toEqual({ status: 0, output: expect.stringContaining('Done testing') });
  });

  (hasUnzip ? it : it.skip)('passes unzip -t', () => {
    // Act
    const result = unzipTest(written('unzip.zip', zipBytes(entries)));

    // Assess
    expect(result.output).toContain('No errors detected');
    expect(result.status).toBe(0);
  });

  it('produces the same bytes whatever order the entries come in', () => {
    expect(zipBytes([...entries].reverse()).equals(zipBytes(entries))).toBe(true);
  });

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a backslash path', 'dir\\file'],
    ['a non-ASCII name', 'café.js'],
    ['an empty name', ''],
    ['an empty path segment', 'a//b'],
    ['a parent-directory segment', '../x'],
  ])('refuses %s as an entry name', (_name, name) => {
    expect(() => zipBytes([{ name, data: Buffer.from('x') }])).toThrow(/entry name/);
  });

  it('refuses duplicate entries', () => {
    expect(() => zipBytes([entries[0]!, entries[0]!])).toThrow(/duplicate entry "b\/second.txt"/);
  });
});

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('of %j is the IEEE CRC-32 check value', (text, expected) => {
    expect(crc32(Buffer.from(text))).toBe(expected);
  });
});
