/**
 * What is tested is what runs: the engine is deployed as the esbuild bundle on `nodejs22.x`, so the
 * integration suite runs on that Node major (npm ci installs it; README, Testing) and the built bundle
 * itself is loaded and invoked with this very Node binary, against the emulator, as Lambda would.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LAMBDA_NODE_MAJOR,
  LAMBDA_RUNTIME,
} from '../../modules/access-key-lifecycle/lambda-runtime';
import type { RunSummary } from '../../lambda/engine/summary';
import { useEmulator } from './support/fixture';
import { MIXED_ACCOUNT, MIXED_ENV } from '../../scripts/emulator/mixed-account';
import { seedUsers } from '../../scripts/emulator/seed';
import { SCHEDULED_EVENT } from '../../scripts/emulator/engine';
import { createWorld } from '../../scripts/emulator/world';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'lambda', 'index.js');
const SUMMARY_MARK = 'BUNDLE-SUMMARY ';

const fx = useEmulator();

describe(`the Lambda runtime (${LAMBDA_RUNTIME})`, () => {
  it('runs this suite on the same Node major', () => {
    const major = Number(process.versions.node.split('.')[0]);
    if (major !== LAMBDA_NODE_MAJOR) {
      throw new Error(
        `the integration suite runs on Node ${process.versions.node} (${process.execPath}), but the ` +
          `engine runs on ${LAMBDA_RUNTIME}. Fix: run it through npm (\`npm test\`, ` +
          '`npm run test:integration`) or npx, which put the Node ' +
          `${LAMBDA_NODE_MAJOR} that npm ci installs (node_modules/.bin/node) first on PATH; on a ` +
          `platform without that package, install Node ${LAMBDA_NODE_MAJOR} yourself.`,
      );
    }
    expect(major).toBe(LAMBDA_NODE_MAJOR);
  });

  it('loads the built bundle with this Node binary and it does what the source plans', async () => {
    // Prepare: day 0 is now, since the bundle reads the system clock as it does in Lambda
    const source = await createWorld(fx.emulator, {
      mode: 'report',
      env: MIXED_ENV,
      start: new Date(),
    });
    await seedUsers(fx.emulator, MIXED_ACCOUNT, source.at(0));
    const planned = fx.seen(await source.runOn(0));

    // Act: a plain Node process, no jest and no TypeScript, requires the bundle and calls its handler
    const child = await runBundle({
      ...fx.emulator.env(),
      MODE: 'enforce',
      SNS_TOPIC_ARN: source.topicArn,
      ...MIXED_ENV,
    });
    fx.seen(child.stdout);
    fx.seen(child.stderr);

    // Assess
    expect(child.node).toBe(process.versions.node);
    const done = child.summary;
    expect(done.mode).toBe('enforce');
    expect(done.actions.length).toBeGreaterThan(0);
    expect(done.actions.every((a) => a.outcome === 'done')).toBe(true);
    const shape = (s: RunSummary) =>
      s.actions.map((a) => `${a.user}:${a.accessKeyId}:${a.action}:${a.reasons.join('+')}`).sort();
    expect(shape(done)).toEqual(shape(planned));
  });
});

interface BundleRun {
  readonly node: string;
  readonly summary: RunSummary;
  readonly stdout: string;
  readonly stderr: string;
}

/** Invokes `handler` from dist/lambda/index.js in a child process of this Node binary. */
function runBundle(env: Readonly<Record<string, string>>): Promise<BundleRun> {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} does not exist. Fix: run \`npm run build\` first.`);
  }
  const script = [
    `const { handler } = require(${JSON.stringify(BUNDLE)});`,
    `handler(${JSON.stringify(SCHEDULED_EVENT)}).then(`,
    `  (s) => console.log(${JSON.stringify(SUMMARY_MARK)} + JSON.stringify({ node: process.versions.node, summary: s })),`,
    '  (e) => { console.error(e); process.exitCode = 1; },',
    ');',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(SUMMARY_MARK));
        if (err || !line) {
          reject(
            new Error(
              `the bundle ${BUNDLE} failed under ${process.execPath} (Node ${process.versions.node}): ` +
                `${err ? err.message : 'no summary line'}\n--- stderr (tail) ---\n${stderr.slice(-4000)}`,
            ),
          );
          return;
        }
        const parsed = JSON.parse(line.slice(SUMMARY_MARK.length)) as {
          node: string;
          summary: RunSummary;
        };
        resolve({ ...parsed, stdout, stderr });
      },
    );
  });
}
