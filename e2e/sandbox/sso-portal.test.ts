// The access portal through the real @aws-sdk/client-sso (paging, role credentials, errors), and the other
// services accepting those credentials until they expire on the sandbox clock.
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  type SSOClient,
} from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario, dbInstance, ssoScenario } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import { authCodeLogin } from './sso-test-kit.js';
import { ssoClients } from './test-clients.js';

const many = Array.from({ length: 7 }, (_, i) => ({
  accountId: String(100000000000 + i),
  accountName: `acct-${i}`,
  roles: ['A', 'B', 'C', 'D', 'E'].slice(0, i + 1),
}));
const sso = ssoScenario({ pageSize: 3, accounts: many, lifetimes: { accessToken: 1800, roleCredentials: 900 } });
const { scenario } = buildScenario({ profiles: 1 });
scenario.data['100000000003'] = { 'us-east-1': { dbInstances: [dbInstance('orders', 'us-east-1')] } };
let sb: Sandbox;
let portal: SSOClient;
let accessToken: string;

beforeAll(async () => {
  sb = await startSandbox({ ...scenario, sso });
  const clients = ssoClients(sb.url, sso.region);
  portal = clients.portal;
  accessToken = (await authCodeLogin(clients.oidc, sb.url, sso.startUrl)).tokens.accessToken;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.clearFaults();
});

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

function withCredentials<C>(
  make: new (config: object) => C,
  c: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string },
): C {
  return new make({
    endpoint: sb.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: c.accessKeyId!,
      secretAccessKey: c.secretAccessKey!,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
  });
}

describe('portal listings', () => {
  it('ListAccounts pages by the scenario page size (and a smaller maxResults)', async () => {
    const pages = await collect(paginateListAccounts({ client: portal }, { accessToken }));
    expect(pages.map((p) => p.accountList?.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.accountList ?? []).map((a) => a.accountId)).toEqual(many.map((a) => a.accountId));
    const small = await collect(paginateListAccounts({ client: portal, pageSize: 2 }, { accessToken }));
    expect(small.length).toBe(4);
    expect(small[0]?.accountList?.[0]).toEqual({ accountId: '100000000000', accountName: 'acct-0' });
  });

  it('ListAccountRoles pages too; bad maxResults, a bad token and an unassigned account are refused', async () => {
    const pages = await collect(paginateListAccountRoles({ client: portal }, { accessToken, accountId: '100000000004' }));
    expect(pages.map((p) => p.roleList?.map((r) => r.roleName))).toEqual([
      ['A', 'B', 'C'],
      ['D', 'E'],
    ]);
    expect(pages[0]?.roleList?.[0]).toEqual({ roleName: 'A', accountId: '100000000004' });
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken, maxResults: 0 })))).toMatchObject({
      name: 'InvalidRequestException',
      status: 400,
    });
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken, nextToken: 'garbage' })))).toMatchObject({
      name: 'InvalidRequestException',
    });
    expect(await failure(portal.send(new ListAccountRolesCommand({ accessToken, accountId: '999999999999' })))).toMatchObject({
      name: 'ForbiddenException',
      status: 403,
      message: 'No access',
    });
  });

  it('an unknown token is Unauthorized (401), as is any call once faulted', async () => {
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken: 'aoaNOPE' })))).toEqual({
      name: 'UnauthorizedException',
      status: 401,
      message: 'Session token not found or invalid',
    });
    sb.addFault({ service: 'sso', op: 'ListAccounts', kind: 'throttle', times: 1 });
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken })))).toMatchObject({
      name: 'TooManyRequestsException',
      status: 429,
    });
  });
});

describe('role credentials', () => {
  it('STS and RDS accept them as the assumed SSO role; without the session token they are invalid', async () => {
    const { roleCredentials: c } = await portal.send(
      new GetRoleCredentialsCommand({ accessToken, accountId: '100000000003', roleName: 'C' }),
    );
    expect(c?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c!.expiration! - sb.clock.now()).toBeGreaterThan(800_000);
    expect(c!.expiration! - sb.clock.now()).toBeLessThanOrEqual(900_000);
    const id = await withCredentials(STSClient, c!).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: '100000000003', UserId: expect.stringMatching(/^AROA[0-9A-F]{17}:alice@example\.com$/) });
    expect(id.Arn).toMatch(/^arn:aws:sts::100000000003:assumed-role\/AWSReservedSSO_C_[0-9a-f]{16}\/alice@example\.com$/);
    const dbs = await withCredentials(RDSClient, c!).send(new DescribeDBInstancesCommand({}));
    expect(dbs.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['orders']);
    const noToken = withCredentials(STSClient, { ...c!, sessionToken: undefined });
    expect(await failure(noToken.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(
      await failure(portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: '100000000003', roleName: 'Z' }))),
    ).toMatchObject({
      name: 'ForbiddenException',
    });
  });

  it('they expire on the sandbox clock with ExpiredToken; the access token with Unauthorized', async () => {
    const { roleCredentials: c } = await portal.send(
      new GetRoleCredentialsCommand({ accessToken, accountId: '100000000003', roleName: 'A' }),
    );
    const sts = withCredentials(STSClient, c!);
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '100000000003' });
    const clock = await fetch(`${sb.url}/_sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 901_000 }) });
    expect(((await clock.json()) as { offsetMs: number }).offsetMs).toBeGreaterThanOrEqual(901_000);
    expect(await failure(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'ExpiredToken', status: 403 });
    expect(await failure(withCredentials(RDSClient, c!).send(new DescribeDBInstancesCommand({})))).toMatchObject({ name: 'ExpiredToken' });
    await expect(portal.send(new ListAccountsCommand({ accessToken }))).resolves.toBeDefined();
    sb.clock.advance(1800_000);
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken })))).toMatchObject({ name: 'UnauthorizedException' });
  });

  it('Logout ends the session', async () => {
    const clients = ssoClients(sb.url, sso.region);
    const fresh = (await authCodeLogin(clients.oidc, sb.url, sso.startUrl)).tokens.accessToken;
    await expect(portal.send(new ListAccountsCommand({ accessToken: fresh }))).resolves.toBeDefined();
    await portal.send(new LogoutCommand({ accessToken: fresh }));
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken: fresh })))).toMatchObject({ name: 'UnauthorizedException' });
  });
});
