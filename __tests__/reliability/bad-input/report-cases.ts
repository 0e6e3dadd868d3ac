/**
 * Credential-report content (lambda/aws/credential-report*.ts, docs/lifecycle.md "Inventory"): the report
 * only screens. A row that cannot be read is reported (`credential-report-row-malformed`, naming the user,
 * the column and the value) and its user is read in detail; a user missing from the report is read in
 * detail; a row for a user IAM does not know is never acted on. Every destructive decision is made on a
 * fresh per-user read, so a wrong report can at most delay an action, never bring one forward. The report
 * moto generates is rewritten in flight (probe.ts) with the content each row describes.
 */
import { category, type BadInputCase } from './case';
import { actionsAre, hasWarning, writesOnlyTo, type ExpectedWarning } from './checks';
import { probe } from './probe';
import {
  addRowLike,
  compose,
  dropColumn,
  dropRow,
  renameRow,
  setCell,
  swapKeys,
} from './report-csv';

interface Input {
  /** The report as the engine receives it, from the one moto generated for the standard account. */
  readonly report: (csv: string) => string;
}

interface Expected {
  readonly actions: readonly string[];
  readonly writesOnlyTo: readonly string[];
  readonly warning?: ExpectedWarning;
  /** No AWS call of any kind names these users (rows IAM does not know). */
  readonly neverCalled?: readonly string[];
  /** No credential-report-row-malformed warning at all. */
  readonly readCleanly?: boolean;
}

type Row = BadInputCase<Input, Expected>;

/** What the standard account's day 0 does with a correct report. */
const STANDARD = ['due create done', 'idle deactivate done'];
const malformed = (user: string, column: string, value: string): ExpectedWarning => ({
  code: 'credential-report-row-malformed',
  user,
  mentions: [`user ${user}`, `column ${column}`, `"${value}"`, 'read in detail instead'],
});

export const REPORT_CASES: readonly Row[] = [
  {
    name: 'a report with the header only: every user read in detail',
    input: { report: (csv) => csv.split('\n')[0] + '\n' },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'an empty report',
    input: { report: () => '' },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'a report that is not CSV (an HTML error page)',
    input: { report: () => '<html><body>Service Unavailable</body></html>' },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'a report without the access_key_1_last_rotated column',
    input: { report: dropColumn('access_key_1_last_rotated') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      warning: malformed('idle', 'access_key_1_last_rotated', '(missing)'),
    },
  },
  {
    name: 'a report without the arn column',
    input: { report: dropColumn('arn') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      warning: malformed('due', 'arn', '(missing)'),
    },
  },
  {
    name: 'an Active key slot whose last_rotated is N/A',
    input: { report: setCell('due', 'access_key_1_last_rotated', 'N/A') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      warning: malformed('due', 'access_key_1_last_rotated', 'N/A'),
    },
  },
  {
    name: 'an active flag that is neither true nor false',
    input: { report: setCell('idle', 'access_key_1_active', 'yes') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      warning: malformed('idle', 'access_key_1_active', 'yes'),
    },
  },
  {
    name: 'a last_used_date that is not a date (month 13)',
    input: { report: setCell('idle', 'access_key_1_last_used_date', '2029-13-45T00:00:00+00:00') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      warning: malformed('idle', 'access_key_1_last_used_date', '2029-13-45T00:00:00+00:00'),
    },
  },
  {
    name: 'a last_used_date of N/A on a key used yesterday: read fresh, rotated, not deactivated',
    input: { report: setCell('due', 'access_key_1_last_used_date', 'N/A') },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'a stale report calling a key in use idle for 220 days: read fresh, not deactivated',
    input: { report: setCell('due', 'access_key_1_last_used_date', '2029-06-01T09:00:00+00:00') },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'a stale report calling an old idle key new and used yesterday: only delays its deactivation',
    input: {
      report: compose(
        setCell('idle', 'access_key_1_last_rotated', '2030-01-01T09:00:00+00:00'),
        setCell('idle', 'access_key_1_last_used_date', '2030-01-06T09:00:00+00:00'),
      ),
    },
    expected: { actions: ['due create done'], writesOnlyTo: ['due'] },
  },
  {
    name: 'a row for a user unknown to IAM (deleted since the report) is never acted on',
    input: { report: addRowLike('idle', 'gone') },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'], neverCalled: ['gone'] },
  },
  {
    name: 'a user renamed since the report: the old name is ignored, the new one read in detail',
    input: { report: renameRow('due', 'due-before-rename') },
    expected: {
      actions: STANDARD,
      writesOnlyTo: ['due', 'idle'],
      neverCalled: ['due-before-rename'],
    },
  },
  {
    name: 'a user missing from the report is read in detail',
    input: { report: dropRow('idle') },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'key data under the wrong user names: a settled user is not acted on',
    input: { report: swapKeys('calm', 'idle') },
    // calm is read in detail (its row now looks idle) and left alone; idle looks fresh and waits a run.
    expected: { actions: ['due create done'], writesOnlyTo: ['due'] },
  },
  {
    name: 'a second Active key slot IAM does not have',
    input: {
      report: compose(
        setCell('calm', 'access_key_2_active', 'true'),
        setCell('calm', 'access_key_2_last_rotated', '2029-01-01T00:00:00+00:00'),
      ),
    },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'] },
  },
  {
    name: 'CRLF line endings and every field quoted (RFC 4180) read cleanly',
    input: {
      report: (csv) =>
        csv
          .split('\n')
          .filter(Boolean)
          .map((l) =>
            l
              .split(',')
              .map((f) => `"${f}"`)
              .join(','),
          )
          .join('\r\n') + '\r\n',
    },
    expected: { actions: STANDARD, writesOnlyTo: ['due', 'idle'], readCleanly: true },
  },
];

export const CREDENTIAL_REPORT = category<Input, Expected>({
  category: 'credential-report',
  tried:
    'malformed CSV, missing columns, N/A and unreadable cells, stale rows, rows of users unknown to IAM, renamed or missing users: the report IAM returns is rewritten in flight, everything else is the emulator',
  level: 'emulator',
  cases: REPORT_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, { report: row.input.report });
    const e = row.expected;
    const broken = [...writesOnlyTo(r, e.writesOnlyTo), ...actionsAre(r, e.actions)];
    if (e.warning) broken.push(...hasWarning(r, e.warning));
    for (const name of e.neverCalled ?? []) {
      const calls = r.calls.filter((c) => c.resource.endsWith(`/${name}`));
      if (calls.length)
        broken.push(
          `${calls.length} call(s) named ${name}: ${calls.map((c) => c.action).join(', ')}`,
        );
    }
    if (e.readCleanly) {
      const bad =
        r.summary?.warnings.filter((w) => w.code === 'credential-report-row-malformed') ?? [];
      if (bad.length)
        broken.push(`report rows read as malformed: ${bad.map((w) => w.message).join(' | ')}`);
      if (r.summary && r.summary.inventory !== 'credential-report')
        broken.push(`inventory was ${r.summary.inventory}, not credential-report`);
    }
    return broken;
  },
});
