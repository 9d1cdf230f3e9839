// Writing into other programs' folders. Porthole writes only files it owns by name (DBeaver's
// data-sources-porthole.json, pgadmin-servers.json) or its own block in libpq's service file, and only
// as regular files: a symlink or a folder in their place is refused, so a name can never be turned into
// a way to overwrite some other file.
import { chmod, lstat, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { writeFileAtomic } from '../../config/files.js';
import { PortholeError } from '../../errors.js';

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unsafe(path: string): PortholeError {
  return new PortholeError('EXPORT_FILE_UNSAFE', `${path} is not a regular file, so Porthole does not write it.`, {
    hint: 'Move it away (Porthole writes only plain files it owns), then export again.',
    status: 409,
  });
}

/** A folder the user named: absolute and existing (a symlink to a folder is fine). Returns it resolved. */
export async function userFolder(path: string, field: string): Promise<string> {
  const invalid = (message: string) =>
    new PortholeError('EXPORT_FOLDER_INVALID', message, { hint: 'Name an existing folder by its absolute path.', status: 400, field });
  if (!isAbsolute(path)) throw invalid(`"${path}" is not an absolute path.`);
  const folder = resolve(path);
  const info = await stat(folder).catch((error: unknown) => {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return undefined;
    throw error;
  });
  if (!info) throw invalid(`There is no folder ${folder}.`);
  if (!info.isDirectory()) throw invalid(`${folder} is not a folder.`);
  return folder;
}

/** Creates a folder Porthole writes into (and its parents), user-only when it is new. */
export async function ensureFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
}

/** The file's bytes, or undefined when there is none; anything but a regular file is refused. */
async function readRegular(path: string): Promise<Buffer | undefined> {
  const info = await lstat(path).catch((error: unknown) => {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return undefined;
  if (!info.isFile()) throw unsafe(path);
  return readFile(path);
}

/**
 * Replaces one of Porthole's own files in another program's folder (atomically, 0600). A previous version
 * that differs is kept as `<name>.bak` (one backup, replaced each time), so an export never loses a file.
 */
export async function replaceOwnedFile(path: string, data: string): Promise<{ backupPath?: string }> {
  const previous = await readRegular(path);
  const next = Buffer.from(data, 'utf8');
  if (previous?.equals(next)) return {};
  let backupPath: string | undefined;
  if (previous) {
    backupPath = `${path}.bak`;
    await readRegular(backupPath); // refuses a symlink or folder in the backup's place
    await writeFileAtomic(backupPath, previous);
  }
  await writeFileAtomic(path, next);
  return backupPath ? { backupPath } : {};
}

/**
 * Rewrites a file the user owns through `edit`, which gets and returns its bytes as a latin1 string (one char
 * per byte). A symlink is followed to its file (a dotfile manager's link stays a link); the file keeps its
 * mode; a missing file is created 0600. Returns the path actually written.
 */
export async function editUserFile(path: string, edit: (text: string) => string): Promise<string> {
  let real = path;
  try {
    real = await realpath(path);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
    // A link whose file is gone: replacing the link would surprise its owner.
    if (
      await lstat(path).then(
        () => true,
        () => false,
      )
    )
      throw unsafe(path);
  }
  const previous = await readRegular(real);
  const mode = previous ? (await stat(real)).mode & 0o777 : undefined;
  const text = previous?.toString('latin1') ?? '';
  const next = edit(text);
  if (previous && next === text) return real;
  await writeFileAtomic(real, Buffer.from(next, 'latin1'));
  if (mode !== undefined) await chmod(real, mode);
  return real;
}
