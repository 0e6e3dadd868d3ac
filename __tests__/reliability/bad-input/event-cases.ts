/**
 * Events (lambda/config/event*.ts): a malformed event is refused with an EventError naming the field, the
 * value and the accepted shapes, before any AWS call; a well-formed event may only narrow a run or force
 * report mode (README, "Invoking it yourself"), so a run it starts writes to the users it names and to no one else.
 */
import { category, type BadInputCase } from './case';
import {
  actionsAre,
  hasWarning,
  rejectedBeforeAnyCall,
  writesOnlyTo,
  type ExpectedWarning,
} from './checks';
import { probe } from './probe';

interface Input {
  readonly event: unknown;
  readonly env?: Readonly<Record<string, string>>;
}

type Expected =
  /** Refused before any AWS call; the message names these. */
  | { readonly rejected: readonly string[] }
  /** Runs, narrowed: exactly these actions, writes only to these users. */
  | {
      readonly actions: readonly string[];
      readonly writesOnlyTo: readonly string[];
      readonly mode?: 'report';
      readonly warning?: ExpectedWarning;
    };

type Row = BadInputCase<Input, Expected>;

const cloudTrail = (detail: unknown) => ({
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  detail,
});
const keyCall = (userName: string) =>
  cloudTrail({
    eventName: 'CreateAccessKey',
    userIdentity: { type: 'AssumedRole' },
    requestParameters: { userName },
  });

