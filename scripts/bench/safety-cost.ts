/**
 * What the engine's safety checks (state-tag MAC, secret trust, fresh reads, rolling budget, notices-once) cost, for docs/benchmarks.md: the calls they added, and each enforce run's
 * API calls against the same run on the engine before them. The "before" figures are the measured ones
 * of the benchmark page at commit 08ce4805e4b8 (same populations, seed and method; `git show
 * 08ce4805e4b8:docs/benchmarks.md`), the last bench before those checks.
 */
import type { RunFigures } from './scenario';

const BEFORE_COMMIT = '08ce4805e4b8';

/** `population run-kind` → API calls measured before the checks. */
const BEFORE: Readonly<Record<string, number>> = {
  'fixed-500 enforce-cr': 320,
  'fixed-500 enforce-cr-next-day': 164,
  'fixed-1000 enforce-cr': 320,
  'fixed-1000 enforce-cr-next-day': 179,
  'fixed-2000 enforce-cr': 320,
  'fixed-2000 enforce-cr-next-day': 226,
  'fixed-5000 enforce-cr': 320,
  'fixed-5000 enforce-cr-next-day': 384,
  'proportional-5000 enforce-cr': 3155,
  'proportional-5000 enforce-cr-next-day': 1597,
  'proportional-5000 enforce-fallback': 9775,
};

export const ADDED_CALLS = [
  '`iam:GetUser` + `iam:ListGroupsForUser` before a user’s first deactivation or deletion (tags and groups re-read: an exemption added after the inventory stops the action);',
  '`secretsmanager:DescribeSecret` (+ `GetResourcePolicy` for a secret the engine did not create) when a plan creates a key: the secret-trust check. A new secret is then created without a second DescribeSecret;',
  '`kms:GenerateMac` once per run that writes state (its run key) and once per earlier run whose state values it verifies — not once per value;',
  '`dynamodb:Query` for the rolling budget and the pending notices, one `TransactWriteItems` claiming the run’s budget units, one conditional `PutItem` per notice with an identity, `BatchWriteItem` recording notices sent;',
  '`secretsmanager:ListSecrets` (filtered by the prefix and the owner user-id tag, 100 secrets a page) once per run in which a plan creates a key: a renamed user’s secret is found by its UserId; plus a `DescribeSecret` of the name version 0.1.0 gave the secret for users whose name holds `_` or `,`;',
  'fewer: the fresh read before a key creation lists the keys but reuses this run’s last-use reading.',
];

export function safetyCostRows(runs: readonly RunFigures[]): string[][] {
  return runs
    .filter((r) => BEFORE[`${r.population} ${r.kind}`] !== undefined)
    .map((r) => {
      const before = BEFORE[`${r.population} ${r.kind}`];
      const growth = ((r.apiCalls - before) / before) * 100;
      return [
        r.population,
        r.kind,
        String(before),
        String(r.apiCalls),
        `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`,
      ];
    });
}

export const SAFETY_COST_HEADER = [
  'population',
  'run',
  `API calls before (${BEFORE_COMMIT})`,
  'API calls now',
  'growth',
];
