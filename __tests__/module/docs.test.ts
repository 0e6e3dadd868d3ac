import * as fs from 'fs';
import { DOC_FILE, formattedModuleDoc } from '../../scripts/props-doc';
import { readProps } from '../../scripts/hcl/prop-docs';
import { SETTINGS } from '../../lambda/config/settings';

describe('docs/module.md', () => {
  it('equals the reference generated from the props doc comments and the permission table', () => {
    // Act
    const generated = formattedModuleDoc();

    // Assess (on failure run: npx ts-node --transpile-only scripts/props-doc.ts)
    expect(fs.readFileSync(DOC_FILE, 'utf8')).toBe(generated);
  });
});

describe('the settings as props (SettingProps)', () => {
  const docs = new Map(readProps('AccessKeyLifecycleProps').map((d) => [d.name, d]));

  it.each(Object.values(SETTINGS).map((s) => [s.prop, s] as const))(
    '%s is documented, its @default the value it defaults to',
    (prop, s) => {
      const doc = docs.get(prop);
      expect(doc?.description.length).toBeGreaterThan(20);
      const declared = 'default' in s ? s.default : undefined;
      // "" is a text setting's "not set": its @default describes what happens then.
      if (declared === undefined || declared === '') {
        expect(doc?.defaultValue).toMatch(/^- [a-z]/);
      } else {
        expect(doc?.defaultValue).toBe(JSON.stringify(declared));
      }
    },
  );
});
