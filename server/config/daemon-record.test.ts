import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDaemonRecord, type DaemonRecord } from '../../shared/daemon-record.js';
import { daemonRecordPath, readDaemonRecord, removeDaemonRecord, writeDaemonRecord } from './daemon-record.js';

const record: DaemonRecord = {
  url: 'http://127.0.0.1:40123',
  port: 40123,
  pid: 4242,
  version: '1.2.3',
  startedAt: '2026-11-22T12:00:00.000Z',
};

describe('daemon.json', () => {
  it('is written 0600 and read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-record-'));
    await writeDaemonRecord(dir, record);
    expect((await stat(daemonRecordPath(dir))).mode & 0o777).toBe(0o600);
    expect(await readDaemonRecord(dir)).toEqual(record);
    expect(await readDaemonRecord(join(dir, 'missing'))).toBeUndefined();
  });

  it('is removed only by the daemon that wrote it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-record-'));
    await writeDaemonRecord(dir, record);
    await removeDaemonRecord(dir, 999);
    expect(await readDaemonRecord(dir)).toEqual(record);
    await removeDaemonRecord(dir, record.pid);
    await expect(readFile(daemonRecordPath(dir))).rejects.toThrow(/ENOENT/);
    await removeDaemonRecord(dir, record.pid); // already gone: no error
  });

  it('is not a record when half-written, hand-edited or pointing anywhere but an IP address', async () => {
    const text = JSON.stringify(record);
    expect(parseDaemonRecord(text)).toEqual(record);
    for (const bad of [
      text.slice(0, 20),
      'null',
      JSON.stringify({ ...record, url: 'http://evil.example:80' }),
      JSON.stringify({ ...record, url: 'http://127.0.0.1:1/path' }),
      JSON.stringify({ ...record, port: 0 }),
      JSON.stringify({ ...record, pid: '12' }),
      JSON.stringify({ ...record, version: undefined }),
    ]) {
      expect(parseDaemonRecord(bad), bad).toBeUndefined();
    }
    const dir = await mkdtemp(join(tmpdir(), 'porthole-record-'));
    await writeFile(daemonRecordPath(dir), '{"url":');
    expect(await readDaemonRecord(dir)).toBeUndefined();
  });
});
