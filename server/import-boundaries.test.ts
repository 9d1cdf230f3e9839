// DESIGN.md's "Dependencies point one way", enforced by ESLint: each rule gets a probe import that must be
// refused, and an allowed import beside it that must pass, so a rule that stops firing fails here.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports', 'import-x/no-cycle']);

/**
 * The boundary complaints about `code` as the file `filePath`. The probe is written to disk for the moment
 * (typed linting only sees files that exist) under a name no other file uses, then removed.
 */
async function complaints(code: string, filePath: string): Promise<string[]> {
  const path = filePath.replace(/boundary-probe/, `zz-boundary-probe-${process.pid}`);
  await writeFile(path, code);
  try {
    const [result] = await eslint.lintFiles([path]);
    const fatal = result?.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`ESLint could not lint ${path}: ${fatal.message}`);
    return (result?.messages ?? []).filter((message) => message.ruleId && BOUNDARY_RULES.has(message.ruleId)).map((m) => m.message);
  } finally {
    await rm(path, { force: true });
  }
}

const probe = (specifier: string) => `import * as probe from '${specifier}';\nexport { probe };\n`;

describe('import boundaries', { timeout: 120_000 }, () => {
  it('lower rooms (aws, config, events) never import a domain room, the HTTP layer or the composition root', async () => {
    expect(await complaints(probe('../tunnels/manager.js'), 'server/aws/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../tunnels/manager.js'), 'server/config/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../http/guard.js'), 'server/events/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../daemon.js'), 'server/config/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../config/files.js'), 'server/aws/boundary-probe.ts')).toEqual([]);
  });

  it('domain rooms never import the HTTP layer or the composition root', async () => {
    for (const room of ['tunnels', 'inventory', 'health', 'connect', 'paths', 'plugin']) {
      expect(await complaints(probe('../http/guard.js'), `server/${room}/boundary-probe.ts`), room).toHaveLength(1);
      expect(await complaints(probe('../daemon.js'), `server/${room}/boundary-probe.ts`), room).toHaveLength(1);
      expect(await complaints(probe('../app.js'), `server/${room}/boundary-probe.ts`), room).toHaveLength(1);
    }
    expect(await complaints(probe('../events/bus.js'), 'server/tunnels/boundary-probe.ts')).toEqual([]);
    expect(await complaints(probe('../health/probe.js'), 'server/tunnels/boundary-probe.ts')).toEqual([]);
  });

  it('only server/aws imports the AWS SDK', async () => {
    expect(await complaints(probe('@aws-sdk/client-ssm'), 'server/tunnels/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('@smithy/types'), 'server/connect/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('@aws-sdk/client-ssm'), 'server/aws/boundary-probe.ts')).toEqual([]);
  });

  it('production code never imports test kit or e2e/', async () => {
    expect(await complaints(probe('../../e2e/sandbox/server.js'), 'server/tunnels/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../../testing/http/test-app.js'), 'server/http/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../../testing/http/test-app.js'), 'server/http/boundary-probe.test.ts')).toEqual([]);
  });

  it('test kit has no folder in the production tree (it lives in testing/ and e2e/)', async () => {
    const kitFolders: string[] = [];
    for (const top of ['server', 'shared', 'web/src']) {
      for (const entry of await readdir(top, { recursive: true, withFileTypes: true })) {
        if (entry.isDirectory() && /^(testing|test-support|fixtures|__tests__)$/.test(entry.name))
          kitFolders.push(join(entry.parentPath, entry.name));
      }
    }
    expect(kitFolders).toEqual([]);
  });

  it('web imports only shared/, and its features never import each other', async () => {
    expect(await complaints(probe('../../server/app'), 'web/src/boundary-probe.ts')).toHaveLength(1);
    expect((await complaints(probe('../../e2e/sandbox/server'), 'web/src/boundary-probe.ts')).length).toBeGreaterThan(0);
    expect(await complaints(probe('../../../../shared/api'), 'web/src/features/tunnels/boundary-probe.ts')).toEqual([]);
    expect(
      await complaints(probe('../../inventory/api/get-inventory'), 'web/src/features/tunnels/components/boundary-probe.ts'),
    ).toHaveLength(1);
    expect(await complaints(probe('../api/get-tunnels'), 'web/src/features/tunnels/components/boundary-probe.ts')).toEqual([]);
  });

  it('shared/ stays pure: no Node built-ins, no server, no web', async () => {
    expect(await complaints(probe('node:fs'), 'shared/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../server/errors.js'), 'shared/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('./engines.js'), 'shared/boundary-probe.ts')).toEqual([]);
  });

  it('the CLI is a client: shared/, its own files and from server/ only the platform modules and files.ts; nothing imports it', async () => {
    for (const refused of ['../server/tunnels/manager.js', '../server/http/guard.js', '../server/config/store.js', '../server/daemon.js']) {
      expect(await complaints(probe(refused), 'cli/boundary-probe.ts'), refused).toHaveLength(1);
    }
    expect(await complaints(probe('@aws-sdk/client-ssm'), 'cli/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../e2e/fixtures/stack.js'), 'cli/boundary-probe.ts')).toHaveLength(1);
    for (const allowed of [
      '../server/platform.js',
      '../server/platform-folders.js',
      '../server/config/files.js',
      '../shared/api.js',
      './names.js',
    ]) {
      expect(await complaints(probe(allowed), 'cli/boundary-probe.ts'), allowed).toEqual([]);
    }
    expect(await complaints(probe('../../cli/names.js'), 'server/http/boundary-probe.ts')).toHaveLength(1);
    expect(await complaints(probe('../cli/names.js'), 'shared/boundary-probe.ts')).toHaveLength(1);
  });

  it('an import cycle is an error', async () => {
    const dir = join('server', `zz-cycle-probe-${process.pid}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = (): number => b();\n");
      await writeFile(join(dir, 'b.ts'), "import { a } from './a.js';\nexport const b = (): number => a();\n");
      await writeFile(join(dir, 'c.ts'), "import { b } from './b.js';\nexport const c = (): number => b();\n");
      const [cyclic, acyclic] = await eslint.lintFiles([join(dir, 'a.ts'), join(dir, 'c.ts')]);
      expect(cyclic?.messages.filter((m) => m.ruleId === 'import-x/no-cycle')).toHaveLength(1);
      expect(acyclic?.messages.filter((m) => m.ruleId === 'import-x/no-cycle')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
