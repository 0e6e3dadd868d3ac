/** What the engine needs from the outside world: its ports (ports.ts), wired by the handler and by tests. */
import type {
  AuditTrail,
  CallCounter,
  CoordinationStore,
  KeyStore,
  KeyUsageSource,
  Notifier,
  SecretStore,
  StateMac,
  UserDirectory,
} from './ports';

export interface EngineDeps {
  readonly users: UserDirectory;
  readonly keys: KeyStore;
  readonly secrets: SecretStore;
  readonly notifier: Notifier;
  /** The coordination table; used only when COORDINATION_TABLE is set. @default - not used */
  readonly coordination?: CoordinationStore;
  /** A new signer per run for the state MAC key; used only when STATE_MAC_KEY_ID is set. @default - not used */
  readonly stateMac?: (keyId: string) => StateMac;
  /**
   * The only clock: read once per run, and everything below takes `now` from it — except the bounds of a
   * CreateAccessKey attempt's window, read around the call (create-attempt.ts).
   */
  readonly clock: () => Date;
  /** CloudTrail's event history, for who uses a key (key-usage.ts). @default - no lookups */
  readonly keyUsage?: KeyUsageSource;
  /** Waits between two LookupEvents requests (their 2-per-second quota). @default - setTimeout */
  readonly pause?: (ms: number) => Promise<void>;
  readonly log: AuditTrail;
  readonly counter: CallCounter;
  /** Users read or acted on at the same time. @default 4 */
  readonly concurrency?: number;
  /**
   * Milliseconds left before the invocation times out (the Lambda context's getRemainingTimeInMillis):
   * the deadline guard stops starting users near it (deadline.ts).
   * @default - no deadline (tests, `npm run plan`)
   */
  readonly remainingTimeMs?: () => number;
}

export const DEFAULT_CONCURRENCY = 4;