export const EVENT_CASES: readonly Row[] = [
  {
    name: 'a JSON string instead of an object',
    input: { event: 'run now' },
    expected: { rejected: ['event = "run now"', 'must be a JSON object', 'accepted events'] },
  },
  {
    name: 'a manual event wrapped in an array',
    input: { event: [{ users: ['due'] }] },
    expected: { rejected: ['event = [{"users":["due"]}]', 'must be a JSON object'] },
  },
  {
    name: 'a manual event with the key "user" (typo for "users")',
    input: { event: { user: 'due' } },
    expected: { rejected: ['user = "due"', 'unknown key', '"mode" and "users"'] },
  },
  {
    name: 'a manual event forcing enforce under MODE=report',
    input: { event: { mode: 'enforce' }, env: { MODE: 'report' } },
    expected: { rejected: ['mode = "enforce"', 'may only force "report"', 'MODE variable'] },
  },
  {
    name: 'a manual event with mode "Report" (capitalised)',
    input: { event: { mode: 'Report' } },
    expected: { rejected: ['mode = "Report"', 'must be "report" (or left out)'] },
  },
  {
    name: 'a manual event with an empty users list',
    input: { event: { users: [] } },
    expected: { rejected: ['users = []', 'non-empty array', 'leave "users" out'] },
  },
  {
    name: 'a manual event with users as a string',
    input: { event: { users: 'due' } },
    expected: { rejected: ['users = "due"', 'non-empty array'] },
  },
  {
    name: 'a manual event naming an invalid user name',
    input: { event: { users: ['due', 'bob smith'] } },
    expected: { rejected: ['users[1] = "bob smith"', 'an IAM user name'] },
  },
  {
    name: 'a manual event naming a number',
    input: { event: { users: [42] } },
    expected: { rejected: ['users[0] = 42', 'an IAM user name'] },
  },
  {
    name: 'a manual event naming 101 users',
    input: { event: { users: Array.from({ length: 101 }, (_, i) => `u${i}`) } },
    expected: { rejected: ['users = ["u0"', 'at most 100'] },
  },
  {
    name: 'a CloudTrail event of another service',
    input: {
      event: {
        source: 'aws.s3',
        'detail-type': 'AWS API Call via CloudTrail',
        detail: { eventName: 'PutObject' },
      },
    },
    expected: { rejected: ['source = "aws.s3"', '"aws.events" or "aws.iam"'] },
  },
  {
    name: 'a CloudTrail IAM event for an API the engine does not follow',
    input: {
      event: cloudTrail({ eventName: 'CreateUser', requestParameters: { userName: 'due' } }),
    },
    expected: { rejected: ['detail.eventName = "CreateUser"', 'must be one of CreateAccessKey'] },
  },
  {
    name: 'a CloudTrail event without detail',
    input: { event: { source: 'aws.iam', 'detail-type': 'AWS API Call via CloudTrail' } },
    expected: { rejected: ['detail = undefined', 'needs a "detail" object'] },
  },
  {
    name: 'a CloudTrail event by a role that names no user',
    input: {
      event: cloudTrail({
        eventName: 'UpdateAccessKey',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/x/y' },
      }),
    },
    expected: {
      rejected: ['detail.userIdentity = {"type":"AssumedRole"', 'requestParameters.userName'],
    },
  },
  {
    name: 'a CloudTrail event naming an invalid user name',
    input: { event: keyCall('bob smith') },
    expected: { rejected: ['detail.requestParameters.userName = "bob smith"', 'an IAM user name'] },
  },
  {
    name: 'an EventBridge event of another detail-type',
    input: { event: { source: 'aws.events', 'detail-type': 'Object Created', detail: {} } },
    expected: { rejected: ['detail-type = "Object Created"', 'must be "Scheduled Event"'] },
  },
  {
    name: 'an aws.iam event without detail-type',
    input: { event: { source: 'aws.iam', detail: { eventName: 'CreateAccessKey' } } },
    expected: { rejected: ['detail-type = undefined', '"AWS API Call via CloudTrail"'] },
  },
  {
    // A scheduled event's content is ignored (EventBridge sends no "users"); one that carries manual keys
    // was written by hand, and running it as a full enforce run would widen what the person asked for.
    name: 'a scheduled event carrying manual keys (mode report, users) is refused, not run on everyone',
    input: {
      event: {
        source: 'aws.events',
        'detail-type': 'Scheduled Event',
        detail: {},
        mode: 'report',
        users: ['calm'],
      },
    },
    expected: { rejected: ['mode', 'accepted events'] },
  },
  {
    name: 'a manual event forcing report under MODE=enforce: plans, writes nothing',
    input: { event: { mode: 'report' } },
    expected: {
      actions: ['due create planned', 'idle deactivate planned'],
      writesOnlyTo: [],
      mode: 'report',
    },
  },
  {
    name: 'a manual event naming one user: only that user is acted on',
    input: { event: { users: ['due', 'due'] } },
    expected: { actions: ['due create done'], writesOnlyTo: ['due'] },
  },
  {
    name: 'a manual event naming an excluded user cannot widen scope',
    input: { event: { users: ['idle'] }, env: { EXCLUDE_USERS: 'idle' } },
    expected: { actions: [], writesOnlyTo: [] },
  },
  {
    name: 'a manual event naming a user unknown to IAM',
    input: { event: { users: ['ghost'] } },
    expected: {
      actions: [],
      writesOnlyTo: [],
      warning: {
        code: 'user-name-not-found',
        user: 'ghost',
        mentions: ['ghost', 'check the name'],
      },
    },
  },
  {
    name: 'a CloudTrail event for a user outside USER_PATH_PREFIX',
    input: { event: keyCall('idle'), env: { USER_PATH_PREFIX: '/team/' } },
    expected: { actions: [], writesOnlyTo: [] },
  },
  {
    name: 'a CloudTrail event for a user unknown to IAM',
    input: { event: keyCall('ghost') },
    expected: {
      actions: [],
      writesOnlyTo: [],
      warning: { code: 'user-name-not-found', user: 'ghost', mentions: ['ghost'] },
    },
  },
  {
    name: 'a CloudTrail event by an IAM user on their own keys evaluates only that user',
    input: {
      event: cloudTrail({
        eventName: 'UpdateAccessKey',
        userIdentity: { type: 'IAMUser', userName: 'idle' },
      }),
    },
    expected: { actions: ['idle deactivate done'], writesOnlyTo: ['idle'] },
  },
];

export const EVENTS = category<Input, Expected>({
  category: 'events',
  tried:
    'malformed manual, EventBridge and CloudTrail events, events forcing enforce, and events that may only narrow a run, through the real handler',
  level: 'emulator',
  cases: EVENT_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, { event: row.input.event, env: row.input.env });
    const e = row.expected;
    if ('rejected' in e) return rejectedBeforeAnyCall(r, 'EventError', e.rejected);
    return [
      ...writesOnlyTo(r, e.writesOnlyTo),
      ...actionsAre(r, e.actions),
      ...(e.mode && r.summary && r.summary.mode !== e.mode
        ? [`the run's mode was ${r.summary.mode}, expected ${e.mode}`]
        : []),
      ...(e.warning ? hasWarning(r, e.warning) : []),
    ];
  },
});
