import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');
export const CHECKOV_CONFIG = path.join(REPO, '.checkov.yaml');
const CHECKOV = process.env.CHECKOV_BIN ?? path.join(REPO, '.venv', 'bin', 'checkov');

export interface CheckResult {
  readonly check_id: string;
  readonly resource: string;
}

export interface CheckovReport {
  readonly passed: readonly CheckResult[];
  readonly failed: readonly CheckResult[];
}

/** Throws (never skips) when checkov is missing: `bash scripts/python-venv.sh` installs it. */
export function requireCheckov(): void {
  if (!fs.existsSync(CHECKOV)) {
    throw new Error(
      `checkov not found at ${CHECKOV}: run \`bash scripts/python-venv.sh\` (or set CHECKOV_BIN)`,
    );
  }
}

/**
 * checkov 3.3's terraform_json parser rejects any `moved` block (it fails the whole file, reporting
 * nothing), and the module emits them when upgraded secret addresses move (README, "Upgrading: secret
 * addresses"); likewise the `removed` block that keeps a switched-off KMS key. They hold no resource
 * configuration, so the scan runs on a copy without them.
 */
function withoutMovedBlocks(file: string): string {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (!('moved' in json) && !('removed' in json)) return file;
  delete json.moved;
  delete json.removed;
  const copy = path.join(path.dirname(file), `scan-${path.basename(file)}`);
  fs.writeFileSync(copy, JSON.stringify(json));
  return copy;
}

export async function runCheckov(file: string): Promise<CheckovReport> {
  const parsed = await checkovJson(['-f', withoutMovedBlocks(file)]);
  const report = (Array.isArray(parsed) ? parsed[0] : parsed) as {
    results: { passed_checks?: CheckResult[]; failed_checks?: CheckResult[] };
  };
  return {
    passed: report.results.passed_checks ?? [],
    failed: report.results.failed_checks ?? [],
  };
}

/** Runs checkov offline with the repository's config on `target` (`-f FILE` or `-d DIR`); its parsed JSON output. */
export function checkovJson(target: readonly string[]): Promise<unknown> {
  requireCheckov();
  return new Promise((resolve, reject) => {
    const child = spawn(CHECKOV, [...target, '--config-file', CHECKOV_CONFIG, '-o', 'json'], {
      // Offline: no guideline download, no telemetry.
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout) as unknown);
      } catch (e) {
        reject(
          new Error(
            `checkov ${target.join(' ')} output was not JSON (${String(e)}):\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`,
          ),
        );
      }
    });
  });
}

export function idsFor(checks: readonly CheckResult[], resource: string): string[] {
  return checks
    .filter((c) => c.resource === resource)
    .map((c) => c.check_id)
    .sort();
}
