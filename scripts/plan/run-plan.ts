/**
 * The plan: the real engine in report mode against whatever account and endpoint the standard SDK
 * environment points at, with every client made read-only (read-only-guard.ts). Report mode is
 * forced whatever MODE says, and the event itself asks for report mode too.
 */
import { ApiCallCounter } from '../../lambda/aws/api-calls';
import { createClients } from '../../lambda/aws/clients';
import { loadConfig } from '../../lambda/config/env';
import type { Policy } from '../../lambda/core/model/types';
import type { RunSummary } from '../../lambda/engine/summary';
import { createHandler } from '../../lambda/index';
import { readInventory, type Inventory } from './key-inventory';
import type { AwsClients } from '../../lambda/aws/clients';
import { makeAllReadOnly, type SuppressedPublish } from './read-only-guard';
import { usageRowsFromLog, type KeyUsageRow } from '../report-page/usage-section';

/** Config needs a topic; nothing is ever published to it by a plan. */
export const PLACEHOLDER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:plan-notifications-suppressed';

export interface PlanOptions {
  readonly users?: readonly string[];
  readonly pathPrefix?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with the guarded clients before the run (tests record what leaves). @default - none */
  readonly prepareClients?: (clients: AwsClients) => void;
}

export interface PlanResult {
  readonly summary: RunSummary;
  /** Notifications enforce mode would send, captured instead of published. */
  readonly suppressed: readonly SuppressedPublish[];
  /** The settings the engine ran with (thresholds drawn on the page). */
  readonly policy: Policy;
  /** Every in-scope key's age, from the credential report (the page's histograms). */
  readonly inventory: Inventory;
  /** Who uses each key the plan looked up in CloudTrail (the decision lines' fingerprints). */
  readonly usage: readonly KeyUsageRow[];
}

export async function runPlan(options: PlanOptions = {}): Promise<PlanResult> {
  const counter = new ApiCallCounter();
  const clients = createClients(counter);
  const suppressed: SuppressedPublish[] = [];
  makeAllReadOnly(clients, suppressed);
  options.prepareClients?.(clients);
  const logLines: string[] = [];
  const base = options.env ?? process.env;
  const env = {
    ...base,
    MODE: 'report',
    SNS_TOPIC_ARN: base.SNS_TOPIC_ARN || PLACEHOLDER_TOPIC,
    ...(options.pathPrefix ? { USER_PATH_PREFIX: options.pathPrefix } : {}),
  };
  const handler = createHandler({
    ...clients,
    counter,
    env: () => env,
    sink: (line) => void logLines.push(line),
  });
  const event = options.users?.length
    ? { mode: 'report', users: options.users }
    : { mode: 'report' };
  const summary = await handler(event);
  if (summary.mode !== 'report') {
    throw new Error(
      `the engine ran in ${summary.mode} mode although the plan forces report; refusing to continue`,
    );
  }
  const { policy } = loadConfig(env);
  // Read after the run, through the same read-only client: the report the run had IAM generate.
  const inventory = await readInventory(
    clients.iam,
    policy,
    new Date(summary.startedAt),
    options.users,
  );
  return { summary, suppressed, policy, inventory, usage: usageRowsFromLog(logLines) };
}
