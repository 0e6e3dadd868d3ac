/** Everything one run's steps share: deps, settings, the run's `now`, and the notifier. */
import type { EngineConfig, Mode } from '../config/types';
import type { KeyDecision } from '../core/types';
import { describeError } from '../aws/aws-errors';
import type { Notice } from '../notify/notice';
import { publishNotice } from '../notify/publish';
import type { EngineDeps } from './deps';
import type { ErrorRecord } from './summary';

export interface RunContext {
  readonly deps: EngineDeps;
  readonly config: EngineConfig;
  readonly mode: Mode;
  readonly now: Date;
}

/**
 * Publishes a notice. A failing Publish never stops the run: it becomes an ErrorRecord (step `notify`)
 * passed to `onError`, and the caller learns it failed from the return value.
 */
export async function notify(
  ctx: RunContext,
  notice: Notice,
  onError: (record: ErrorRecord) => void,
): Promise<boolean> {
  try {
    await publishNotice(ctx.deps.sns, ctx.config.snsTopicArn, notice);
    return true;
  } catch (err) {
    onError({
      user: notice.user,
      accessKeyId: notice.accessKeyId,
      step: 'notify',
      message: `publishing ${notice.event} to ${ctx.config.snsTopicArn} failed: ${describeError(err)}`,
    });
    return false;
  }
}

/** The notice a carried-out decision produces (its event, reasons and facts, worded by notify/render). */
export function decisionNotice(
  ctx: RunContext,
  d: KeyDecision,
  extra: Partial<Pick<Notice, 'newAccessKeyId' | 'secretName' | 'details'>> = {},
): Notice | undefined {
  if (!d.event) return undefined;
  return {
    event: d.event,
    user: d.userName,
    accessKeyId: d.accessKeyId,
    reasons: d.reasons,
    facts: d.facts,
    mode: ctx.mode,
    ...extra,
  };
}
