import { parseEvent } from '../../../lambda/config/event';
import { EventError } from '../../../lambda/config/errors';

function eventError(event: unknown): EventError {
  try {
    parseEvent(event);
  } catch (err) {
    if (err instanceof EventError) return err;
    throw err;
  }
  throw new Error('expected parseEvent to throw an EventError');
}

const scheduledRule = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2025-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/key-lifecycle-daily'],
  detail: {},
};

function cloudTrail(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: 'c1b0a3e4-0000-0000-0000-000000000000',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: '123456789012',
    region: 'us-east-1',
    detail: { eventSource: 'iam.amazonaws.com', ...detail },
  };
}

describe('parseEvent', () => {
  describe('scheduled events', () => {
    it.each([
      ['an EventBridge rule schedule', scheduledRule],
      ["EventBridge Scheduler's default payload {}", {}],
      ['no event at all (undefined)', undefined],
      ['null', null],
    ])('treats %s as a scheduled run', (_name, event) => {
      expect(parseEvent(event)).toEqual({ source: 'schedule', forceReport: false });
    });

    it.each([
      ['mode', { ...scheduledRule, mode: 'report' }],
      ['users', { ...scheduledRule, users: ['calm'] }],
      ['mode', { ...cloudTrail({ eventName: 'CreateAccessKey' }), mode: 'report' }],
    ])(
      'refuses an EventBridge-shaped event carrying %s: it must not run as a full scheduled run',
      (field, event) => {
        // Act
        const err = eventError(event);

        // Assess
        expect(err.message).toMatch(
          new RegExp(`^invalid event: ${field} = .*is not a field of an EventBridge event`),
        );
        expect(err.message).toContain('send a manual event without source and detail-type');
      },
    );
  });

  describe('manual events', () => {
    it.each([
      [{ mode: 'report' }, { source: 'manual', forceReport: true }],
      [{ users: ['alice'] }, { source: 'manual', forceReport: false, users: ['alice'] }],
      [
        { mode: 'report', users: ['alice', 'bob', 'alice'] },
        { source: 'manual', forceReport: true, users: ['alice', 'bob'] },
      ],
    ])('accepts %j', (event, expected) => {
      expect(parseEvent(event)).toEqual(expected);
    });

    it('names alice and ALICE: one IAM user (names are unique case-insensitively), evaluated once as first spelled', () => {
      expect(parseEvent({ users: ['alice', 'ALICE', 'bob', 'Alice'] }).users).toEqual([
        'alice',
        'bob',
      ]);
    });

    it('accepts 100 users and refuses 101', () => {
      // Prepare
      const users = Array.from({ length: 101 }, (_, i) => `user${i}`);

      // Act & Assess
      expect(parseEvent({ users: users.slice(0, 100) }).users).toHaveLength(100);
      expect(eventError({ users }).field).toBe('users');
    });

    it('refuses mode "enforce": a manual event can never force enforce', () => {
      // Act
      const err = eventError({ mode: 'enforce', users: ['alice'] });

      // Assess
      expect(err.field).toBe('mode');
      expect(err.message).toContain('mode = "enforce"');
      expect(err.message).toContain('may only force "report"');
    });

    it.each([
      [{ mode: 'REPORT' }, 'mode', '"REPORT"'],
      [{ mode: true }, 'mode', 'true'],
      [{ users: [] }, 'users', '[]'],
      [{ users: 'alice' }, 'users', '"alice"'],
      [{ users: ['alice', 'bob smith'] }, 'users[1]', '"bob smith"'],
      [{ users: ['alice', 42] }, 'users[1]', '42'],
      [{ users: ['u'.repeat(65)] }, 'users[0]', '"uuuu'],
      [{ user: 'alice' }, 'user', '"alice"'],
      [{ users: ['alice'], scope: 'all' }, 'scope', '"all"'],
    ])('refuses %j, naming field %s and its value', (event, field, shown) => {
      // Act
      const err = eventError(event);

      // Assess
      expect(err.field).toBe(field);
      expect(err.message).toContain(`${field} = ${shown}`);
      expect(err.message).toContain('accepted events:');
    });
  });

  describe('CloudTrail events delivered by EventBridge', () => {
    it.each(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'TagUser', 'UntagUser'])(
      'evaluates the user named in requestParameters of %s',
      (eventName) => {
        // Prepare
        const event = cloudTrail({
          eventName,
          userIdentity: {
            type: 'AssumedRole',
            arn: 'arn:aws:sts::123456789012:assumed-role/admin/x',
          },
          requestParameters: { userName: 'alice' },
        });

        // Act & Assess
        expect(parseEvent(event)).toEqual({
          source: 'cloudtrail',
          forceReport: false,
          users: ['alice'],
        });
      },
    );

    it('evaluates the calling IAM user when the call named no user (acting on their own keys)', () => {
      // Prepare
      const event = cloudTrail({
        eventName: 'CreateAccessKey',
        userIdentity: { type: 'IAMUser', userName: 'bob' },
        requestParameters: null,
      });

      // Act & Assess
      expect(parseEvent(event)).toEqual({
        source: 'cloudtrail',
        forceReport: false,
        users: ['bob'],
      });
    });

    it.each([
      [
        'an IAM event the engine does not react to',
        { eventName: 'CreateUser', requestParameters: { userName: 'alice' } },
        'detail.eventName',
      ],
      [
        'a call by a role that names no user',
        { eventName: 'CreateAccessKey', userIdentity: { type: 'AssumedRole' } },
        'detail.userIdentity',
      ],
      [
        'an invalid user name',
        { eventName: 'UpdateAccessKey', requestParameters: { userName: 'bad name' } },
        'detail.requestParameters.userName',
      ],
      [
        'an IAM user identity without a name',
        { eventName: 'UpdateAccessKey', userIdentity: { type: 'IAMUser' } },
        'detail.userIdentity.userName',
      ],
    ])('refuses %s', (_name, detail, field) => {
      expect(eventError(cloudTrail(detail)).field).toBe(field);
    });

    it('refuses a CloudTrail event without a detail object', () => {
      // Prepare
      const event = { ...cloudTrail({}), detail: 'nope' };

      // Act & Assess
      expect(eventError(event).field).toBe('detail');
    });
  });

  describe('anything else', () => {
    it.each([
      ['a string', 'run now', 'event'],
      ['a number', 42, 'event'],
      ['an array', [{ users: ['alice'] }], 'event'],
      ['an event from another source', { ...scheduledRule, source: 'aws.s3' }, 'source'],
      [
        'a rule event that is not a schedule',
        { ...scheduledRule, 'detail-type': 'Other' },
        'detail-type',
      ],
      [
        'an IAM event that is not an API call',
        { source: 'aws.iam', 'detail-type': 'Scheduled Event' },
        'detail-type',
      ],
      [
        'an EventBridge-looking event without a source',
        { 'detail-type': 'Scheduled Event' },
        'source',
      ],
    ])('refuses %s', (_name, event, field) => {
      // Act
      const err = eventError(event);

      // Assess
      expect(err.field).toBe(field);
      expect(err.name).toBe('EventError');
      expect(err.message).toContain('accepted events:');
    });

    it('cuts long values to about 100 characters in the message', () => {
      // Act
      const err = eventError('x'.repeat(5000));

      // Assess
      expect(err.message).toContain('…(5002 chars)');
      expect(err.message.length).toBeLessThan(500);
    });
  });
});
