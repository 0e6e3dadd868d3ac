/**
 * Parses the IAM credential report (CSV, RFC 4180) into per-user key slots. A row that cannot be read
 * is reported, not guessed: its user falls back to a detailed read.
 */
import type { KeyStatus } from '../core/model/types';

export interface ReportKeySlot {
  readonly slot: 1 | 2;
  readonly status: KeyStatus;
  /** `access_key_N_last_rotated`: the key's CreateDate. */
  readonly createDate: Date;
  readonly lastUsedDate?: Date;
}

export interface ReportRow {
  readonly user: string;
  readonly arn: string;
  readonly keys: readonly ReportKeySlot[];
}

export interface MalformedRow {
  readonly user: string;
  readonly column: string;
  readonly value: string;
}

export interface ParsedReport {
  readonly rows: ReadonlyMap<string, ReportRow>;
  readonly malformed: readonly MalformedRow[];
}

const ABSENT = new Set(['N/A', 'no_information', 'not_supported', '']);
const ROOT_ROW = '<root_account>';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class MalformedCell extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
  ) {
    super(`column ${column} has unreadable value "${value}"`);
  }
}

export function parseCredentialReport(csv: string): ParsedReport {
  const [header, ...records] = parseCsv(csv);
  const rows = new Map<string, ReportRow>();
  const malformed: MalformedRow[] = [];
  if (!header) return { rows, malformed };
  for (const record of records) {
    const cells = new Map(header.map((name, i) => [name, record[i]] as const));
    const user = cells.get('user') ?? '';
    if (user === ROOT_ROW || user === '') continue;
    try {
      rows.set(user, { user, arn: required(cells, 'arn'), keys: readSlots(cells) });
    } catch (err) {
      if (!(err instanceof MalformedCell)) throw err;
      malformed.push({ user, column: err.column, value: err.value });
    }
  }
  return { rows, malformed };
}

function readSlots(cells: ReadonlyMap<string, string | undefined>): ReportKeySlot[] {
  const slots: ReportKeySlot[] = [];
  for (const slot of [1, 2] as const) {
    const prefix = `access_key_${slot}_`;
    const active = parseBoolean(`${prefix}active`, required(cells, `${prefix}active`));
    const createDate = parseDate(`${prefix}last_rotated`, required(cells, `${prefix}last_rotated`));
    const lastUsedDate = parseDate(
      `${prefix}last_used_date`,
      required(cells, `${prefix}last_used_date`),
    );
    // An empty slot reads `false,N/A`; an Active slot without a date cannot be screened.
    if (!createDate) {
      if (active)
        throw new MalformedCell(`${prefix}last_rotated`, cells.get(`${prefix}last_rotated`) ?? '');
      continue;
    }
    slots.push({ slot, status: active ? 'Active' : 'Inactive', createDate, lastUsedDate });
  }
  return slots;
}

function required(cells: ReadonlyMap<string, string | undefined>, column: string): string {
  const value = cells.get(column);
  if (value === undefined) throw new MalformedCell(column, '(missing)');
  return value;
}

function parseBoolean(column: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new MalformedCell(column, value);
}

function parseDate(column: string, value: string): Date | undefined {
  if (ABSENT.has(value)) return undefined;
  const date = new Date(value);
  if (!ISO_DATE.test(value) || Number.isNaN(date.getTime())) throw new MalformedCell(column, value);
  return date;
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end in CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
