// `porthole diagnose` and `porthole status` against a stand-in daemon that speaks the API contracts being
// built elsewhere (the diagnosis; sign-in state on profiles), through the real discovery (daemon.json, token).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile, Target } from '../../shared/api.js';
import { runCli } from '../main.js';
import { signInState } from './status.js';

const TOKEN = 't'.repeat(43);
let server: Server | undefined;
afterEach(() => server?.close());

type Answer = { status: number; body: unknown };

/** A daemon on 127.0.0.1 answering `routes` (by method and path with query), recorded in a fresh config folder. */
async function standIn(routes: Record<string, Answer>): Promise<{ dir: string; asked: string[] }> {
  const asked: string[] = [];
  server = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    asked.push(key);
    const answer =
      req.headers.authorization === `Bearer ${TOKEN}`
        ? (routes[key] ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'There is no route.' } } })
        : { status: 401, body: {} };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = await mkdtemp(join(tmpdir(), 'porthole-standin-'));
  await writeFile(
    join(dir, 'daemon.json'),
    JSON.stringify({ url: `http://127.0.0.1:${port}`, port, pid: process.pid, version: '9.9.9', startedAt: new Date().toISOString() }),
  );
  await writeFile(join(dir, 'token'), `${TOKEN}\n`);
  return { dir, asked };
}

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), env: {}, cwd: '/' };
  const code = await runCli(args, { binPath: '/x/bin/porthole.js', version: '0.0.0', startDaemon: async () => 0, io });
  return { stdout, stderr, code };
}

const target: Partial<Target> = {
  id: 'dev:us-east-1:instance:orders',
  name: 'orders',
  identifier: 'orders',
  profile: 'dev',
  region: 'us-east-1',
  recommendedHostId: 'i-0123456789abcdef0',
  engine: 'postgres',
  port: 5432,
};
const inventory = {
  status: 200,
  body: { slices: [{ profile: 'dev', region: 'us-east-1', loading: false, targets: [target], hosts: [], eligibility: {}, errors: [] }] },
};
const base = { 'GET /api/tunnels': { status: 200, body: { tunnels: [] } }, 'GET /api/inventory': inventory };
const diagnosisPath = `GET /api/targets/${encodeURIComponent(target.id!)}/diagnosis?jumpHostId=i-0123456789abcdef0`;

describe('porthole diagnose', () => {
  it('prints each check with its fix, and exits 1 when one fails', async () => {
    const checks = [
      { id: 'host-online', title: 'Jump host agent', status: 'ok', summary: 'Online, agent 3.3.987.0', read: [], why: '' },
      {
        id: 'sg-ingress',
        title: 'Database security group',
        status: 'fail',
        summary: 'sg-db allows nothing from sg-bastion on 5432',
        read: [],
        why: '',
        fix: { summary: 'Allow the jump host on 5432.', commands: ['aws ec2 authorize-security-group-ingress --group-id sg-db …'] },
      },
      {
        id: 'db-tls',
        title: 'TLS',
        status: 'unknown',
        summary: 'not read',
        read: [],
        why: '',
        missingPermission: 'rds:DescribeDBParameters',
      },
    ];
    const { dir, asked } = await standIn({ ...base, [diagnosisPath]: { status: 200, body: { targetId: target.id, checks } } });
    const result = await cli(['diagnose', 'orders', '--config-dir', dir]);
    expect(asked).toContain(diagnosisPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'ok    Jump host agent: Online, agent 3.3.987.0',
        'FAIL  Database security group: sg-db allows nothing from sg-bastion on 5432',
        '      fix: Allow the jump host on 5432.',
        '        aws ec2 authorize-security-group-ingress --group-id sg-db …',
        '??    TLS: not read',
        '      needs the permission rds:DescribeDBParameters',
        '',
      ].join('\n'),
    );
    const json = await cli(['diagnose', 'orders', '--json', '--config-dir', dir]);
    expect(JSON.parse(json.stdout)).toMatchObject({ checks: [{ status: 'ok' }, { status: 'fail' }, { status: 'unknown' }] });
  });

  it("says in one line that a daemon without the route has no diagnosis, and passes on the route's own errors", async () => {
    const missing = await standIn(base);
    const result = await cli(['diagnose', 'orders', '--config-dir', missing.dir]);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'porthole: This daemon has no diagnosis yet. Update Porthole, then try again.\n',
    });
    server?.close();
    const denied = await standIn({
      ...base,
      [diagnosisPath]: {
        status: 404,
        body: { error: { code: 'TARGET_NOT_FOUND', message: 'orders is gone.', hint: 'Refresh the inventory.' } },
      },
    });
    expect((await cli(['diagnose', 'orders', '--config-dir', denied.dir])).stderr).toBe(
      'porthole: orders is gone. Refresh the inventory.\n',
    );
  });
});

describe('sign-in state in porthole status', () => {
  const profile: Profile = { name: 'dev', kind: 'sso', regions: ['us-east-1'] };
  it('prints the login state when the profile carries one, else the last check', () => {
    const login = { refreshable: true, startUrl: 'https://x.awsapps.com/start', ssoRegion: 'us-east-1' };
    expect(signInState({ ...profile, login: { ...login, state: 'signed-out' } })).toBe('signed-out');
    expect(signInState({ ...profile, login: { ...login, state: 'expired', expiresAt: '2026-11-22T12:00:00Z' } })).toBe(
      'expired (until 2026-11-22T12:00:00Z)',
    );
    expect(signInState(profile)).toBe('not checked');
    const checkedAt = new Date(Date.now() - 120_000).toISOString();
    expect(signInState({ ...profile, check: { ok: true, profile: 'dev', account: '123456789012', arn: 'arn:x', checkedAt } })).toBe(
      'ok: account 123456789012 (checked 2 min ago)',
    );
    expect(
      signInState({
        ...profile,
        check: { ok: false, profile: 'dev', error: { code: 'SSO_LOGIN_REQUIRED', message: 'Sign in again.' }, checkedAt },
      }),
    ).toBe('SSO_LOGIN_REQUIRED: Sign in again. (checked 2 min ago)');
  });
});
