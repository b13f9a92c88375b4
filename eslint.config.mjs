// @ts-check
// Lint for the back end's TypeScript (src, test, bench, tools, migrations, scripts). The console in web/ is its
// own package with its own toolchain. Formatting is Prettier's job, so eslint-config-prettier comes last and
// switches off every stylistic rule that would fight it.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist', 'dist.*/', '**/node_modules/', 'web/', 'coverage/', '.data/', 'test/fixtures/', 'test/artifacts/', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // One program, the same one `tsc --noEmit -p tsconfig.json` checks, so lint and type-check agree on types.
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    rules: {
      // House style (style.md 15): imports sorted, builtins, then packages, then ours, nearest last; no blank lines.
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'import-x/no-duplicates': 'error',
      // A leading underscore marks a parameter an interface makes us accept but we do not use; rest siblings
      // are how we drop a field from a copy ({ secret, ...safe }).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*spec-kit.ts', 'test/**/*.ts', 'tools/biotrack-simulator/test/**/*.ts'],
    rules: {
      // jest's expect(mock.method).toHaveBeenCalled() passes a method without calling it; that is the pattern, not a bug.
      '@typescript-eslint/unbound-method': 'off',
      // A stand-in for an async dependency is written `jest.fn(async () => value)` so it keeps the real
      // signature (and turns a throw into a rejection) without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
