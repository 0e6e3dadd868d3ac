/**
 * The demo's held keys (retire on evidence, docs/lifecycle.md): for each old key whose deactivation was
 * held because it was still in use, the hold notices the owner received (day, escalation step, severity,
 * adopted or not) and how the hold ended — retired once quiet, or deactivated at grace-extension-ended.
 * Read from the notices a subscriber received, as a person would follow it.
 */
import type { Notification } from '../emulator/sns-inbox';
import { shortId } from './timeline';

interface Payload {
  readonly accessKeyId?: string;
  readonly reasons?: readonly string[];
  readonly facts?: { readonly holdStep?: number; readonly replacement?: string };
}

export interface HoldNotice {
  readonly day: number;
  readonly step: number;
  readonly severity: string;
  readonly replacement: string;
}

export interface KeyHold {
  readonly user: string;
  readonly accessKeyId: string;
  readonly notices: HoldNotice[];
  end?: { readonly day: number; readonly reasons: readonly string[]; readonly replacement: string };
}

export class HoldLedger {
  readonly holds: KeyHold[] = [];

  observe(day: number, notifications: readonly Notification[]): void {
    for (const n of notifications) {
      const p = n.body as Payload;
      if (p.accessKeyId === undefined) continue;
      const held = this.holds.find((h) => h.accessKeyId === p.accessKeyId);
      const replacement = p.facts?.replacement ?? '?';
      if (n.event === 'OLD_KEY_STILL_IN_USE' && p.facts?.holdStep !== undefined) {
        const hold = held ?? this.begin(n.user, p.accessKeyId);
        hold.notices.push({ day, step: p.facts?.holdStep ?? 0, severity: n.severity, replacement });
      } else if (n.event === 'KEY_DEACTIVATED' && held !== undefined && held.end === undefined) {
        held.end = { day, reasons: p.reasons ?? [], replacement };
      }
    }
  }

  private begin(user: string, accessKeyId: string): KeyHold {
    const hold: KeyHold = { user, accessKeyId, notices: [] };
    this.holds.push(hold);
    return hold;
  }
}

/** The page's table rows: one per held key. */
export function holdRows(holds: readonly KeyHold[]): string[][] {
  return holds.map((h) => [
    h.user,
    shortId(h.accessKeyId),
    String(h.notices[0]?.day ?? '?'),
    h.notices.map((n) => `day ${n.day}: step ${n.step}, ${n.severity}`).join('; '),
    h.end?.replacement ?? h.notices.at(-1)?.replacement ?? '?',
    h.end === undefined
      ? 'still held'
      : `day ${h.end.day}: deactivated (${h.end.reasons.join(', ')})`,
  ]);
}

export const HOLD_HEADER = [
  'user',
  'old key',
  'held from day',
  'OLD_KEY_STILL_IN_USE (step, severity)',
  'replacement',
  'ended',
];
