import * as fs from 'fs';
import { DOC_FILE, formattedModuleDoc } from '../../scripts/props-doc';

describe('docs/module.md', () => {
  it('equals the reference generated from the props doc comments and the permission table', () => {
    // Act
    const generated = formattedModuleDoc();

    // Assess (on failure run: npx ts-node --transpile-only scripts/props-doc.ts)
    expect(fs.readFileSync(DOC_FILE, 'utf8')).toBe(generated);
  });
});
