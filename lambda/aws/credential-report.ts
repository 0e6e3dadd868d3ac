/**
 * The IAM credential report: one API call pair gives every user's key slots, so the engine reads keys
 * in detail only for users that might need action. When the report cannot be had, the run falls back
 * to detailed reads for every user in scope (correct, just more calls).
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describeError } from './aws-errors';
import { parseCredentialReport, type ParsedReport } from './credential-report-csv';

export interface ReportWait {
  /** Generate calls before giving up (each returns the report's State). */
  readonly maxTries: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly intervalMs: number;
}

export const DEFAULT_REPORT_WAIT: ReportWait = {
  maxTries: 10,
  intervalMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type CredentialReport =
  | { readonly available: true; readonly report: ParsedReport }
  | { readonly available: false; readonly reason: string };

export async function fetchCredentialReport(
  iam: IAMClient,
  wait: ReportWait = DEFAULT_REPORT_WAIT,
): Promise<CredentialReport> {
  try {
    if (!(await waitUntilComplete(iam, wait))) {
      return {
        available: false,
        reason: `the report was still being generated after ${wait.maxTries} checks`,
      };
    }
    const response = await iam.send(new GetCredentialReportCommand({}));
    const csv = new TextDecoder().decode(response.Content ?? new Uint8Array());
    return { available: true, report: parseCredentialReport(csv) };
  } catch (err) {
    // ReportInProgress, ReportExpired, LimitExceeded, ServiceFailure, AccessDenied, exhausted throttling.
    return { available: false, reason: describeError(err) };
  }
}

async function waitUntilComplete(iam: IAMClient, wait: ReportWait): Promise<boolean> {
  for (let attempt = 1; attempt <= wait.maxTries; attempt++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') return true;
    if (attempt < wait.maxTries) await wait.sleep(wait.intervalMs);
  }
  return false;
}
