import { execFileSync, spawnSync } from 'node:child_process';

/** What Python's zipfile module (an independent reader) sees in an archive. */
export interface ZipInfo {
  readonly name: string;
  readonly dateTime: readonly number[];
  readonly mode: number;
  readonly compressType: number;
  readonly extra: string;
  readonly content: string;
}

const READER = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    if bad is not None:
        sys.exit('bad CRC in ' + bad)
    print(json.dumps([{'name': i.filename, 'dateTime': list(i.date_time), 'mode': i.external_attr >> 16,
        'compressType': i.compress_type, 'extra': i.extra.hex(),
        'content': z.read(i).decode('utf-8', 'replace')} for i in z.infolist()]))
`;

export function readZip(path: string): readonly ZipInfo[] {
  return JSON.parse(
    execFileSync('python3', ['-c', READER, path], { encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
}

/** `python3 -m zipfile -t`: the standard library's own integrity test. */
export function pythonZipTest(path: string): {
  readonly status: number | null;
  readonly output: string;
} {
  const r = spawnSync('python3', ['-m', 'zipfile', '-t', path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export const hasUnzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' }).status === 0;

export function unzipTest(path: string): {
  readonly status: number | null;
  readonly output: string;
} {
  const r = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
