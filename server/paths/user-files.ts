// Paths a caller names (a certificate, a key, where to write a .ovpn, a kit folder): absolute, resolved through
// symlinks, never in a folder of kernel or device files, and read only as regular files of bounded size. Errors
// name the path the caller gave, never a byte of what is in it.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ErrorCode } from '../../shared/error-codes.js';
import { PortholeError } from '../errors.js';
import { isSystemPseudoPath } from '../platform.js';

/** Larger than any certificate, key or CRL a person has: bounds the read. */
export const MAX_INPUT_FILE_BYTES = 256 * 1024;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function refuse(code: ErrorCode, field: string, message: string, hint: string): PortholeError {
  return new PortholeError(code, message, { status: 400, field, hint });
}

/**
 * `path` made absolute-and-real: the nearest existing ancestor through realpath, the rest appended. Refuses a
 * relative path, a NUL, and anything that resolves into /proc, /sys or /dev.
 */
export async function resolveUserPath(path: string, field: string, code: ErrorCode): Promise<string> {
  const hint = 'Name it by its absolute path, outside system folders such as /proc and /dev.';
  if (path.includes('\0') || !isAbsolute(path)) throw refuse(code, field, 'That is not an absolute path.', hint);
  let existing = resolve(path);
  const rest: string[] = [];
  for (let depth = 0; depth < 256; depth += 1) {
    try {
      const real = await realpath(existing);
      const full = rest.length > 0 ? join(real, ...rest.reverse()) : real;
      if (isSystemPseudoPath(full) || isSystemPseudoPath(resolve(path))) {
        throw refuse(code, field, `${path} is in a system folder.`, hint);
      }
      return full;
    } catch (error) {
      if (error instanceof PortholeError) throw error;
      const parent = dirname(existing);
      if ((errno(error) !== 'ENOENT' && errno(error) !== 'ENOTDIR') || parent === existing) throw error;
      rest.push(basename(existing));
      existing = parent;
    }
  }
  throw refuse(code, field, 'That path is too deep.', hint);
}

/**
 * Reads a file the caller named: a regular file (not a folder, FIFO, socket or device; a FIFO is opened
 * non-blocking so it cannot stall the daemon), at most MAX_INPUT_FILE_BYTES, as UTF-8.
 */
export async function readUserFile(path: string, field: string): Promise<string> {
  const real = await resolveUserPath(path, field, 'INPUT_FILE_INVALID');
  const invalid = (why: string) =>
    refuse('INPUT_FILE_INVALID', field, `${path} ${why}.`, 'Name a certificate or key file (PEM, at most 256 KiB) by its absolute path.');
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') throw invalid('does not exist');
    if (errno(error) === 'EACCES' || errno(error) === 'EPERM') throw invalid('cannot be read by Porthole');
    if (errno(error) === 'EISDIR') throw invalid('is a folder');
    if (errno(error) === 'ELOOP') throw invalid('changed into a symlink while being opened');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw invalid('is not a regular file');
    if (info.size > MAX_INPUT_FILE_BYTES) throw invalid('is too large for a certificate or key');
    const buffer = Buffer.alloc(MAX_INPUT_FILE_BYTES + 1);
    let length = 0;
    for (let guard = 0; guard < 1024 && length < buffer.length; guard += 1) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_INPUT_FILE_BYTES) throw invalid('is too large for a certificate or key');
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
