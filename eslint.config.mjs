// Lint: typescript-eslint recommended, plus the one architectural rule that matters most:
// the decision core (lambda/core) stays pure — no AWS SDK, no clock, no I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
              group: ['../aws/*', '../engine/*', '../observability/*'],
              message: 'The core must not depend on adapters.',
            },
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
);
