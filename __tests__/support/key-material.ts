/**
 * Key material guard shared by every suite.
 *
 * Tests that mint or see a SecretAccessKey (mocked CreateAccessKey responses, keys read back from the
 * emulator) call `rememberKeyMaterial(secret)`. The jest setup file (no-key-material.ts) captures every
 * line written to stdout/stderr/console during a test and fails the test if any remembered secret appears
 * in it. Return values, notifications and errors are checked explicitly with `assertNoKeyMaterial`.
 */
const KEY = Symbol.for('iam-key-lifecycle.key-material');

interface Store {
  secrets: Set<string>;
  captured: string[];
}

function store(): Store {
  const g = globalThis as unknown as Record<symbol, Store | undefined>;
  if (!g[KEY]) g[KEY] = { secrets: new Set<string>(), captured: [] };
  return g[KEY] as Store;
}

export function rememberKeyMaterial(secret: string): void {
  if (secret.length < 16)
    throw new Error(
      `refusing to remember a ${secret.length}-char secret: too short to search for safely`,
    );
  store().secrets.add(secret);
}

export function rememberedKeyMaterial(): readonly string[] {
  return [...store().secrets];
}

/** Throws naming `where` if any remembered secret occurs in `value` (strings, objects, errors). */
export function assertNoKeyMaterial(value: unknown, where: string): void {
  const text = render(value);
  for (const secret of store().secrets) {
    if (text.includes(secret)) {
      throw new Error(`key material leaked into ${where} (secret ending …${secret.slice(-4)})`);
    }
  }
}

/** How many remembered secrets exist: tests use it to prove the guard had something to look for. */
export function keyMaterialCount(): number {
  return store().secrets.size;
}

export function capturedOutput(): readonly string[] {
  return store().captured;
}

export function capture(text: string): void {
  store().captured.push(text);
}

export function resetCapture(): void {
  store().captured.length = 0;
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const parts = [value.name, value.message, value.stack ?? ''];
    if (value.cause !== undefined) parts.push(render(value.cause));
    return parts.join('\n');
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
