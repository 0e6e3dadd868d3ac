import type { RunRequest } from './types';
import { USER_NAME } from './formats';
import { isObject, rejectField, type JsonObject } from './event-shape';

/** IAM API calls that can change what the engine should decide for the user they name. */
export const CLOUDTRAIL_EVENT_NAMES = [
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'TagUser',
  'UntagUser',
] as const;

/**
 * An IAM CloudTrail event via EventBridge → a run for the one user it names. The user is the call's
 * `userName` parameter or, when absent (an IAM user acting on their own keys), the calling user.
 */
export function parseCloudTrailEvent(event: JsonObject): RunRequest {
  const detail = event['detail'];
  if (!isObject(detail)) {
    throw rejectField('detail', detail, 'a CloudTrail event needs a "detail" object');
  }
  const eventName = detail['eventName'];
  if (!(CLOUDTRAIL_EVENT_NAMES as readonly unknown[]).includes(eventName)) {
    throw rejectField(
      'detail.eventName',
      eventName,
      `must be one of ${CLOUDTRAIL_EVENT_NAMES.join(', ')}`,
    );
  }
  const [field, userName] = userNamed(detail);
  if (typeof userName !== 'string' || !USER_NAME.test(userName)) {
    throw rejectField(
      field,
      userName,
      `the user must be named by detail.requestParameters.userName, or by detail.userIdentity.userName when detail.userIdentity.type is "IAMUser"; it must be ${USER_NAME.allowed}`,
    );
  }
  return { source: 'cloudtrail', forceReport: false, users: [userName] };
}

function userNamed(detail: JsonObject): readonly [field: string, value: unknown] {
  const params = detail['requestParameters'];
  if (isObject(params) && params['userName'] !== undefined) {
    return ['detail.requestParameters.userName', params['userName']];
  }
  const identity = detail['userIdentity'];
  if (isObject(identity) && identity['type'] === 'IAMUser') {
    return ['detail.userIdentity.userName', identity['userName']];
  }
  return ['detail.userIdentity', identity];
}
