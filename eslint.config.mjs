// ESLint (flat config): `npm run lint`. TypeScript files are linted with type information from
// the two tsconfigs `npm run typecheck` uses (the root one: miniapp, shared-types, config; the BFF
// one: bff and scripts), so promise rules see the real types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    // What .gitignore lists, plus declaration files.
    ignores: ['**/node_modules/**', 'dist/**', 'data/**', 'test-results/**', '**/coverage/**', '.swc/**', 'bench-profiles/**', '**/*.d.ts'],
  },
  {
    files: ['miniapp/**/*.{ts,tsx}', 'bff/**/*.ts', 'shared-types/**/*.ts', 'scripts/**/*.ts', 'config/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './bff/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The promise rules this config exists for.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Not enforced: the tests and the TypeORM/Koa glue use `any` on purpose in ~200 places.
      '@typescript-eslint/no-explicit-any': 'off',
      // TypeORM types entity and migration classes as `Function` (DataSourceOptions); the lists follow it.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Chinese text lays out label：value pairs with the ideographic space U+3000.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['miniapp/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.{js,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
);
