/**
 * Makes sure the project-local Python virtualenv (moto, checkov) exists before the emulator starts,
 * so a fresh clone needs no manual step. The script is idempotent and returns at once when
 * requirements-dev.txt has not changed since the last install.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'python-venv.sh');

export function venvPython(): string {
  return path.join(ROOT, '.venv', 'bin', 'python');
}

export function ensurePythonVenv(): void {
  try {
    execFileSync('bash', [SCRIPT], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `could not prepare the Python virtualenv with ${SCRIPT}: ${stderr.trim() || String(err)}. ` +
        'Fix: install Python >= 3.10 (or set PYTHON=/path/to/python3) and re-run `bash scripts/python-venv.sh`.',
      { cause: err },
    );
  }
  if (!fs.existsSync(venvPython())) {
    throw new Error(
      `${SCRIPT} finished but ${venvPython()} does not exist; delete .venv and re-run it`,
    );
  }
}
