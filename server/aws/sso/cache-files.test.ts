// The token and registration files, byte for byte as `aws sso login` writes them (docs/sso-facts.md §1–2): names,
// field order, json.dumps spacing, timestamps, modes; and the reader's tolerance of half-written or foreign files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliJson, cliTimestamp, parseTimestamp } from './cli-json.js';
import { readRegistration, registrationFileName, registrationUsable, writeRegistration } from './registration-file.js';
import type { SsoLoginRef } from './sso-ref.js';
import { readTokenFile, ssoCacheDir, tokenFileName, tokenFilePath, tokenFromGrant, writeTokenFile } from './token-file.js';

const START = 'https://porthole-sandbox.awsapps.com/start';
const SESSION: SsoLoginRef = {
  cacheId: 'porthole',
  sessionName: 'porthole',
  startUrl: START,
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
};

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'porthole-sso-files-'));
  env = { HOME: home };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function python(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
}

describe('file names', () => {
  it('token: SHA-1 of the session name, or of the start URL exactly as configured (a trailing slash counts)', () => {
    expect(tokenFileName('porthole')).toBe('cc463b107ae04931b2577d0b0ba869fdf0f83883.json');
    expect(tokenFileName(START)).toBe('676251a466f66c270def14328e06a02ddf286e2e.json');
    expect(tokenFileName(`${START}/`)).not.toBe(tokenFileName(START));
    expect(tokenFilePath(env, 'porthole')).toBe(join(home, '.aws', 'sso', 'cache', 'cc463b107ae04931b2577d0b0ba869fdf0f83883.json'));
  });

  it('registration: botocore’s key over json.dumps(sort_keys=True), scopes and session null when not configured', () => {
    expect(registrationFileName(SESSION)).toBe('f5ca1874e174ab8e660c40011121897d9a650db5.json');
    expect(registrationFileName({ ...SESSION, scopes: undefined })).toBe('b6d408e54f12b9058cc79e4e90df2937994a55ea.json');
    expect(registrationFileName({ cacheId: START, startUrl: START, region: 'eu-west-1' })).toBe(
      'd8a5593094d8d2c347b5fe61aa891887cc29cf96.json',
    );
  });

  it.skipIf(!python())('json.dumps of awkward values matches Python’s own (non-ASCII, DEL, quotes, sorting)', () => {
    const value = { b: 'é\u007f"\\/\t', a: [1, null, true], Z: 'x\u2028y' };
    const ours = cliJson(value, true);
    const theirs = execFileSync(
      'python3',
      ['-c', 'import json,sys; print(json.dumps(json.loads(sys.argv[1]), sort_keys=True), end="")', JSON.stringify(value)],
      {
        encoding: 'utf8',
      },
    );
    expect(ours).toBe(theirs);
  });
});

describe('the token file', () => {
  it('is written as the CLI writes it: field order, ", " and ": ", no newline, 0600 in a 0700 folder', async () => {
    const now = Date.parse('2026-12-07T09:00:00.500Z');
    const token = tokenFromGrant(
      { startUrl: START, region: 'eu-west-1' },
      { accessToken: 'aoaTOKEN', expiresIn: 3600, refreshToken: 'aorREFRESH' },
      { clientId: 'cid', clientSecret: 'csecret', expiresAtMs: Date.parse('2027-03-07T09:00:00Z') },
      now,
    );
    const path = await writeTokenFile(env, 'porthole', token);
    expect(await readFile(path, 'utf8')).toBe(
      `{"startUrl": "${START}", "region": "eu-west-1", "accessToken": "aoaTOKEN", "expiresAt": "2026-12-07T10:00:00Z", ` +
        '"clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2027-03-07T09:00:00Z", "refreshToken": "aorREFRESH"}',
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(ssoCacheDir(env))).mode & 0o777).toBe(0o700);
    const read = await readTokenFile(path);
    expect(read?.token).toEqual(token);
    expect(read?.expiresAtMs).toBe(Date.parse('2026-12-07T10:00:00Z'));
  });

  it('leaves refreshToken and the registration out when there are none', async () => {
    const token = tokenFromGrant({ startUrl: START, region: 'eu-west-1' }, { accessToken: 'a', expiresIn: 60 }, undefined, 0);
    await writeTokenFile(env, START, token);
    expect(Object.keys(JSON.parse(await readFile(tokenFilePath(env, START), 'utf8')) as object)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
    ]);
  });

  it('reads the JS SDK’s rewrite (milliseconds, pretty-printed) and rejects what no reader accepts', async () => {
    await mkdir(ssoCacheDir(env), { recursive: true });
    const path = tokenFilePath(env, 'x');
    await writeFile(path, JSON.stringify({ accessToken: 'a', expiresAt: '2026-12-07T10:00:00.123Z', refreshToken: 'r' }, null, 2));
    expect((await readTokenFile(path))?.expiresAtMs).toBe(Date.parse('2026-12-07T10:00:00.123Z'));
    for (const bad of [
      '{"accessToken": "a"',
      '{"accessToken": "a", "expiresAt": "2026-12-07T10:00:00"}',
      '{"expiresAt": "2026-12-07T10:00:00Z"}',
      '[]',
    ]) {
      await writeFile(path, bad);
      expect(await readTokenFile(path), bad).toBeUndefined();
    }
    expect(await readTokenFile(join(home, 'nope.json'))).toBeUndefined();
  });

  it('timestamps: the CLI format, and a zone is required to parse', () => {
    expect(cliTimestamp(Date.parse('2026-12-07T10:00:00.999Z'))).toBe('2026-12-07T10:00:00Z');
    expect(parseTimestamp('2026-12-07T10:00:00+00:00')).toBe(Date.parse('2026-12-07T10:00:00Z'));
    expect(parseTimestamp('2026-12-07T10:00:00UTC')).toBeUndefined();
    expect(parseTimestamp(42)).toBeUndefined();
  });
});

describe('the registration file', () => {
  it('round-trips in the CLI format and is reused only for its own flow and outside the 15-minute window', async () => {
    const expiresAtMs = Date.parse('2027-03-07T09:00:00Z');
    await writeRegistration(env, SESSION, {
      clientId: 'c',
      clientSecret: 's',
      expiresAtMs,
      kind: 'auth-code',
      scopes: ['sso:account:access'],
    });
    const text = await readFile(join(ssoCacheDir(env), registrationFileName(SESSION)), 'utf8');
    expect(text).toBe(
      '{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-03-07T09:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}',
    );
    const read = await readRegistration(env, SESSION);
    expect(read).toEqual({ clientId: 'c', clientSecret: 's', expiresAtMs, kind: 'auth-code', scopes: ['sso:account:access'] });
    expect(registrationUsable(read, 'auth-code', expiresAtMs - 16 * 60_000)).toBe(true);
    expect(registrationUsable(read, 'auth-code', expiresAtMs - 15 * 60_000)).toBe(false);
    expect(registrationUsable(read, 'device', expiresAtMs - 60 * 60_000)).toBe(false);
    expect(registrationUsable(undefined, 'device', 0)).toBe(false);
  });
});
