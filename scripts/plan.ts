/**
 * `npm run plan`: what the engine would do to the account your AWS environment points at, without
 * changing anything. Read-only by construction: MODE is forced to report, and every SDK client (IAM,
 * Secrets Manager, SNS, STS, DynamoDB, KMS) refuses any call but a read before sending it
 * (plan/read-only-guard.ts: Get*, List*, Describe*, GenerateCredentialReport, DynamoDB Query/Scan,
 * KMS GenerateMac/VerifyMac; GetSecretValue is refused too; Publish is captured, never sent).
 *
 *   npm run plan -- [--users alice,bob] [--path-prefix /team/] [--json]
 *
 * Also writes the plan as a page, reports/plan-report.html (key-age and idle-age histograms, planned
 * actions, blocked rotations, exemptions, circuit breaker); its path is printed on stderr so that
 * --json output stays pure JSON.
 *
 * Credentials, region and endpoint come from the standard AWS SDK environment (AWS_PROFILE,
 * AWS_REGION, AWS_ENDPOINT_URL, ...). Engine settings (ROTATION_DAYS, EXEMPT_GROUP, ...) are read
 * from the environment as the Lambda would read them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planPage } from './plan/page';
import { renderPlan } from './plan/render-plan';
import { runPlan } from './plan/run-plan';

function value(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (!v || v.startsWith('--'))
    throw new Error(
      `${flag} needs a value, e.g. ${flag === '--users' ? '--users alice,bob' : '--path-prefix /team/'}`,
    );
  return v;
}

async function main(): Promise<void> {
  const known = new Set(['--users', '--path-prefix', '--json']);
  const unknown = process.argv
    .slice(2)
    .filter((a, i, all) => a.startsWith('--') && !known.has(a) && !known.has(all[i - 1] ?? ''));
  if (unknown.length > 0)
    throw new Error(
      `unknown option ${unknown[0]}; allowed: --users a,b  --path-prefix /p/  --json`,
    );
  const users = value('--users')
    ?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const pathPrefix = value('--path-prefix');
  const result = await runPlan({
    ...(users ? { users } : {}),
    ...(pathPrefix ? { pathPrefix } : {}),
  });
  console.log(
    process.argv.includes('--json') ? JSON.stringify(result, null, 2) : renderPlan(result),
  );
  const page = path.resolve(__dirname, '..', 'reports', 'plan-report.html');
  fs.mkdirSync(path.dirname(page), { recursive: true });
  fs.writeFileSync(page, await planPage(result));
  console.error(`Wrote ${path.relative(process.cwd(), page)}`);
}

main().catch((err: unknown) => {
  console.error(`plan failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
