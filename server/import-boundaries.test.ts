// The import boundaries from DESIGN.md, enforced by ESLint: this proves the rules fire.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('import boundaries', () => {
  it('web may import shared, never the server', async () => {
    expect(
      await restrictedImports("import { buildApp } from '../../server/app';\nexport { buildApp };\n", 'web/src/boundary-probe.ts'),
    ).toHaveLength(1);
    expect(
      await restrictedImports("import type { Tunnel } from '../../shared/api';\nexport type { Tunnel };\n", 'web/src/boundary-probe.ts'),
    ).toEqual([]);
  }, 60_000);

  it('dashboard features never import each other; they may import the shared pieces and shared/', async () => {
    const probe = 'web/src/features/tunnels/components/boundary-probe.tsx';
    expect(
      await restrictedImports("import { useInventory } from '../../inventory/api/get-inventory';\nexport { useInventory };\n", probe),
    ).toHaveLength(1);
    for (const allowed of [
      '../../../lib/api',
      '../../../components/command',
      '../api/get-tunnels',
      '../../../../../shared/connect/engine',
    ]) {
      expect(await restrictedImports(`import * as m from '${allowed}';\nexport { m };\n`, probe), allowed).toEqual([]);
    }
  }, 60_000);

  it('domain rooms never import the HTTP layer', async () => {
    const code = "import { installGuard } from '../http/guard.js';\nexport { installGuard };\n";
    for (const room of ['tunnels', 'inventory', 'health', 'connect', 'aws']) {
      expect(await restrictedImports(code, `server/${room}/boundary-probe.test.ts`), room).toHaveLength(1);
    }
    expect(
      await restrictedImports(
        "import { EventBus } from '../events/bus.js';\nexport { EventBus };\n",
        'server/tunnels/boundary-probe.test.ts',
      ),
    ).toEqual([]);
  }, 60_000);

  it('shared stays pure: no Node built-ins, no server', async () => {
    expect(
      await restrictedImports("import { readFile } from 'node:fs';\nexport { readFile };\n", 'shared/boundary-probe.test.ts'),
    ).toHaveLength(1);
  }, 60_000);
});
