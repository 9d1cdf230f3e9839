import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import {
  DescribeInstanceInformationCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from './scenario.js';
import { jumpHost } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import { sandboxClients } from './test-clients.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const online = jumpHost(1);
const offline = jumpHost(2, { ssm: { pingStatus: 'ConnectionLost' } });
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    accounts: { AKIDTEST: { accountId: ACCOUNT, arn: ARN } },
    data: { [ACCOUNT]: { 'us-east-1': { managedInstances: [online.managed, offline.managed], ec2Instances: [online.ec2, offline.ec2] } } },
  });
});
afterEach(() => {
  sb.clearFaults();
  sb.clearCalls();
});
afterAll(async () => {
  await sb.close();
});

async function errorName(call: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call();
  } catch (e) {
    const err = e as Error;
    return { name: err.name, message: err.message };
  }
  throw new Error('expected the call to fail');
}

function callsFor(clients: ReturnType<typeof sandboxClients>) {
  return {
    sts: () => clients.sts.send(new GetCallerIdentityCommand({})),
    rds: () => clients.rds.send(new DescribeDBInstancesCommand({})),
    ec2: () => clients.ec2.send(new DescribeInstancesCommand({})),
    ssm: () => clients.ssm.send(new DescribeInstanceInformationCommand({})),
  };
}

