import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './schema.js';
import { ConfigStore } from './store.js';

async function tempDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'porthole-config-')), 'porthole');
}

const spec = (id: string) => ({
  id,
  name: `db ${id}`,
  profile: 'dev',
  region: 'eu-west-1',
  target: { host: `${id}.abc.eu-west-1.rds.amazonaws.com`, port: 5432, name: id },
  jumpHostId: 'i-0123456789abcdef0',
  localPort: 15432,
  lazy: true,
  autoStart: false,
});

describe('ConfigStore', () => {
  it('starts with defaults and a 0700 folder when there is no file', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.open(dir);
    expect(store.get()).toEqual(defaultConfig());
    expect(store.notice).toBeUndefined();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('saves atomically with mode 0600 and reads the saved file back', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.open(dir);
    await store.update((draft) => {
      draft.tunnels.push(spec('orders'));
    });
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const reopened = await ConfigStore.open(dir);
    expect(reopened.get().tunnels.map((t) => t.id)).toEqual(['orders']);
  });

  it.each([
    ['not JSON', '{"version": 1, "tunnels": ['],
    ['the wrong shape', JSON.stringify({ version: 1, tunnels: [{ id: 'x' }], settings: {} })],
    ['an array', '[]'],
  ])('moves aside a file that is %s, starts with defaults and says so', async (_label, content) => {
    const dir = await tempDir();
    const first = await ConfigStore.open(dir);
    await writeFile(first.path, content);
    const store = await ConfigStore.open(dir, () => new Date('2026-11-22T10:00:00.000Z'));
    expect(store.get()).toEqual(defaultConfig());
    expect(store.notice?.brokenPath).toBe(`${store.path}.broken-2026-11-22T10-00-00-000Z`);
    expect(store.notice?.message).toContain('defaults');
    expect(await readFile(store.notice!.brokenPath!, 'utf8')).toBe(content);
    // The user's file is kept, not overwritten, even after a save.
    await store.update((draft) => {
      draft.settings.idleMinutes = 5;
    });
    expect(await readFile(store.notice!.brokenPath!, 'utf8')).toBe(content);
  });

  it('fills settings added later into an older valid file', async () => {
    const dir = await tempDir();
    const first = await ConfigStore.open(dir);
    await writeFile(first.path, JSON.stringify({ version: 1, tunnels: [], settings: { regions: { dev: ['eu-west-1'] } } }));
    const store = await ConfigStore.open(dir);
    expect(store.notice).toBeUndefined();
    expect(store.get().settings.regions).toEqual({ dev: ['eu-west-1'] });
    expect(store.get().settings.idleMinutes).toBe(15);
  });

  it('never interleaves concurrent saves: every update sees the one before', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.open(dir);
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        store.update((draft) => {
          draft.tunnels.push(spec(`db${index}`));
        }),
      ),
    );
    const saved = JSON.parse(await readFile(store.path, 'utf8'));
    expect(saved.tunnels).toHaveLength(25);
    expect(saved.tunnels.map((t: { id: string }) => t.id)).toEqual(Array.from({ length: 25 }, (_, index) => `db${index}`));
  });

  it('refuses to save an invalid config and keeps the previous one', async () => {
    const dir = await tempDir();
    const store = await ConfigStore.open(dir);
    await store.update((draft) => {
      draft.tunnels.push(spec('good'));
    });
    await expect(
      store.update((draft) => {
        draft.tunnels.push({ ...spec('bad'), localPort: 70000 });
      }),
    ).rejects.toThrow(/invalid config/);
    expect(store.get().tunnels.map((t) => t.id)).toEqual(['good']);
    expect(JSON.parse(await readFile(store.path, 'utf8')).tunnels).toHaveLength(1);
    // The queue keeps working after a failed update.
    await store.update((draft) => {
      draft.tunnels.push(spec('after'));
    });
    expect(store.get().tunnels).toHaveLength(2);
  });
});
