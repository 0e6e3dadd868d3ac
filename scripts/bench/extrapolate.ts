/**
 * From emulator counts to Lambda: moto answers in milliseconds and never throttles, so its wall
 * time says little about IAM. What carries over is the NUMBER of IAM calls; the time a real run
 * takes is bounded below by calls ÷ the sustained rate IAM grants the account.
 *
 * AWS publishes no IAM request rates: throttling is a per-account token bucket per API, shared with
 * every other caller in the account (console, CLI, other tools), and cannot be raised (AWS Security
 * Blog, "How to monitor and query IAM resources at scale – Part 2"; AWS re:Post knowledge center
 * "iam-sts-throttling-error"). The rates below are therefore ASSUMPTIONS, bracketed on purpose.
 */
import { DEFAULT_REPORT_WAIT, reportWaitPauses } from '../../lambda/aws/credential-report';
import type { RunFigures } from './scenario';

/** Sustained IAM requests/second the engine might get; CONSERVATIVE_RATE is the one we plan with. */
export const ASSUMED_RATES = [2, 5, 10, 20] as const;
export const CONSERVATIVE_RATE = 5;
export const LAMBDA_LIMIT_S = 900;
/** The longest the engine waits for the credential report (DEFAULT_REPORT_WAIT's pauses, summed). */
export const REPORT_WAIT_S =
  reportWaitPauses(DEFAULT_REPORT_WAIT).reduce((sum, ms) => sum + ms, 0) / 1000;
/** IAM's page size for GetAccountAuthorizationDetails (moto ignores it and returns one page). */
const GAAD_PAGE = 1000;

export interface Extrapolation {
  readonly population: string;
  readonly kind: RunFigures['kind'];
  readonly users: number;
  /** IAM calls a real account would see: moto's count with IAM's paging of the bulk user read. */
  readonly iamCalls: number;
  readonly otherCalls: number;
  /** Seconds at each assumed rate, report wait included on the credential-report path. */
  readonly secondsAt: Readonly<Record<number, number>>;
  /** The sustained IAM rate (req/s) below which this run would not finish in 15 minutes. */
  readonly breakEvenRate: number;
}

export function extrapolate(run: RunFigures): Extrapolation {
  const iam = Object.entries(run.byAction).filter(([a]) => a.startsWith('iam:'));
  const measuredIam = iam.reduce((sum, [, n]) => sum + n, 0);
  const gaad = run.byAction['iam:GetAccountAuthorizationDetails'] ?? 0;
  // On the forced fallback the harness refuses GenerateCredentialReport before it is sent; IAM
  // would have answered (and counted) that one call.
  const refusedReport = run.inventory === 'fallback' ? 1 : 0;
  const iamCalls = measuredIam - gaad + Math.ceil(run.users / GAAD_PAGE) + refusedReport;
  const wait = run.inventory === 'credential-report' ? REPORT_WAIT_S : 0;
  const secondsAt = Object.fromEntries(
    ASSUMED_RATES.map((r) => [r, Math.ceil(iamCalls / r + wait)]),
  );
  return {
    population: run.population,
    kind: run.kind,
    users: run.users,
    iamCalls,
    otherCalls: run.recordedCalls - measuredIam,
    secondsAt,
    breakEvenRate: Math.ceil((iamCalls / (LAMBDA_LIMIT_S - wait)) * 10) / 10,
  };
}
