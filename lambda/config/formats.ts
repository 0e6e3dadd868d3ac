import { SETTINGS, textAllowed, type TextSetting } from './settings';

/**
 * The string formats the edge accepts, each with the wording shown to a person when a value does not fit.
 * Patterns follow the AWS API references (IAM, Secrets Manager, KMS, SNS) so a bad value fails at start,
 * with a message naming the fix, rather than as an AWS validation error halfway through a run.
 */
export interface Format {
  /** What is allowed, phrased as the fix. */
  readonly allowed: string;
  readonly test: (value: string) => boolean;
}

const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const ACCOUNT = '\\d{12}';
const KEY_ID = '(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
const ALIAS = 'alias/[A-Za-z0-9/_-]{1,250}';
const IAM_NAME = '[\\w+=,.@-]{1,64}';
const IAM_PATH = '/(?:[\\u0021-\\u007E]*/)?';

function regex(pattern: string, flags = ''): Format['test'] {
  const re = new RegExp(`^(?:${pattern})$`, flags);
  return (value) => re.test(value);
}

/** IAM user name; note `\w` is ASCII-only in JavaScript, as in IAM. */
export const USER_NAME: Format = {
  allowed: 'an IAM user name: 1-64 characters from letters, digits and _+=,.@-',
  test: regex(IAM_NAME),
};

/**
 * The wording of the formats whose bounds live in settings.ts, the one source the construct and the HCL
 * module share.
 */
const ALLOWED_BY_SETTING = {
  exemptGroup: 'an IAM group name: 1-128 characters from letters, digits and _+=,.@-',
  userPathPrefix:
    'an IAM path: starts and ends with "/", at most 512 printable ASCII characters without spaces, e.g. "/" or "/engineering/"',
  /** Keys the engine derives from it must stay within IAM's 128-character tag key limit. */
  tagPrefix:
    'an IAM tag key prefix: 1-64 characters from letters, digits, spaces and _.:/=+-@, not starting with "aws:"',
  /** At most 128, so prefix + user name (64 characters) stays inside Secrets Manager's 512. */
  secretPrefix: 'a Secrets Manager name prefix: 1-128 characters from letters, digits and /_+=.@-',
} as const;

function fromSetting(name: keyof typeof ALLOWED_BY_SETTING): Format {
  const setting: TextSetting = SETTINGS[name];
  return { allowed: ALLOWED_BY_SETTING[name], test: (value) => textAllowed(setting, value) };
}

export const GROUP_NAME = fromSetting('exemptGroup');
export const USER_PATH_PREFIX = fromSetting('userPathPrefix');
export const TAG_PREFIX = fromSetting('tagPrefix');
export const SECRET_PREFIX = fromSetting('secretPrefix');

export const KMS_KEY_ID: Format = {
  allowed:
    'a KMS key id, "alias/<name>", or a key or alias ARN, e.g. "alias/iam-access-keys" or "arn:aws:kms:eu-west-1:123456789012:key/<key id>"',
  test: regex(
    `${KEY_ID}|${ALIAS}|arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:(?:key/${KEY_ID}|${ALIAS})`,
  ),
};

/** FIFO topics are refused: they cannot deliver to email and need a message group on every Publish. */
export const SNS_TOPIC_ARN: Format = {
  allowed:
    'a standard SNS topic ARN "arn:<partition>:sns:<region>:<12-digit account>:<name>", e.g. "arn:aws:sns:eu-west-1:123456789012:key-lifecycle"',
  test: regex(`arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,256}`),
};

/** Principals a secret's resource policy may name: an account root, an IAM user or an IAM role. */
export const IAM_PRINCIPAL_ARN: Format = {
  allowed:
    'an IAM principal ARN "arn:<partition>:iam::<12-digit account>:root|user/<path><name>|role/<path><name>"',
  test: regex(`arn:${PARTITION}:iam::${ACCOUNT}:(?:root|(?:user|role)${IAM_PATH}${IAM_NAME})`),
};

/** A DynamoDB table name or ARN (the module passes the name). */
export const DYNAMODB_TABLE: Format = {
  allowed:
    'a DynamoDB table name (3-255 characters from letters, digits and _.-) or table ARN "arn:<partition>:dynamodb:<region>:<12-digit account>:table/<name>"',
  test: regex(
    `[A-Za-z0-9_.-]{3,255}|arn:${PARTITION}:dynamodb:${REGION}:${ACCOUNT}:table/[A-Za-z0-9_.-]{3,255}`,
  ),
};
