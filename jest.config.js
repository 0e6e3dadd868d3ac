// One `npm test` runs three suites:
//  unit        – pure core, config/event parsing, executor with the SDK mocked (aws-sdk-client-mock)
//  integration – the engine against a real moto server started by the harness (see scripts/emulator)
//  module      – the cdktf construct: synth, snapshots, `terraform validate/plan/apply`, checkov, IAM policy evaluation
// Type checking is `npm run lint` (tsc --noEmit); tests transpile only (tsconfig isolatedModules).
const tsJest = ['ts-jest', { diagnostics: false }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  reporters: ['default', '<rootDir>/__tests__/support/closing-line-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/no-key-material.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/__tests__/integration/**/*.test.ts',
        // The short form of `npm run reliability` (seeded fault schedules against the emulator).
        '<rootDir>/__tests__/reliability/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/__tests__/integration/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/no-key-material.ts'],
    },
    {
      ...common,
      displayName: 'module',
      testMatch: ['<rootDir>/__tests__/module/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/no-key-material.ts'],
    },
  ],
};
