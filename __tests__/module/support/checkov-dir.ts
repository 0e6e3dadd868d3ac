import { spawn } from 'child_process';
import * as path from 'path';
import { CHECKOV_CONFIG, requireCheckov, type CheckResult } from './checkov';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CHECKOV = process.env.CHECKOV_BIN ?? path.join(REPO, '.venv', 'bin', 'checkov');

export interface FileCheckResult extends CheckResult {
  readonly file_path: string;
}

export interface DirectoryReport {
  readonly passed: readonly FileCheckResult[];
  readonly failed: readonly FileCheckResult[];
  /** Absolute paths of the files checkov could not parse (their resources went unchecked). */
  readonly parsingErrors: readonly string[];
}

interface RawReport {
  readonly results?: {
    readonly passed_checks?: FileCheckResult[];
    readonly failed_checks?: FileCheckResult[];
    readonly parsing_errors?: string[];
  };
}

/**
 * Scans a whole module directory (`-d`) with the repository's .checkov.yaml (framework terraform_json:
 * checkov's HCL framework finds no resource in .tf.json files). With nothing to report checkov prints
 * a bare summary instead of a report, hence the optional `results`.
 */
export function runCheckovOnDirectory(dir: string): Promise<DirectoryReport> {
  requireCheckov();
  return new Promise((resolve, reject) => {
    const child = spawn(CHECKOV, ['-d', dir, '--config-file', CHECKOV_CONFIG, '-o', 'json'], {
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
        const parsed = JSON.parse(stdout) as RawReport | RawReport[];
        const reports = Array.isArray(parsed) ? parsed : [parsed];
        resolve({
          passed: reports.flatMap((r) => r.results?.passed_checks ?? []),
          failed: reports.flatMap((r) => r.results?.failed_checks ?? []),
          parsingErrors: reports.flatMap((r) => r.results?.parsing_errors ?? []),
        });
      } catch (e) {
        reject(
          new Error(
            `checkov -d ${dir} output was not JSON (${String(e)}):\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`,
          ),
        );
      }
    });
  });
}
