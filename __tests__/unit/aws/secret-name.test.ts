import fc from 'fast-check';
import { decodeUserName, encodeUserName, secretName } from '../../../lambda/aws/secret-name';

const IAM_USER_NAME = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]+$/;

describe('secret names', () => {
  it.each([
    ['alice', 'alice'],
    ['first.last@example.com', 'first.last@example.com'],
    ['a_b', 'a__b'],
    ['a,b', 'a_cb'],
    ['_c', '__c'],
    [',_', '_c__'],
  ])('encodes %j as %j', (name, encoded) => {
    expect(encodeUserName(name)).toBe(encoded);
  });

  it('prefixes the encoded name', () => {
    expect(secretName('iam-access-key/', 'svc,ci')).toBe('iam-access-key/svc_cci');
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

  it('rejects a name that is not an encoding, naming it', () => {
    expect(() => decodeUserName('a_x')).toThrow('"a_x" is not an encoded user name');
  });
});
