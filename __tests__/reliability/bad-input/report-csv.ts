/**
 * Edits of the IAM credential report CSV, for content moto cannot produce (malformed cells, missing
 * columns, users IAM no longer knows). The report moto generates is plain CSV without quoted fields.
 */
type Csv = string[][];

const parse = (csv: string): Csv =>
  csv
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(','));
const render = (rows: Csv): string => rows.map((r) => r.join(',')).join('\n') + '\n';

function edit(csv: string, change: (rows: Csv) => Csv): string {
  return render(change(parse(csv)));
}

/** Sets one cell of a user's row. */
export const setCell = (user: string, column: string, value: string) => (csv: string) =>
  edit(csv, (rows) => {
    const col = rows[0]!.indexOf(column);
    return rows.map((r, i) =>
      i > 0 && r[0] === user ? r.map((c, j) => (j === col ? value : c)) : r,
    );
  });

export const dropColumn = (column: string) => (csv: string) =>
  edit(csv, (rows) => {
    const col = rows[0]!.indexOf(column);
    return rows.map((r) => r.filter((_, j) => j !== col));
  });

export const dropRow = (user: string) => (csv: string) =>
  edit(csv, (rows) => rows.filter((r, i) => i === 0 || r[0] !== user));

/** Renames a row (and its ARN), as a report taken before the user was renamed reads. */
export const renameRow = (from: string, to: string) => (csv: string) =>
  edit(csv, (rows) =>
    rows.map((r, i) =>
      i > 0 && r[0] === from ? [to, r[1]!.replace(`user/${from}`, `user/${to}`), ...r.slice(2)] : r,
    ),
  );

/** Swaps the key columns of two users' rows (a report whose rows went to the wrong names). */
export const swapKeys = (a: string, b: string) => (csv: string) =>
  edit(csv, (rows) => {
    const first = rows[0]!.indexOf('access_key_1_active');
    const ra = rows.find((r) => r[0] === a)!;
    const rb = rows.find((r) => r[0] === b)!;
    return rows.map((r) =>
      r === ra
        ? [...r.slice(0, first), ...rb.slice(first)]
        : r === rb
          ? [...r.slice(0, first), ...ra.slice(first)]
          : r,
    );
  });

/** Adds a row for a user IAM does not know, copied from `like`'s row with its key data. */
export const addRowLike = (like: string, user: string) => (csv: string) =>
  edit(csv, (rows) => {
    const src = rows.find((r) => r[0] === like)!;
    return [...rows, [user, src[1]!.replace(`user/${like}`, `user/${user}`), ...src.slice(2)]];
  });

export const compose =
  (...edits: readonly ((csv: string) => string)[]) =>
  (csv: string): string =>
    edits.reduce((text, f) => f(text), csv);
