import { checkovJson, type CheckResult } from './checkov';

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
export async function runCheckovOnDirectory(dir: string): Promise<DirectoryReport> {
  const parsed = (await checkovJson(['-d', dir])) as RawReport | RawReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    passed: reports.flatMap((r) => r.results?.passed_checks ?? []),
    failed: reports.flatMap((r) => r.results?.failed_checks ?? []),
    parsingErrors: reports.flatMap((r) => r.results?.parsing_errors ?? []),
  };
}
