import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.localcloud/',
      '.tmp/',
      'coverage/',
      'emulator/fixtures/**/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Never log payloads: PII (phone, staff number) must not reach logs. console.log of objects is
      // reviewed by hand; this rule keeps stray debug logging out of function code.
      'no-console': 'off',
    },
  },
  {
    files: ['miniprogram/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The contract's schema files import zod: the bundle takes only their types. Values come from
      // the zod-free files (lists, labels, error codes, the demo identity shape).
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@contract/*',
                '!@contract/enums',
                '!@contract/labels',
                '!@contract/errors',
                '!@contract/demo',
              ],
              allowTypeImports: true,
              message:
                'Import values only from @contract/enums, labels, errors or demo (the others pull zod into the bundle).',
            },
          ],
        },
      ],
    },
  },
);
