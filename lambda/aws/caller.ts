/**
 * Who the engine runs as, for the secrets' resource policies. GetCallerIdentity reports a Lambda's role
 * as `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`, while aws:PrincipalArn holds the role's ARN,
 * `arn:aws:iam::ACCOUNT:role/PATH/NAME`, whose path STS does not report. Role names are unique within an
 * account, so `role/NAME` and `role/ * /NAME` (without spaces) match exactly that role.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { engineFaultText } from '../notify/fault-words';

const ASSUMED_ROLE = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

export function principalPatterns(callerArn: string): string[] {
  const match = ASSUMED_ROLE.exec(callerArn);
  if (!match) return [callerArn];
  const [, partition, account, roleName] = match;
  const base = `arn:${partition}:iam::${account}:role`;
  return [`${base}/${roleName}`, `${base}/*/${roleName}`];
}

/** Memoised per container: the identity cannot change while the function runs. */
export function callerPatternsResolver(sts: STSClient): () => Promise<readonly string[]> {
  let cached: Promise<readonly string[]> | undefined;
  return () => {
    cached ??= sts
      .send(new GetCallerIdentityCommand({}))
      .then(({ Arn }) => {
        if (!Arn) throw new Error(engineFaultText({ kind: 'caller-without-arn' }));
        return principalPatterns(Arn);
      })
      .catch((err: unknown) => {
        cached = undefined; // a transient failure must not poison the container
        throw err;
      });
    return cached;
  };
}
