// The OIDC client registration, cached beside the tokens under the name and in the format `aws sso login`
// uses (docs/sso-facts.md §2), so Porthole and the CLI reuse one registration until it nears its expiry.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../config/files.js';
import { cliJson, cliTimestamp, parseTimestamp } from './cli-json.js';
import type { SsoLoginRef } from './sso-ref.js';
import { ssoCacheDir } from './token-file.js';

/** Reused until it expires within this long (botocore's _EXPIRY_WINDOW). */
export const REGISTRATION_WINDOW_MS = 15 * 60_000;

export type RegistrationKind = 'auth-code' | 'device';

export interface Registration {
  clientId: string;
  /** A secret: never logged or published. */
  clientSecret: string;
  expiresAtMs: number;
  kind: RegistrationKind;
  scopes?: string[];
}

export const AUTH_CODE_GRANTS = ['authorization_code', 'refresh_token'];

/** botocore's _registration_cache_key: SHA-1 over json.dumps(…, sort_keys=True) of the configured values. */
export function registrationFileName(login: SsoLoginRef): string {
  const key = cliJson(
    {
      tool: 'botocore',
      startUrl: login.startUrl,
      region: login.region,
      scopes: login.scopes ?? null,
      session_name: login.sessionName ?? null,
    },
    true,
  );
  return `${createHash('sha1').update(key, 'utf8').digest('hex')}.json`;
}

export async function readRegistration(env: NodeJS.ProcessEnv, login: SsoLoginRef): Promise<Registration | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(ssoCacheDir(env), registrationFileName(login)), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const expiresAtMs = parseTimestamp(record.expiresAt);
  if (typeof record.clientId !== 'string' || typeof record.clientSecret !== 'string' || expiresAtMs === undefined) return undefined;
  const grantTypes = Array.isArray(record.grantTypes) ? record.grantTypes : [];
  const scopes = Array.isArray(record.scopes) ? record.scopes.filter((scope): scope is string => typeof scope === 'string') : undefined;
  return {
    clientId: record.clientId,
    clientSecret: record.clientSecret,
    expiresAtMs,
    // botocore's _is_registration_for_auth_code.
    kind: grantTypes.includes('authorization_code') ? 'auth-code' : 'device',
    ...(scopes ? { scopes } : {}),
  };
}

/** Whether a cached registration may serve this flow now. */
export function registrationUsable(registration: Registration | undefined, kind: RegistrationKind, now: number): boolean {
  return registration !== undefined && registration.kind === kind && registration.expiresAtMs - now > REGISTRATION_WINDOW_MS;
}

export async function writeRegistration(env: NodeJS.ProcessEnv, login: SsoLoginRef, registration: Registration): Promise<void> {
  const dir = ssoCacheDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const text = cliJson({
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: cliTimestamp(registration.expiresAtMs),
    scopes: registration.scopes,
    grantTypes: registration.kind === 'auth-code' ? AUTH_CODE_GRANTS : undefined,
  });
  await writeFileAtomic(join(dir, registrationFileName(login)), text);
}
