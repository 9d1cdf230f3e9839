// Test wiring (not shipped) for the paths room: the diagnosis world's account and jump host with databases whose
// RDS ports are the test's own listeners (a TLS PostgreSQL for `orders`, a port that never answers for `vault`),
// two Client VPN endpoints into their VPC (mutual TLS with a kit's CA and CRL, SAML with dba / dev-team rules),
// a certificate kit with alice (good), bob (revoked), soon (expires in 10 days) and a stranger from another kit,
// and the name lookup that maps the RDS names to loopback, as the daemon's dns.lookup would over a VPN.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withClientVpn, type ClientVpnWorld } from '../../e2e/sandbox/client-vpn-builder.js';
import { healthyIam, withHealthyNetwork } from '../../e2e/sandbox/network-builder.js';
import type { RegionData, Scenario } from '../../e2e/sandbox/scenario.js';
import { account, dbInstance, jumpHost } from '../../e2e/sandbox/scenario-builder.js';
import { CertKit } from '../../server/paths/cert-kit/cert-kit.js';
import type { LookupAddress } from '../../server/paths/direct/find-direct-path.js';
import { ACCOUNT, PROFILE, REGION, USER, VPC } from '../diagnosis/diagnosis-world.js';

export { ACCOUNT, PROFILE, REGION, USER, VPC };
export const ACCESS_KEY = 'AKIDTEST';
export const HOST = jumpHost(1, { name: 'bastion' });

export interface PathsPorts {
  /** The TLS PostgreSQL behind `orders`. */
  orders: number;
  /** A port that never answers, behind `vault`. */
  vault: number;
}

export interface PathsWorld {
  scenario: Scenario;
  vpn: ClientVpnWorld;
  ordersHost: string;
  vaultHost: string;
  targetId: (identifier: string) => string;
}

export function pathsWorld(ports: PathsPorts, kit?: KitPem): PathsWorld {
  const orders = dbInstance('orders', REGION, { port: ports.orders, masterUsername: 'postgres', dbName: 'postgres' });
  const vault = dbInstance('vault', REGION, { port: ports.vault });
  const cell: RegionData = withHealthyNetwork({
    dbInstances: [orders, vault],
    ec2Instances: [HOST.ec2],
    managedInstances: [HOST.managed],
  });
  const vpn = withClientVpn(cell, {
    vpcId: VPC,
    region: REGION,
    accountId: ACCOUNT,
    ...(kit ? { caPem: kit.caPem, crlPem: kit.crlPem } : {}),
  });
  const scenario: Scenario = {
    accounts: { [ACCESS_KEY]: account(ACCOUNT, USER) },
    data: { [ACCOUNT]: { [REGION]: cell } },
    iam: { [ACCOUNT]: healthyIam(USER) },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
  };
  return {
    scenario,
    vpn,
    ordersHost: orders.address!,
    vaultHost: vault.address!,
    targetId: (identifier) => `${PROFILE}:${REGION}:instance:${identifier}`,
  };
}

/** dns.lookup's shape over a fixed map (what a VPN's pushed DNS would answer); other names are ENOTFOUND. */
export function mappedLookup(names: Record<string, string>): (hostname: string, options: { all: true }) => Promise<LookupAddress[]> {
  return async (hostname) => {
    const address = names[hostname];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: 4 }];
  };
}

export interface KitPem {
  dir: string;
  caPem: string;
  crlPem: string;
  /** PEM text and file paths per client: alice (good), bob (revoked), soon (10 days left), stranger (another CA). */
  clients: Record<'alice' | 'bob' | 'soon' | 'stranger', { cert: string; key: string; certPath: string; keyPath: string }>;
}

/** A kit as an administrator would make it for the mutual-TLS endpoint (RSA keys take a moment). */
export async function makeKit(root: string): Promise<KitPem> {
  const kit = await CertKit.create(join(root, 'kit'));
  await kit.issueServer('vpn.porthole.test');
  const load = async (files: { certPath: string; keyPath: string }) => ({
    cert: await readFile(files.certPath, 'utf8'),
    key: await readFile(files.keyPath, 'utf8'),
    certPath: files.certPath,
    keyPath: files.keyPath,
  });
  const alice = await load(await kit.issueClient('alice'));
  const bob = await load(await kit.issueClient('bob'));
  const soon = await load(await kit.issueClient('soon', { validDays: 10 }));
  await kit.revokeClient('bob');
  const stranger = await load(await (await CertKit.create(join(root, 'other-kit'))).issueClient('stranger'));
  return {
    dir: kit.dir,
    caPem: await readFile(kit.caPath, 'utf8'),
    crlPem: await readFile(kit.crlPath, 'utf8'),
    clients: { alice, bob, soon, stranger },
  };
}
