// Files the paths room hands to the user (keys, certificates, .ovpn): mode 0600, and never written
// over an existing file without saying so. writeFileAtomic renames over its target, which is right
// for Porthole's own state but would silently replace a user's key, so new files are created with
// O_EXCL instead (this also works on the FAT/exFAT sticks people keep a CA on, which lack hard links).
import { constants } from 'node:fs';
import { copyFile, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PortholeError } from '../errors.js';

/** What to do when the file is already there. */
export type OnExisting = 'refuse' | 'backup';

export class FileExistsError extends PortholeError {
  constructor(readonly path: string) {
    super('FILE_EXISTS', `${basename(path)} already exists; Porthole does not write over it.`, {
      hint: 'Pick another name or folder, or move the existing file away first.',
      status: 409,
    });
    this.name = 'FileExistsError';
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** `name.crt` → `name.crt.2026-11-22T10-00-00Z.bak`: sorts by time, readable on every platform. */
export function backupName(path: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return join(dirname(path), `${basename(path)}.${stamp}.bak`);
}

/**
 * Creates `path` with mode 0600 and writes `data`, refusing (FileExistsError) when the name is taken.
 * With `backup`, an existing file is first copied aside under backupName() and removed, so its content
 * is never lost. Returns the backup's path when one was made. A failed write removes the partial file.
 */
export async function writeNewPrivateFile(
  path: string,
  data: string | Uint8Array,
  onExisting: OnExisting = 'refuse',
  now: Date = new Date(),
): Promise<string | undefined> {
  const backup = onExisting === 'backup' ? await moveAside(path, now) : undefined;
  let handle;
  try {
    handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) throw new FileExistsError(path);
    throw error;
  }
  try {
    await handle.chmod(0o600); // open's mode is masked by umask
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
  return backup;
}

async function moveAside(path: string, now: Date): Promise<string | undefined> {
  const target = backupName(path, now);
  try {
    await copyFile(path, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    if (isErrno(error, 'EEXIST')) throw new FileExistsError(target);
    throw error;
  }
  await rm(path);
  return target;
}
