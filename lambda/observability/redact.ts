/**
 * Defence in depth for the audit trail: the engine never hands key material to the logger, but if a record
 * ever carried it (a raw SDK response, an error quoting a request), it must not reach CloudWatch Logs.
 */
export const REDACTED = '[redacted]';

/** `SecretAccessKey`, `secretAccessKey`, `secret_access_key`, `SECRET-ACCESS-KEY`, ... */
const SECRET_NAME = /secret[_-]?access[_-]?key/i;
/** The same name followed by a value inside free text, e.g. `"SecretAccessKey":"…"` or `secretAccessKey=…`. */
const SECRET_IN_TEXT = /(secret[_-]?access[_-]?key["']?\s*[:=]\s*["']?)[^"'\s,;}&]+/gi;

/**
 * JSON.stringify with every property named like a SecretAccessKey replaced, at any depth, and errors
 * rendered as name + message (JSON.stringify would otherwise print `{}`).
 */
export function toRedactedJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (SECRET_NAME.test(key)) return REDACTED;
    if (typeof v === 'string') return v.replace(SECRET_IN_TEXT, `$1${REDACTED}`);
    if (v instanceof Error) return { name: v.name, message: v.message };
    return v;
  });
}
