/**
 * Whose is the key that appeared while CreateAccessKey went unanswered: this attempt's only on evidence
 * that excludes every other writer, someone else's when the evidence says so, undecided otherwise.
 */
import {
  appearedKeyVerdict,
  readPendingCreates,
  type AppearedKeyFacts,
  type AccessKeyFacts,
} from '../../../lambda/core';

const START = new Date('2026-06-01T12:00:00Z');
const END = new Date('2026-06-01T12:00:20Z');
const OLD = 'AKIAOLDKEY0000000001';
const NEW = 'AKIANEWKEY0000000001';
const PREFIX = 'key-lifecycle:';
const OWN = `${PREFIX}pending-create:aaaaaaaaaaaa`;
const seconds = (s: number) => new Date(START.getTime() + s * 1000);

const key = (id: string, more: Partial<AccessKeyFacts> = {}): AccessKeyFacts => ({
  accessKeyId: id,
  status: 'Active',
  createDate: seconds(5),
  ...more,
});

function facts(more: Partial<AppearedKeyFacts> = {}): AppearedKeyFacts {
  return {
    before: [key(OLD, { createDate: new Date('2026-01-01T00:00:00Z') })],
    appeared: [key(NEW)],
    lastUseRead: true,
    attemptStart: START,
    attemptEnd: END,
    storedKeyId: undefined,
    markers: readPendingCreates({ [OWN]: `replacing=${OLD} at=2026-06-01T11:59:00Z` }, PREFIX),
    ownMarkerKey: OWN,
    ...more,
  };
}

const otherMarker = (at: string) =>
  readPendingCreates(
    {
      [OWN]: `replacing=${OLD} at=2026-06-01T11:59:00Z`,
      [`${PREFIX}pending-create:bbbbbbbbbbbb`]: `replacing=${OLD} at=${at}`,
    },
    PREFIX,
  );

describe('the key that appeared after an unanswered CreateAccessKey', () => {
  it('is this attempt’s when it alone appeared, Active, unused, unstored, inside the window, with no other attempt', () => {
    expect(appearedKeyVerdict(facts())).toEqual({ kind: 'this-attempts', accessKeyId: NEW });
  });

  it('is this attempt’s when another attempt’s marker is long past the in-flight horizon', () => {
    const markers = otherMarker('2026-05-01T00:00:00Z');
    expect(appearedKeyVerdict(facts({ markers })).kind).toBe('this-attempts');
  });

  it.each<[string, Partial<AppearedKeyFacts>, string]>([
    [
      'the user’s secret holds it as AWSCURRENT (another run’s replacement)',
      { storedKeyId: NEW },
      'stored',
    ],
    ['it has been used', { appeared: [key(NEW, { lastUsedDate: seconds(6) })] }, 'used'],
    [
      'it was created before the attempt began (more than the clock skew)',
      { appeared: [key(NEW, { createDate: seconds(-61) })] },
      'created-before-attempt',
    ],
  ])('is someone else’s when %s', (_n, more, why) => {
    expect(appearedKeyVerdict(facts(more))).toEqual({
      kind: 'someone-elses',
      accessKeyId: NEW,
      why,
    });
  });

  it.each<[string, Partial<AppearedKeyFacts>, string]>([
    [
      'two keys appeared',
      { before: [], appeared: [key(NEW), key('AKIANEWKEY0000000002')] },
      'not-one-key',
    ],
    ['its last use could not be read', { lastUseRead: false }, 'last-use-unread'],
    ['it is Inactive', { appeared: [key(NEW, { status: 'Inactive' })] }, 'inactive'],
    [
      'its CreateDate lies past the window',
      { appeared: [key(NEW, { createDate: seconds(200) })] },
      'outside-attempt-window',
    ],
    [
      'it was created within the clock skew before the attempt (a person moments earlier?)',
      { appeared: [key(NEW, { createDate: seconds(-10) })] },
      'near-attempt-start',
    ],
    ['the secret could not be read', { storedKeyId: 'unread' }, 'secret-unread'],
    ['the tags could not be read', { markers: 'unread' }, 'tags-unread'],
    [
      'another run’s young marker is on the user',
      { markers: otherMarker('2026-06-01T11:58:00Z') },
      'other-attempt-in-flight',
    ],
  ])('is undecided (left alone) when %s', (_n, more, why) => {
    expect(appearedKeyVerdict(facts(more))).toMatchObject({ kind: 'undecided', why });
  });
});
