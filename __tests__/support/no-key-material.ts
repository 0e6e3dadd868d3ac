/**
 * Jest setup (every project): capture everything a test writes to stdout, stderr and the console, and
 * fail the test if a remembered SecretAccessKey appears in it. See key-material.ts.
 */
import { assertNoKeyMaterial, capture, capturedOutput, resetCapture } from './key-material';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const originalConsole = Object.fromEntries(methods.map((m) => [m, console[m]]));
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

for (const m of methods) {
  console[m] = (...args: unknown[]) => {
    capture(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
    (originalConsole[m] as (...a: unknown[]) => void)(...args);
  };
}
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  capture(String(chunk));
  return (originalStdout as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
  capture(String(chunk));
  return (originalStderr as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stderr.write;

beforeEach(() => resetCapture());
afterEach(() => {
  assertNoKeyMaterial(capturedOutput().join('\n'), 'test output (logs)');
});

function safeJson(v: unknown): string {
  try {
    return v instanceof Error ? `${v.name}: ${v.message}` : JSON.stringify(v);
  } catch {
    return String(v);
  }
}
