import { runConfig } from '../../../lambda/config/event';
import type { Mode, RunRequest } from '../../../lambda/config/types';
import { testConfig } from '../engine/support/engine';

describe('runConfig: the run mode is decided once, at the edge', () => {
  it.each<[Mode, boolean, Mode]>([
    ['enforce', false, 'enforce'],
    ['enforce', true, 'report'],
    ['report', false, 'report'],
    ['report', true, 'report'],
  ])('MODE=%s with forceReport=%s runs in %s mode', (mode, forceReport, expected) => {
    // Prepare
    const request: RunRequest = { source: 'manual', forceReport };

    // Act
    const config = runConfig(testConfig({ mode }), request);

    // Assess
    expect(config.mode).toBe(expected);
    expect(config.policy).toEqual(testConfig().policy);
  });
});
