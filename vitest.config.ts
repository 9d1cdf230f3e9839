import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Web component tests (*.test.tsx) ask for a DOM themselves with `// @vitest-environment jsdom`; everything
    // else runs in Node.
    include: [
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'bench/**/*.test.ts',
      'shared/**/*.test.ts',
      'e2e/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
