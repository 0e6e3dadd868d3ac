import { parseCredentialReport, parseCsv } from '../../../lambda/aws/credential-report-csv';

const HEADER =
  'user,arn,user_creation_time,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date';
const report = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('credential report CSV', () => {
  it('parses RFC 4180 quoting: commas, doubled quotes, line breaks, CRLF', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",h\n')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['f\ng', 'h'],
    ]);
  });

  it('reads both key slots, treating N/A, no_information and not_supported as absent', () => {
    // Act
    const { rows, malformed } = parseCredentialReport(
      report(
        'alice,arn:aws:iam::123456789012:user/alice,2020-01-01T00:00:00+00:00,true,2026-01-01T00:00:00+00:00,2026-05-30T10:00:00+00:00,false,2025-01-01T00:00:00+00:00,no_information',
        'bob,arn:aws:iam::123456789012:user/bob,2020-01-01T00:00:00+00:00,false,N/A,N/A,false,N/A,not_supported',
      ),
    );

    // Assess
    expect(malformed).toEqual([]);
    expect(rows.get('alice')?.keys).toEqual([
      {
        slot: 1,
        status: 'Active',
        createDate: new Date('2026-01-01T00:00:00Z'),
        lastUsedDate: new Date('2026-05-30T10:00:00Z'),
      },
      {
        slot: 2,
        status: 'Inactive',
        createDate: new Date('2025-01-01T00:00:00Z'),
        lastUsedDate: undefined,
      },
    ]);
    expect(rows.get('bob')?.keys).toEqual([]);
  });

  it('skips the root account row', () => {
    const { rows } = parseCredentialReport(
      report(
        '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,false,N/A,N/A,false,N/A,N/A',
      ),
    );
    expect(rows.size).toBe(0);
  });

  it.each([
    [
      'a bad boolean',
      'yes,2026-01-01T00:00:00+00:00,N/A,false,N/A,N/A',
      'access_key_1_active',
      'yes',
    ],
    ['a bad date', 'true,yesterday,N/A,false,N/A,N/A', 'access_key_1_last_rotated', 'yesterday'],
    [
      'an Active key without a date',
      'true,N/A,N/A,false,N/A,N/A',
      'access_key_1_last_rotated',
      'N/A',
    ],
    [
      'missing columns',
      'true,2026-01-01T00:00:00+00:00',
      'access_key_1_last_used_date',
      '(missing)',
    ],
  ])('reports a row with %s, naming the user, column and value', (_case, cells, column, value) => {
    const { rows, malformed } = parseCredentialReport(
      report(`carol,arn:aws:iam::123456789012:user/carol,2020-01-01T00:00:00+00:00,${cells}`),
    );
    expect(rows.has('carol')).toBe(false);
    expect(malformed).toEqual([{ user: 'carol', column, value }]);
  });
});
