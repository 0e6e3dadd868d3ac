/**
 * The lint's import zones (eslint.config.mjs), proven on planted files: each case lints one line of
 * source as if it sat at `filePath`, through the project's own ESLint configuration, and expects the
 * import ban to fire (or not). ESLint runs in a child process: its flat config is an ES module, which
 * jest's CommonJS sandbox cannot load.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface Planted {
  readonly filePath: string;
  readonly code: string;
}

/** The `no-restricted-imports` messages ESLint reports for each planted file, in order. */
function restrictedImports(cases: readonly Planted[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const cases = JSON.parse(process.argv[1]);
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: c.filePath });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const importOf = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

const FORBIDDEN: readonly [string, string, RegExp][] = [
  ['lambda/core/planted.ts', '../aws/access-keys', /core must not depend on adapters/],
  ['lambda/core/rules/planted.ts', '../../aws/access-keys', /core must not depend on adapters/],
  ['lambda/core/rules/planted.ts', '../../engine/ports', /core must not depend on adapters/],
  ['lambda/core/rules/planted.ts', '../../observability/audit-log', /core must not/],
  ['lambda/core/rules/planted.ts', '../../notify/render', /core must not depend on adapters/],
  ['lambda/core/rules/planted.ts', '../../config/types', /core must not depend on adapters/],
  ['lambda/core/rules/deep/planted.ts', '../../../aws', /core must not depend on adapters/],
  ['lambda/core/planted.ts', '@aws-sdk/client-iam', /no SDK imports/],
  ['lambda/core/planted.ts', 'node:fs', /no I\/O/],
  ['lambda/engine/planted.ts', '../aws/access-keys', /not on their adapters/],
  ['lambda/engine/planted.ts', '../observability/audit-log', /not on their adapters/],
  ['lambda/engine/planted.ts', '@aws-sdk/client-iam', /ports, not SDK clients/],
  ['lambda/engine/planted.ts', '../../__tests__/unit/engine/support/engine', /Only tests/],
  ['lambda/aws/planted.ts', '../../__tests__/unit/engine/support/fake-account', /Only tests/],
  ['scripts/planted.ts', '../__tests__/integration/support/fixture', /Only tests import/],
  ['modules/planted.ts', '../__tests__/support/key-material', /Only tests import/],
];

const ALLOWED: readonly [string, string][] = [
  ['lambda/core/rules/planted.ts', '../types'],
  ['lambda/core/rules/planted.ts', '../../core/model/types'],
  ['lambda/engine/planted.ts', '../core'],
  ['lambda/engine/planted.ts', './ports'],
  ['lambda/aws/planted.ts', '../engine/ports'],
  ['scripts/planted.ts', './emulator/world'],
];

describe('lint import zones (eslint.config.mjs)', () => {
  let forbidden: string[][];
  let allowed: string[][];

  beforeAll(() => {
    const results = restrictedImports([
      ...FORBIDDEN.map(([filePath, from]) => ({ filePath, code: importOf(from) })),
      ...ALLOWED.map(([filePath, from]) => ({ filePath, code: importOf(from) })),
    ]);
    forbidden = results.slice(0, FORBIDDEN.length);
    allowed = results.slice(FORBIDDEN.length);
  }, 60_000);

  it.each(FORBIDDEN.map((c, i) => [...c, i] as const))(
    'fails a planted import in %s of %s',
    (_file, _from, message, i) => {
      expect(forbidden[i]).toHaveLength(1);
      expect(forbidden[i]![0]).toMatch(message);
    },
  );

  it.each(ALLOWED.map((c, i) => [...c, i] as const))('lets %s import %s', (_file, _from, i) => {
    expect(allowed[i]).toEqual([]);
  });
});
