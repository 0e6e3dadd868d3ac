/**
 * Deterministic randomness for fault schedules and simulations (never Math.random: a failing seed must
 * replay exactly). Two shapes:
 * - `Prng`: a mulberry32 stream, for generators that draw in a fixed order (schedules, simulated days);
 * - `keyedDraw`: one number from (seed, key parts), for decisions taken while the engine runs. The engine
 *   works on 4 users at once, so the order of its calls across users depends on moto's latency; a draw
 *   keyed by what the call is (command, user, occurrence, attempt) gives the same answer in every
 *   interleaving, where a shared stream would not.
 */

export class Prng {
  private state: number;

  /** `stream` names an independent sequence for the same seed (drawing from one never shifts another). */
  constructor(seed: number, stream = '') {
    this.state = hash32(`prng:${seed}:${stream}`);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    return mix(this.state);
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick needs at least one item, got an empty list');
    return items[this.int(0, items.length - 1)]!;
  }
}

/** A float in [0, 1) that depends only on the seed and the parts. */
export function keyedDraw(seed: number, ...parts: ReadonlyArray<string | number>): number {
  return mix(hash32(`${seed}|${parts.join('|')}`));
}

/** FNV-1a over the UTF-16 code units. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32's output function: 32 well-mixed bits scaled to [0, 1). */
function mix(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
