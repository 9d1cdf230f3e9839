// ESLint: typescript-eslint with types for the server and shared code, plus the import boundaries
// from DESIGN.md: web imports only shared; domain rooms never import the HTTP layer.
import tseslint from 'typescript-eslint';

const domainRooms = ['aws', 'inventory', 'tunnels', 'health', 'connect', 'config', 'events', 'plugin', 'paths', 'diagnosis'];

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
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/e2e/**'], message: 'web may import only shared/.' }] }],
    },
  },
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
