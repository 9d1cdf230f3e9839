// The shared IAM Identity Center token cache: ~/.aws/sso/cache/<sha1>.json, read and written exactly as the
// AWS CLI does (docs/sso-facts.md §1 and §8), so `aws` commands, every SDK and Porthole share one sign-in.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { writeFileAtomic } from '../../config/files.js';
import { cliJson, cliTimestamp, parseTimestamp } from './cli-json.js';

/** The file's fields, in the order the CLI writes them. Secrets: accessToken, clientSecret, refreshToken. */
export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** As written (the CLI's format, or the JS SDK's with milliseconds). */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

/** A token file that was read: its fields, its expiry in epoch ms, and its modification time. */
export interface CachedToken {
  token: SsoToken;
  expiresAtMs: number;
  mtimeMs: number;
}

/** The home folder as the JS SDK finds it (getHomeDir: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, os.homedir()). */
export function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${sep}`}${env.HOMEPATH}`;
  return homedir();
}

export function ssoCacheDir(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.aws', 'sso', 'cache');
}

/** `<sha1 hex of the session name, or of the start URL exactly as configured>.json` */
export function tokenFileName(cacheId: string): string {
  return `${createHash('sha1').update(cacheId, 'utf8').digest('hex')}.json`;
}

export function tokenFilePath(env: NodeJS.ProcessEnv, cacheId: string): string {
  return join(ssoCacheDir(env), tokenFileName(cacheId));
}

/**
 * The token file, or undefined when it is missing or lacks what every reader requires (a string accessToken
 * and an expiresAt with a zone). Never throws for a bad file: another tool may be half-way through writing it.
 */
export async function readTokenFile(path: string): Promise<CachedToken | undefined> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const token = asToken(parsed);
  const expiresAtMs = token ? parseTimestamp(token.expiresAt) : undefined;
  return token && expiresAtMs !== undefined ? { token, expiresAtMs, mtimeMs } : undefined;
}

/** The text `aws sso login` writes: json.dumps with the CLI's field order, refreshToken only when there is one. */
export function tokenFileText(token: SsoToken): string {
  return cliJson({
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    registrationExpiresAt: token.registrationExpiresAt,
    refreshToken: token.refreshToken,
  });
}

/** Writes the token file atomically, 0600, creating the cache folder 0700 when it is missing. */
export async function writeTokenFile(env: NodeJS.ProcessEnv, cacheId: string, token: SsoToken): Promise<string> {
  const dir = ssoCacheDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, tokenFileName(cacheId));
  await writeFileAtomic(path, tokenFileText(token));
  return path;
}

/** A CreateToken answer as a token file: expiresAt = now + expiresIn, in the CLI's format. */
export function tokenFromGrant(
  base: { startUrl: string; region: string },
  grant: { accessToken: string; expiresIn: number; refreshToken?: string },
  registration: { clientId: string; clientSecret: string; expiresAtMs: number } | undefined,
  now: number,
): SsoToken {
  return {
    startUrl: base.startUrl,
    region: base.region,
    accessToken: grant.accessToken,
    expiresAt: cliTimestamp(now + grant.expiresIn * 1000),
    ...(registration
      ? {
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          registrationExpiresAt: cliTimestamp(registration.expiresAtMs),
        }
      : {}),
    ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
  };
}

const OPTIONAL = ['clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'] as const;

function asToken(value: unknown): SsoToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof record[key] === 'string' && record[key] !== '' ? record[key] : undefined);
  const accessToken = text('accessToken');
  const expiresAt = text('expiresAt');
  if (!accessToken || !expiresAt) return undefined;
  const token: SsoToken = { startUrl: text('startUrl') ?? '', region: text('region') ?? '', accessToken, expiresAt };
  for (const key of OPTIONAL) {
    const field = text(key);
    if (field) token[key] = field;
  }
  return token;
}
