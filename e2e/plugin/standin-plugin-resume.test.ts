import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox/server.js';
import { sandboxClients } from '../sandbox/test-clients.js';
import { echoOnce, startStandinRig, type RigSessionOptions, type StandinRig } from './plugin-harness.js';

let rig: StandinRig;
let sb: Sandbox;

beforeAll(async () => {
  rig = await startStandinRig();
  sb = rig.sb;
});
afterEach(() => rig.reset());
afterAll(() => rig.close());

/** A session straight to the echo server (no RDS name in between). */
const startPlugin = (o: Partial<RigSessionOptions> = {}) => rig.start({ host: '127.0.0.1', port: rig.echo.port, ...o });
const session = (id: string) => rig.session(id);

describe('stand-in plugin: a dropped stream and ResumeSession', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'standin-creds-'));
    await writeFile(join(dir, 'credentials'), '[dev]\naws_access_key_id = AKIDTEST\naws_secret_access_key = x\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const resumeCalls = (id: string) => sb.calls({ op: 'ResumeSession' }).filter((c) => c.params.SessionId === id);

  it("resumes with the profile's keys (argv 4 wins over env keys) and keeps forwarding", async () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ACCESS_KEY_ID: 'AKIDFROZEN' };
    const { p, sessionId } = await startPlugin({ env });
    const port = await p.port();
    expect(sb.dropStream(sessionId)).toBe(true);
    const deadline = Date.now() + 5000;
    while (session(sessionId).attaches.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(resumeCalls(sessionId).map((c) => [c.accessKeyId, c.region, c.status])).toEqual([['AKIDTEST', 'us-east-1', 200]]);
    expect(session(sessionId)).toMatchObject({ state: 'active', resumes: 1 });
    expect(await echoOnce(port, 'after resume')).toBe('after resume');
    await sandboxClients(sb.url).ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout).toMatch(/Exiting session with sessionId/);
  });

  it('dropStreamAfterMs drops it on its own; env keys are used when no profile is given', async () => {
    const { p, sessionId } = await startPlugin({
      profile: '',
      env: { AWS_ACCESS_KEY_ID: 'AKIDTEST' },
      behaviours: [{ behaviour: 'dropStreamAfterMs', ms: 30 }],
    });
    await p.port();
    const deadline = Date.now() + 5000;
    while (session(sessionId).attaches.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(resumeCalls(sessionId).map((c) => c.accessKeyId)).toEqual(['AKIDTEST']);
  });

  it('a resume that returns no token prints "Session: <id> timed out." and exits 0', async () => {
    const { p, sessionId } = await startPlugin({ env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } });
    await p.port();
    sb.dropStream(sessionId);
    sb.endSession(sessionId);
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout.endsWith(`Session: ${sessionId} timed out.\n`)).toBe(true);
  });

  it('a failing resume keeps the port open while traffic goes nowhere', async () => {
    sb.addFault({ op: 'ResumeSession', kind: 'accessDenied' });
    try {
      const { p, sessionId } = await startPlugin({ env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } });
      const port = await p.port();
      sb.dropStream(sessionId);
      const deadline = Date.now() + 5000;
      while (resumeCalls(sessionId).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(resumeCalls(sessionId)[0]?.errorCode).toBe('AccessDeniedException');
      const s = connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
      s.destroy();
      expect(p.child.exitCode).toBeNull();
    } finally {
      sb.clearFaults();
    }
  });
});
