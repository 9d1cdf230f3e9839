import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, locatePlugin } from './locate.js';

async function script(body: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-plugin-'));
  const path = join(dir, 'session-manager-plugin');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('locatePlugin', () => {
  it('finds the plugin at an explicit path and reads its version', async () => {
    const path = await script('echo 1.2.677.0');
    expect(await locatePlugin(path)).toEqual({ found: true, path, version: '1.2.677.0' });
  });

  it('finds the plugin on PATH', async () => {
    const path = await script('echo 1.2.764.0');
    const status = await locatePlugin(undefined, { PATH: `/nonexistent:${join(path, '..')}` });
    expect(status).toMatchObject({ found: true, version: '1.2.764.0' });
  });

  it('says how to install it when it is missing', async () => {
    const status = await locatePlugin('/nonexistent/session-manager-plugin');
    expect(status.found).toBe(false);
    expect(status.error?.code).toBe('PLUGIN_NOT_FOUND');
    expect(status.error?.hint).toMatch(/session-manager-working-with-install-plugin/);
  });

  it('reports a plugin that does not print a version', async () => {
    const status = await locatePlugin(await script('echo "The Session Manager plugin was installed successfully"; exit 0'));
    expect(status).toMatchObject({ found: false, error: { code: 'PLUGIN_BROKEN' } });
  });
});

describe('compareVersions', () => {
  it('compares numerically, part by part', () => {
    expect(compareVersions('1.2.677.0', '1.2.497.0')).toBeGreaterThan(0);
    expect(compareVersions('1.2.497.0', '1.2.497.0')).toBe(0);
    expect(compareVersions('3.0.196.0', '3.1.1374.0')).toBeLessThan(0);
    expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0);
  });
});
