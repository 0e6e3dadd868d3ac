import type { Policy } from '../core/model/types';

export type Mode = 'enforce' | 'report';

/** The engine's configuration, parsed and validated from environment variables (env.ts). */
export interface EngineConfig {
  readonly mode: Mode;
  readonly snsTopicArn: string;
  /** Secret name = secretPrefix + encoded user name. Default `iam-access-key/`. */
  readonly secretPrefix: string;
  /** CMK for secrets the engine creates; the account's default key when absent. */
  readonly secretKmsKeyId?: string;
  /** Principals (ARNs) besides the owning user that may read a secret the engine creates. */
  readonly secretAdminPrincipalArns: readonly string[];
  readonly policy: Policy;
  /**
   * KMS HMAC_256 key (id, ARN or alias) that signs the engine's state tags (docs/lifecycle.md, "State
   * kept in IAM user tags"). Absent: state tags are unauthenticated and every run warns so.
   */
  readonly stateMacKeyId?: string;
  /**
   * DynamoDB table for cross-run coordination: the rolling destructive-action budget and notices-once
   * (docs/lifecycle.md, "Coordination table"). Absent: both hold per invocation only, and every run warns so.
   */
  readonly coordinationTable?: string;
}

/** What one invocation was asked to do, parsed and validated from the Lambda event (event.ts). */
export interface RunRequest {
  readonly source: 'schedule' | 'manual' | 'cloudtrail';
  /** A manual event may force report mode; nothing can force enforce. */
  readonly forceReport: boolean;
  /** When present, only these users are evaluated (still subject to scope). */
  readonly users?: readonly string[];
}
