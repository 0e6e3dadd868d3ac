/** Collects one user's action and error records (kept per user so the summary keeps plan order). */
import type { AuditTrail } from './ports';
import type { ActionRecord, ErrorRecord } from './summary';

export class UserOutcome {
  readonly actions: ActionRecord[] = [];
  readonly errors: ErrorRecord[] = [];

  constructor(private readonly log: AuditTrail) {}

  action(record: ActionRecord, detail?: Readonly<Record<string, unknown>>): ActionRecord {
    this.actions.push(record);
    this.log.action(record, detail);
    return record;
  }

  error(record: ErrorRecord): void {
    this.errors.push(record);
    this.log.error(record);
  }

  outcomeOf(
    accessKeyId: string,
    action: ActionRecord['action'],
  ): ActionRecord['outcome'] | undefined {
    return this.actions.find((a) => a.accessKeyId === accessKeyId && a.action === action)?.outcome;
  }
}