describe('sandbox: faults become the SDK exceptions AWS really causes', () => {
  const table: [Fault['kind'], Record<'sts' | 'rds' | 'ec2' | 'ssm', string>][] = [
    ['throttle', { sts: 'Throttling', rds: 'Throttling', ec2: 'RequestLimitExceeded', ssm: 'ThrottlingException' }],
    ['accessDenied', { sts: 'AccessDenied', rds: 'AccessDenied', ec2: 'UnauthorizedOperation', ssm: 'AccessDeniedException' }],
    ['expiredToken', { sts: 'ExpiredToken', rds: 'ExpiredToken', ec2: 'ExpiredToken', ssm: 'ExpiredTokenException' }],
    [
      'unrecognizedClient',
      { sts: 'InvalidClientTokenId', rds: 'InvalidClientTokenId', ec2: 'AuthFailure', ssm: 'UnrecognizedClientException' },
    ],
  ];
  for (const [kind, names] of table) {
    it(`${kind}`, async () => {
      sb.addFault({ kind });
      const calls = callsFor(sandboxClients(sb.url));
      for (const service of ['sts', 'rds', 'ec2', 'ssm'] as const) {
        expect((await errorName(calls[service])).name, service).toBe(names[service]);
      }
    });
  }

  it('accessDenied names the caller and the missing permission', async () => {
    sb.addFault({ service: 'rds', op: 'DescribeDBInstances', kind: 'accessDenied' });
    const { message } = await errorName(callsFor(sandboxClients(sb.url)).rds);
    expect(message).toContain(`User: ${ARN} is not authorized to perform: rds:DescribeDBInstances`);
  });

  it('an unknown access key is an unrecognized client', async () => {
    const calls = callsFor(sandboxClients(sb.url, { accessKeyId: 'AKIDNOBODY' }));
    expect((await errorName(calls.ssm)).name).toBe('UnrecognizedClientException');
    expect((await errorName(calls.sts)).name).toBe('InvalidClientTokenId');
  });

  it('faults match by service, op and region, and `times` lets the SDK retry through', async () => {
    sb.addFault({ service: 'rds', region: 'eu-west-1', kind: 'throttle', times: 1 });
    const eu = sandboxClients(sb.url, { region: 'eu-west-1', maxAttempts: 2 });
    await expect(callsFor(sandboxClients(sb.url)).rds()).resolves.toBeDefined();
    await expect(callsFor(eu).ec2()).resolves.toBeDefined();
    await expect(callsFor(eu).rds()).resolves.toBeDefined();
    const rdsEu = sb.calls({ service: 'rds' }).filter((c) => c.region === 'eu-west-1');
    expect(rdsEu.map((c) => c.errorCode ?? c.status)).toEqual(['Throttling', 200]);
  });

  it('timeout never answers: the client gives up', async () => {
    sb.addFault({ service: 'ec2', kind: 'timeout' });
    const ec2 = sandboxClients(sb.url, { requestTimeoutMs: 200 }).ec2;
    const err = await errorName(() => ec2.send(new DescribeInstancesCommand({})));
    expect(err.name).toBe('TimeoutError');
    expect(sb.calls({ service: 'ec2' })[0]?.timedOut).toBe(true);
  });

  it('latency delays the answer', async () => {
    sb.addFault({ service: 'sts', kind: 'latency', ms: 150 });
    const t0 = performance.now();
    await callsFor(sandboxClients(sb.url)).sts();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('a read-only call does its work inside its latency; a call that changes something waits first', async () => {
    sb.addFault({ kind: 'latency', ms: 400 });
    const { ssm } = sandboxClients(sb.url);
    const t0 = performance.now();
    const read = ssm.send(new DescribeInstanceInformationCommand({}));
    const change = ssm.send(
      new StartSessionCommand({
        Target: online.ec2.id,
        DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
        Parameters: { host: ['db.example'], portNumber: ['5432'], localPortNumber: ['0'] },
      }),
    );
    // Halfway through the latency: the read is answered and waiting; the session does not exist yet.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sb.calls({ op: 'DescribeInstanceInformation' })).toHaveLength(1);
    expect(sb.calls({ op: 'StartSession' })).toHaveLength(0);
    await Promise.all([read, change]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(sb.calls({ op: 'StartSession' })).toHaveLength(1);
  });
});

describe('sandbox: SSM sessions', () => {
  const start = (target = online.ec2.id) =>
    sandboxClients(sb.url).ssm.send(
      new StartSessionCommand({
        Target: target,
        DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
        Parameters: { host: ['db.example'], portNumber: ['5432'], localPortNumber: ['0'] },
      }),
    );

  it('StartSession / ResumeSession / TerminateSession are recorded and change the session state', async () => {
    const res = await start();
    expect(res.SessionId).toMatch(/^alice-[0-9a-f]{17}$/);
    expect(res.TokenValue).toBeTruthy();
    expect(res.StreamUrl).toBe(`ws://127.0.0.1:${sb.port}/v1/data-channel/${res.SessionId}?role=publish_subscribe`);
    const { ssm } = sandboxClients(sb.url);
    const resumed = await ssm.send(new ResumeSessionCommand({ SessionId: res.SessionId! }));
    expect(resumed.TokenValue).toBeTruthy();
    expect(resumed.TokenValue).not.toBe(res.TokenValue);
    await ssm.send(new TerminateSessionCommand({ SessionId: res.SessionId! }));
    const after = await ssm.send(new ResumeSessionCommand({ SessionId: res.SessionId! }));
    expect(after.TokenValue).toBeUndefined();
    expect(sb.calls({ service: 'ssm' }).map((c) => c.op)).toEqual(['StartSession', 'ResumeSession', 'TerminateSession', 'ResumeSession']);
    expect(sb.calls({ op: 'StartSession' })[0]?.params).toMatchObject({ Target: online.ec2.id, Parameters: { host: ['db.example'] } });
    expect(sb.sessions().find((s) => s.sessionId === res.SessionId)).toMatchObject({
      state: 'terminated',
      endedBy: 'api',
      resumes: 1,
      target: online.ec2.id,
    });
  });

  it('TargetNotConnected for an offline host and as a fault; InvalidDocument for a document not allowed', async () => {
    expect((await errorName(() => start(offline.ec2.id))).name).toBe('TargetNotConnected');
    sb.addFault({ op: 'StartSession', kind: 'targetNotConnected', times: 1 });
    expect((await errorName(() => start())).message).toBe(`${online.ec2.id} is not connected.`);
    await expect(start()).resolves.toHaveProperty('SessionId');
    sb.addFault({ op: 'StartSession', kind: 'documentNotAllowed' });
    expect((await errorName(() => start())).name).toBe('InvalidDocument');
  });

  it('the control API ends a session from the service side and lists calls over HTTP', async () => {
    const res = await start();
    const ended = await fetch(`${sb.url}/_sandbox/sessions/${res.SessionId}/end`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'idle' }),
    });
    expect(await ended.json()).toEqual({ ended: true });
    const sessions = (await (await fetch(`${sb.url}/_sandbox/sessions`)).json()) as {
      sessionId: string;
      endedBy?: string;
      reason?: string;
    }[];
    expect(sessions.find((s) => s.sessionId === res.SessionId)).toMatchObject({ endedBy: 'service', reason: 'idle' });
    const calls = (await (await fetch(`${sb.url}/_sandbox/calls?op=StartSession`)).json()) as unknown[];
    expect(calls).toHaveLength(1);
    await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ service: 'sts', kind: 'accessDenied' }) });
    expect((await errorName(callsFor(sandboxClients(sb.url)).sts)).name).toBe('AccessDenied');
    await fetch(`${sb.url}/_sandbox/endpoints`, { method: 'POST', body: JSON.stringify({ 'db.example:5432': '127.0.0.1:1' }) });
    expect(sb.scenario().endpoints).toEqual({ 'db.example:5432': '127.0.0.1:1' });
  });
});
