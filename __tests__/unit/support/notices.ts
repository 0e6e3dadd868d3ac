import type { Notice } from '../../../lambda/notify/notice';

/** A KEY_CREATED notice for alice: the sample the renderer and the SNS notifier tests share. */
export const KEY_CREATED_NOTICE: Extract<Notice, { event: 'KEY_CREATED' }> = {
  event: 'KEY_CREATED',
  user: 'alice',
  accessKeyId: 'AKIAOLD0000000000001',
  newAccessKeyId: 'AKIANEW000000000WXYZ',
  reasons: ['rotation-due'],
  facts: { ageDays: 100, idleDays: 1 },
  mode: 'enforce',
  secretName: 'iam-access-key/alice',
};
