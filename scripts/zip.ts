import { deflateRawSync } from 'node:zlib';

/**
 * A minimal, deterministic ZIP writer: the bytes depend only on the entries' names and contents. Every
 * entry gets the same DOS time (1980-01-01 00:00), the same Unix mode (0644 regular file), no extra
 * fields and no comment; entries are written sorted by name. Compression is raw DEFLATE at level 9 from
 * node:zlib, so the output is stable for a given zlib build (Node reports it as `process.versions.zlib`).
 *
 * Tools such as `zip` or cdktf's TerraformAsset record file times and modes, so their archives (and the
 * Lambda's `source_code_hash`) change on every checkout.
 */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, ASCII. */
  readonly name: string;
  readonly data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: DEFLATE
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED; // host 3 = Unix, so external attributes hold a mode
const DEFLATE = 8;
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01: years count from 1980
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const MAX_UINT32 = 0xffffffff;

export function zipBytes(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  assertValid(sorted);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'ascii');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const fields = { name, crc: crc32(entry.data), compressed, size: entry.data.length };
    const local = Buffer.concat([localHeader(fields), name, compressed]);
    centrals.push(Buffer.concat([centralHeader(fields, offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = endOfCentralDirectory(sorted.length, central.length, offset);
  assertFits(offset + central.length + end.length, 'archive');
  return Buffer.concat([...locals, central, end]);
}

interface EntryFields {
  readonly name: Buffer;
  readonly crc: number;
  readonly compressed: Buffer;
  readonly size: number;
}

function localHeader(f: EntryFields): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  writeEntryFields(b, 4, f);
  b.writeUInt16LE(0, 28); // no extra fields: they would carry times and owners
  return b;
}

function centralHeader(f: EntryFields, localOffset: number): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  writeEntryFields(b, 6, f);
  // extra length, comment length, disk number, internal attributes: all 0 (offsets 30-37)
  b.writeUInt32LE(REGULAR_FILE_0644, 38);
  b.writeUInt32LE(localOffset, 42);
  return b;
}

/**
 * The 24 bytes both headers carry in the same order, from version needed to the name's length (at 4
 * in the local header, at 6 in the central one).
 */
function writeEntryFields(b: Buffer, at: number, f: EntryFields): void {
  b.writeUInt16LE(VERSION_NEEDED, at);
  b.writeUInt16LE(0, at + 2); // flags: no data descriptor, no encryption
  b.writeUInt16LE(DEFLATE, at + 4);
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.compressed.length, at + 14);
  b.writeUInt32LE(f.size, at + 18);
  b.writeUInt16LE(f.name.length, at + 22);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  // this disk and the central directory's disk: 0 (offsets 4-7)
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b; // comment length 0
}

/** ZIP64 is deliberately not supported: a Lambda bundle is far below its limits. */
function assertValid(entries: readonly ZipEntry[]): void {
  if (entries.length > 0xffff)
    throw new Error(`zip: ${entries.length} entries; at most 65535 supported`);
  for (const [i, e] of entries.entries()) {
    if (!isSafeName(e.name)) {
      throw new Error(
        `zip: entry name ${JSON.stringify(e.name)} must be a relative path of printable ASCII segments joined by "/", without "." or ".."`,
      );
    }
    if (i > 0 && entries[i - 1]?.name === e.name)
      throw new Error(`zip: duplicate entry ${JSON.stringify(e.name)}`);
    assertFits(e.data.length, `entry ${e.name}`);
  }
}

function isSafeName(name: string): boolean {
  return name
    .split('/')
    .every(
      (seg) => /^[\x21-\x7e]+$/.test(seg) && seg !== '.' && seg !== '..' && !seg.includes('\\'),
    );
}

function assertFits(bytes: number, what: string): void {
  if (bytes > MAX_UINT32) throw new Error(`zip: ${what} is ${bytes} bytes; ZIP64 is not supported`);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3), as ZIP requires. */
export function crc32(data: Uint8Array): number {
  let crc = MAX_UINT32;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ MAX_UINT32) >>> 0;
}
