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
import { describeError } from '../engine/errors';
import type { CredentialReport } from '../engine/ports';
import { parseCredentialReport } from './credential-report-csv';

export interface ReportWait {
  /** Generate calls before giving up (each returns the report's State). */
  readonly maxTries: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The pause after the first check; each later pause doubles, up to `maxIntervalMs`. */
  readonly intervalMs: number;
  /** @default intervalMs (a constant pause) */
  readonly maxIntervalMs?: number;
}

/**
 * How long a run waits for the report before falling back: up to 78 s (pauses of 2, 4, 8, 16, 16, 16
 * and 16 s between 8 checks). IAM usually generates the report within seconds to a minute, while the
 * fallback at 5,000 users costs thousands of IAM calls (docs/benchmarks.md): waiting a minute more is
 * far cheaper than falling back early. The doubling keeps the checks few (8 GenerateCredentialReport
 * calls) while the first answer still comes within seconds on an account where the report is fresh.
 */
export const DEFAULT_REPORT_WAIT: ReportWait = {
  maxTries: 8,
  intervalMs: 2_000,
  maxIntervalMs: 16_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The pauses a wait makes between its checks, in order. */
export function reportWaitPauses(wait: ReportWait): number[] {
  const cap = wait.maxIntervalMs ?? wait.intervalMs;
  return Array.from({ length: Math.max(0, wait.maxTries - 1) }, (_, i) =>
    Math.min(cap, wait.intervalMs * 2 ** i),
  );
}

export async function fetchCredentialReport(
  iam: IAMClient,
  wait: ReportWait = DEFAULT_REPORT_WAIT,
): Promise<CredentialReport> {
  try {
    if (!(await waitUntilComplete(iam, wait))) {
      return {
        available: false,
        reason: `the report was still being generated after ${wait.maxTries} checks over ${totalSeconds(wait)} s`,
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
  const pauses = reportWaitPauses(wait);
  for (let attempt = 0; attempt < wait.maxTries; attempt++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') return true;
    const pause = pauses[attempt];
    if (pause !== undefined) await wait.sleep(pause);
  }
  return false;
}

function totalSeconds(wait: ReportWait): number {
  return reportWaitPauses(wait).reduce((sum, ms) => sum + ms, 0) / 1000;
}
