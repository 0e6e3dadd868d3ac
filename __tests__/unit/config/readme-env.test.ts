/** The README's Lambda environment table must name exactly the variables the engine reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_SETTING_LIST } from '../../../lambda/core/plan-user';

const root = join(__dirname, '..', '..', '..');
const envSource = readFileSync(join(root, 'lambda', 'config', 'env.ts'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Spelled out in env.ts, and declared by the optional rules (env.ts reads them from RULE_SETTING_LIST). */
const read = new Set([
  ...[...envSource.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1] as string),
  ...RULE_SETTING_LIST.map((s) => s.env),
]);
// The table under "Lambda environment": rows start with a back-quoted variable name.
const envTable = readme.slice(
  readme.indexOf('**Lambda environment**'),
  readme.indexOf('### Invoking'),
);
const documented = new Set(
  [...envTable.matchAll(/^\| `([A-Z][A-Z0-9_]{2,})` +\|/gm)].map((m) => m[1] as string),
);

describe('README configuration reference', () => {
  it('finds the variables in both places', () => {
    expect(read.size).toBeGreaterThanOrEqual(17);
    expect(documented.size).toBeGreaterThanOrEqual(17);
  });

  it.each([...read])('documents %s', (name) => {
    expect(documented).toContain(name);
  });

  it.each([...documented])('documents only variables the engine reads: %s', (name) => {
    expect(read).toContain(name);
  });
});
