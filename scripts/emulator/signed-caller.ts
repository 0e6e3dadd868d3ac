/**
 * A workload calling AWS with its own access key, from its own place: STS GetCallerIdentity signed with
 * the key, sent with the workload's user agent and a simulated source address (`X-Forwarded-For`, as a
 * load balancer in front of AWS would show it). moto records the key's last use at its frozen clock, so a
 * call at simulated "now" is IAM's evidence that the key is in use; the emulator may record the user agent
 * and address per call (CloudTrail's view of who uses a key).
 *
 * Key material stays in the Credentials object; nothing here logs or returns it.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './workload';

export interface CallerPlace {
  /** The full User-Agent header, e.g. `Boto3/1.34.10 md/Botocore#1.34.10 ua/2.0 os/linux`. */
  readonly userAgent: string;
  /** The simulated client address, e.g. `203.0.113.24` (documentation ranges only). */
  readonly sourceAddress: string;
}

/** Signs one GetCallerIdentity with `credentials` from `place`; returns the caller ARN. */
export async function callFrom(credentials: Credentials, place: CallerPlace): Promise<string> {
  const sts = new STSClient({ credentials: { ...credentials } });
  sts.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) {
        request.headers['user-agent'] = place.userAgent;
        delete request.headers['x-amz-user-agent'];
        request.headers['x-forwarded-for'] = place.sourceAddress;
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'high', name: 'workloadPlace' },
  );
  const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
  return Arn ?? '';
}
