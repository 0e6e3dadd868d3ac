import * as fs from 'fs';
import * as path from 'path';

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');

/** The code block that follows `<!-- marker -->` in the README: tests use what the README documents. */
export function readmeBlock(marker: string): string {
  const readme = fs.readFileSync(README, 'utf8');
  const m = new RegExp(`<!-- ${marker} -->\\s*\`\`\`(?:hcl|json)\\n([\\s\\S]*?)\`\`\``).exec(
    readme,
  );
  if (!m) throw new Error(`README.md has no code block after <!-- ${marker} -->`);
  return m[1]!;
}
