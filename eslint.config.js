// ESLint: typescript-eslint with types for the server and shared code, plus the import boundaries
// from DESIGN.md: web imports only shared; domain rooms never import the HTTP layer.
import tseslint from 'typescript-eslint';

const domainRooms = ['aws', 'inventory', 'tunnels', 'health', 'connect', 'config', 'events', 'plugin', 'paths'];
// Dashboard features never import each other (web/src/app composes them); shared pieces live in web/src/lib
// and web/src/components.
const webFeatures = ['connect', 'inventory', 'profiles', 'settings', 'status', 'tunnels'];
const webImportRule = { group: ['**/server/**', '**/e2e/**'], message: 'web may import only shared/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'e2e/artifacts/**', 'e2e/plugin/**', 'scripts/**', 'eslint.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [webImportRule] }],
    },
  },
  ...webFeatures.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.ts`, `web/src/features/${feature}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            webImportRule,
            {
              regex: `^(\\.\\./)+(features/)?(${webFeatures.filter((other) => other !== feature).join('|')})/`,
              message: 'Features do not import each other: let web/src/app compose them.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/web/**', 'node:*'], message: 'shared/ is pure and used by both sides.' }] },
      ],
    },
  },
  ...domainRooms.map((room) => ({
    files: [`server/${room}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/http/**', '../http/*', '../../http/*'], message: 'Domain rooms never import the HTTP layer.' }] },
      ],
    },
  })),
);
