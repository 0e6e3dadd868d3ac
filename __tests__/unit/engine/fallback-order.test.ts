import {
  inRotatingOrder,
  rotatingStart,
  ROTATION_STEP,
} from '../../../lambda/engine/fallback-order';

const DAY_MS = 86_400_000;
const day = (n: number) => new Date(n * DAY_MS + 3 * 3_600_000); // 03:00 UTC on day n

describe('fallback read order', () => {
  it.each([
    { count: 5_000, dayNumber: 20_605, start: (20_605 * ROTATION_STEP) % 5_000 },
    { count: 7, dayNumber: 1, start: ROTATION_STEP % 7 },
    { count: 1, dayNumber: 20_605, start: 0 },
    { count: 0, dayNumber: 20_605, start: 0 },
  ])('starts at day × step mod $count', ({ count, dayNumber, start }) => {
    // Act
    const result = rotatingStart(count, day(dayNumber));

    // Assess
    expect(result).toBe(start);
  });

  it('is the same order all day, and a rotation of the inventory order', () => {
    // Prepare
    const users = Array.from({ length: 10 }, (_, i) => `user${i}`);
    const morning = new Date(20_605 * DAY_MS + 60_000);
    const evening = new Date(20_606 * DAY_MS - 60_000);

    // Act
    const first = inRotatingOrder(users, morning);
    const second = inRotatingOrder(users, evening);

    // Assess
    expect(second).toEqual(first);
    expect([...first].sort()).toEqual([...users].sort());
    const start = rotatingStart(users.length, morning);
    expect(first).toEqual([...users.slice(start), ...users.slice(0, start)]);
  });

  it.each([2, 97, 1_000, 4_999])(
    'starts at every position once over %i consecutive days',
    (count) => {
      // Act
      const starts = new Set(
        Array.from({ length: count }, (_, i) => rotatingStart(count, day(20_000 + i))),
      );

      // Assess
      expect(starts.size).toBe(count);
    },
  );
});
