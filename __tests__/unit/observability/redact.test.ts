import { toRedactedJson } from '../../../lambda/observability/redact';

describe('toRedactedJson', () => {
  it.each([
    ['SecretAccessKey', { SecretAccessKey: 'abc' }, '{"SecretAccessKey":"[redacted]"}'],
    ['camelCase', { secretAccessKey: 'abc' }, '{"secretAccessKey":"[redacted]"}'],
    ['snake_case', { secret_access_key: 'abc' }, '{"secret_access_key":"[redacted]"}'],
    ['kebab-case upper', { 'SECRET-ACCESS-KEY': 'abc' }, '{"SECRET-ACCESS-KEY":"[redacted]"}'],
    ['a non-string value', { SecretAccessKey: { v: 1 } }, '{"SecretAccessKey":"[redacted]"}'],
    [
      'inside arrays',
      [{ a: [{ SecretAccessKey: 'x' }] }],
      '[{"a":[{"SecretAccessKey":"[redacted]"}]}]',
    ],
  ])('redacts a property named like a secret key (%s)', (_name, value, expected) => {
    expect(toRedactedJson(value)).toBe(expected);
  });

  it.each([
    [
      'JSON inside a string',
      '{"SecretAccessKey":"abc/def+ghi"}',
      '{"SecretAccessKey":"[redacted]"}',
    ],
    ['key=value text', 'secretAccessKey=abc/def; next', 'secretAccessKey=[redacted]; next'],
    ['key: value text', 'SecretAccessKey: abc def', 'SecretAccessKey: [redacted] def'],
  ])('redacts a secret quoted in free text (%s)', (_name, text, expected) => {
    expect(JSON.parse(toRedactedJson({ message: text }))).toEqual({ message: expected });
  });

  it('leaves everything else as JSON.stringify would', () => {
    // Prepare
    const value = { AccessKeyId: 'AKIAEXAMPLE000000001', secretName: 'iam-access-key/alice', n: 1 };

    // Act & Assess
    expect(toRedactedJson(value)).toBe(JSON.stringify(value));
  });
});
