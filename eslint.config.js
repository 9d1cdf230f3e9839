// ESLint: typescript-eslint (with types for the server and shared code), plus DESIGN.md's "Dependencies point
// one way" as rules: import zones between rooms, no cycles, the AWS SDK only in server/aws, no test kit in
// production, web only on shared and its features apart, the CLI a client that nothing imports. server/import-boundaries.test.ts proves each fires.
import { readdirSync } from 'node:fs';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

/** Rooms that hold the product's logic: they may use the lower rooms and each other (without cycles). */
const domainRooms = ['tunnels', 'inventory', 'health', 'connect', 'diagnosis', 'paths', 'plugin'];
/** Rooms everything stands on: they know nothing of the rooms above them. */
const lowerRooms = ['aws', 'config', 'events'];
/** The composition root: builds every room and wires them; nothing imports it but itself. */
const compositionRoot = ['server/app.ts', 'server/daemon.ts', 'server/main.ts', 'server/cli'];
/** Helpers for tests only: production code never imports them. */
const testKit = ['e2e', 'testing', 'web/src/test'];
const production = ['server/**/*.ts', 'shared/**/*.ts', 'cli/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'];
/** What the CLI room may take from server/: the platform's places and the atomic file writer, no room's logic. */
const cliFromServer = ['./platform.ts', './platform-folders.ts', './config/files.ts'];
const tests = ['**/*.test.ts', '**/*.test.tsx'];
const webFeatures = readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const room = (name) => `server/${name}`;
const zones = [
  ...lowerRooms.map((name) => ({
    target: room(name),
    from: [room('http'), ...domainRooms.map(room), ...compositionRoot],
    message: `server/${name} is a lower room: it never imports the HTTP layer, a domain room or the composition root.`,
  })),
  ...domainRooms.map((name) => ({
    target: room(name),
    from: [room('http'), ...compositionRoot],
    message: `server/${name} is a domain room: it never imports the HTTP layer or the composition root.`,
  })),
  {
    target: room('http'),
    from: compositionRoot,
    message: 'The HTTP layer never imports the composition root.',
  },
  { target: 'shared', from: ['server', 'web', ...testKit], message: 'shared/ is pure and used by both sides.' },
  { target: 'web', from: ['server', ...testKit], message: 'web may import only shared/.' },
  ...webFeatures.map((feature) => ({
    target: `web/src/features/${feature}`,
    from: 'web/src/features',
    except: [`./${feature}`],
    message: 'Dashboard features never import each other: the app composes them.',
  })),
  {
    target: 'cli',
    from: 'server',
    except: cliFromServer,
    message:
      'The CLI is a client of the HTTP API: it imports shared/, its own files and only server/platform*.ts and server/config/files.ts.',
  },
  { target: 'cli', from: 'web', message: 'The CLI is a client of the HTTP API: it imports shared/ and its own files.' },
  { target: ['server', 'shared', 'web'], from: 'cli', message: 'Nothing imports the CLI room: it is a client of the daemon.' },
  { target: ['server', 'shared', 'cli', 'web/src'], from: testKit, message: 'Production code never imports test kit or e2e/.' },
];

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
    files: ['server/**/*.ts', 'shared/**/*.ts', 'cli/**/*.ts'],
    ignores: tests,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: production,
    ignores: tests,
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows imports into .ts files only when it may parse them.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.json', 'web/tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The AWS SDK stays behind server/aws: SDK shapes and errors are turned into Porthole's own there.
    files: ['server/**/*.ts', 'cli/**/*.ts'],
    ignores: [...tests, 'server/aws/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'Only server/aws imports the AWS SDK: add what you need there.' }] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' }] }],
    },
  },
);
