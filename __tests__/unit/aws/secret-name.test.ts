import fc from 'fast-check';
import {
  encodeUserName,
  SECRET_NAME_SUBSTITUTIONS,
  secretName,
} from '../../../lambda/aws/secret-name';

/** The inverse (a secret's user): `/` never occurs in an IAM user name, so it can only stand for `,`. */
function decodeUserName(encoded: string): string {
  return SECRET_NAME_SUBSTITUTIONS.reduce(
    (name, { from, to }) => name.split(to).join(from),
    encoded,
  );
}

const IAM_USER_NAME = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]+$/;

describe('secret names (issue 7 item 1: one naming function)', () => {
  it.each([
    ['alice', 'alice'],
    ['first.last@example.com', 'first.last@example.com'],
    ['svc_ci', 'svc_ci'],
    ['john.doe', 'john.doe'],
    ['a,b', 'a/b'],
    [',_,', '/_/'],
  ])('encodes %j as %j', (name, encoded) => {
    expect(encodeUserName(name)).toBe(encoded);
  });

  it('prefixes the encoded name', () => {
    expect(secretName('iam-access-key/', 'svc,ci')).toBe('iam-access-key/svc/ci');
  });

  it('leaves every name without "," unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w+=.@-]{1,64}$/), (name) => {
        expect(encodeUserName(name)).toBe(name);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips every IAM user name and yields only characters Secrets Manager accepts', () => {
    fc.assert(
      fc.property(IAM_USER_NAME, (name) => {
        const encoded = encodeUserName(name);
        expect(encoded).toMatch(SECRETS_MANAGER_NAME);
        expect(decodeUserName(encoded)).toBe(name);
      }),
      { numRuns: 1000 },
    );
  });

  it('never maps two different user names to one secret', () => {
    fc.assert(
      fc.property(IAM_USER_NAME, IAM_USER_NAME, (a, b) => {
        fc.pre(a !== b);
        expect(encodeUserName(a)).not.toBe(encodeUserName(b));
      }),
      { numRuns: 1000 },
    );
  });
});
