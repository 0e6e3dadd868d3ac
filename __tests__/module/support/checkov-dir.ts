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
 * Scans a whole exported module directory (`-d`, examples included) with the repository's .checkov.yaml
 * and its skips, but checkov's HCL framework (`terraform`): the export is `.tf` files, while the
 * config's `terraform_json` serves the synthesized cdk.tf.json. With nothing to report checkov prints
 * a bare summary instead of a report, hence the optional `results`.
 */
export async function runCheckovOnDirectory(dir: string): Promise<DirectoryReport> {
  const parsed = (await checkovJson(['-d', dir, '--framework', 'terraform'])) as
    RawReport | RawReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    passed: reports.flatMap((r) => r.results?.passed_checks ?? []),
    failed: reports.flatMap((r) => r.results?.failed_checks ?? []),
    parsingErrors: reports.flatMap((r) => r.results?.parsing_errors ?? []),
  };
}
