/**
 * An optional rule lives in three source files (docs/lifecycle.md, "Adding a rule"): its own file (logic,
 * settings, reasons), its row in plan-user.ts RULES, and its words in lambda/notify/render.ts. The
 * environment, the construct's props, defaults, validation and environment, the HCL module's variables
 * and docs/module.md all derive from the settings the rule declares.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RULE_SETTING_LIST, RULES, type RuleRow } from '../../../lambda/core/plan-user';

const root = join(__dirname, '..', '..', '..');

/** Every TypeScript source file a user's deployment is built from: the engine, the module, the scripts. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}
const SOURCES = [
  ...['lambda', 'modules', 'scripts'].flatMap((d) => sources(join(root, d))),
  'main.ts',
];
const text = new Map(SOURCES.map((f) => [f, readFileSync(join(root, f), 'utf8')]));

const optional = (RULES as readonly RuleRow[]).filter(([, , settings]) => settings !== undefined);

/** The words that name a rule or one of its settings, in each spelling a file could use. */
function namesOf([name, , settings]: RuleRow): string[] {
  const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  return [name, camel, ...Object.values(settings ?? {}).flatMap((s) => [s.prop, s.hcl, s.env])];
}

function filesNaming(words: readonly string[]): string[] {
  return SOURCES.filter((f) => {
    const source = text.get(f) as string;
    return words.some((w) => new RegExp(`(?<![\\w-])${w}(?![\\w-])`).test(source));
  }).sort();
}

describe('the footprint of an optional rule', () => {
  it('finds the optional rules and the sources', () => {
    expect(optional.map(([name]) => name)).toContain('in-use-hold');
    expect(SOURCES.length).toBeGreaterThan(150);
  });

  it('retire on evidence (the in-use hold) is named in three source files', () => {
    const row = optional.find(([name]) => name === 'in-use-hold') as RuleRow;
    expect(filesNaming(namesOf(row))).toEqual([
      'lambda/core/plan-user.ts',
      'lambda/core/rules/in-use-hold.ts',
      'lambda/notify/render.ts',
    ]);
  });

  it.each(optional.map((row) => [row[0], row] as const))(
    'rule %s is named in at most three source files',
    (_name, row) => {
      expect(filesNaming(namesOf(row)).length).toBeLessThanOrEqual(3);
    },
  );

  it('no two settings share a name in any spelling', () => {
    const spellings = RULE_SETTING_LIST.flatMap((s) => [s.prop, s.hcl, s.env]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });
});
