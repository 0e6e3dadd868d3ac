// Lint: typescript-eslint recommended, plus the one architectural rule that matters most:
// the decision core (lambda/core) stays pure — no AWS SDK, no clock, no I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders of lambda/ that talk to the outside world, or wire it: the core imports none of them. */
const ADAPTER_FOLDERS = ['aws', 'engine', 'observability', 'notify', 'config'];

/** Product code and scripts never import test code (the emulator harness lives in scripts/emulator). */
const NO_TESTS = [
  { group: ['**/__tests__', '**/__tests__/**'], message: 'Only tests import from __tests__/.' },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'cdktf.out/**', 'node_modules/**', 'coverage/**', '.venv/**', 'build/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lambda/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'The decision core is pure: no SDK imports.' },
            {
              group: ['fs', 'node:*', 'http', 'https', 'child_process'],
              message: 'The decision core is pure: no I/O.',
            },
            {
              // At any depth: `../aws/x` from core/, `../../aws/x` from core/rules/, ...
              group: ADAPTER_FOLDERS.flatMap((f) => [`**/${f}`, `**/${f}/**`]),
              message:
                'The core must not depend on adapters (aws, engine, observability, notify, config): ' +
                'it takes facts and returns decisions (docs/lifecycle.md).',
            },
            ...NO_TESTS,
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The core takes `now` as input; never read the clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The core takes `now` as input; never read the clock.',
        },
        {
          selector: "MemberExpression[object.name='process']",
          message: 'The core does not read the environment.',
        },
      ],
    },
  },
  {
    // The engine works through the ports it owns (lambda/engine/ports.ts); lambda/aws implements them.
    files: ['lambda/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'The engine uses its ports, not SDK clients.' },
            {
              group: ['**/aws', '**/aws/**', '**/observability', '**/observability/**'],
              message: 'The engine depends on its ports (engine/ports.ts), not on their adapters.',
            },
            ...NO_TESTS,
          ],
        },
      ],
    },
  },
  {
    files: ['lambda/**/*.ts', 'modules/**/*.ts', 'scripts/**/*.ts', 'config/**/*.ts', 'main.ts'],
    ignores: ['lambda/core/**/*.ts', 'lambda/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: NO_TESTS }] },
  },
);
