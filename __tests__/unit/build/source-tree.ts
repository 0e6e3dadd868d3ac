import { cpSync, readdirSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

/** Copies the Lambda sources (and the config esbuild reads) to `dir`, sharing the repo's node_modules. */
export function copySourceTree(dir: string): { readonly entry: string } {
  cpSync(join(REPO, 'lambda'), join(dir, 'lambda'), { recursive: true });
  for (const file of ['tsconfig.json', 'package.json']) cpSync(join(REPO, file), join(dir, file));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { entry: join(dir, 'lambda', 'index.ts') };
}

/** Sets every file's access and modification time under `dir` (not following node_modules). */
export function touchTree(dir: string, time: Date): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) touchTree(path, time);
    utimesSync(path, time, time);
  }
}
