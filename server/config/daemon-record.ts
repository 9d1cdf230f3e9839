// The daemon's address in its config folder (shared/daemon-record.ts says who reads it and why).
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DAEMON_RECORD_FILE, parseDaemonRecord, type DaemonRecord } from '../../shared/daemon-record.js';
import { writeFileAtomic } from './files.js';

export function daemonRecordPath(configDir: string): string {
  return join(configDir, DAEMON_RECORD_FILE);
}

/** Writes the record (0600, atomically), replacing whatever an earlier daemon left. */
export async function writeDaemonRecord(configDir: string, record: DaemonRecord): Promise<void> {
  await writeFileAtomic(daemonRecordPath(configDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record, or undefined when there is none or it cannot be read as one. */
export async function readDaemonRecord(configDir: string): Promise<DaemonRecord | undefined> {
  try {
    return parseDaemonRecord(await readFile(daemonRecordPath(configDir), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Removes the record if it is still this process's: a daemon started later on the same folder keeps its own. */
export async function removeDaemonRecord(configDir: string, pid: number = process.pid): Promise<void> {
  const current = await readDaemonRecord(configDir).catch(() => undefined);
  if (current?.pid !== pid) return;
  await rm(daemonRecordPath(configDir), { force: true });
}
