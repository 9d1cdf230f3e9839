import { describe, expect, it } from 'vitest';
import type { Target } from '../shared/api.js';
import { testTunnel } from '../testing/connect/fixtures.js';
import { CliError } from './cli-error.js';
import { closeMatches, editDistance, resolveName, type Candidates } from './names.js';

function target(profile: string, region: string, identifier: string): Target {
  return {
    id: `${profile}:${region}:instance:${identifier}`,
    profile,
    region,
    kind: 'instance',
    identifier,
    name: identifier,
    engine: 'postgres',
    host: `${identifier}.abc.${region}.rds.amazonaws.com`,
    port: 5432,
    status: 'available',
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [],
  };
}

const ordersDev = target('dev', 'us-east-1', 'orders-dev');
const ordersProd = target('prod', 'us-east-1', 'orders-prod');
const usersProd = target('prod', 'us-east-1', 'users');
const usersProdEu = target('prod', 'eu-west-1', 'users');
const tunnel = testTunnel({ id: ordersDev.id, name: 'orders-dev', host: ordersDev.host }, { id: 't-1', name: 'orders-dev' });
const renamed = testTunnel({ id: ordersProd.id, name: 'orders-prod', host: ordersProd.host }, { id: 't-2', name: 'Orders (prod)' });
const candidates: Candidates = { tunnels: [tunnel, renamed], targets: [ordersDev, ordersProd, usersProd, usersProdEu] };

function error(name: string): CliError {
  try {
    resolveName(name, candidates);
  } catch (caught) {
    if (caught instanceof CliError) return caught;
    throw caught;
  }
  throw new Error(`${name} resolved`);
}

describe('names', () => {
  it('resolve a tunnel by id or name, and a database by name, identifier or id (its tunnel when it has one)', () => {
    expect(resolveName('t-2', candidates)).toMatchObject({ kind: 'tunnel', tunnel: { id: 't-2' } });
    expect(resolveName('Orders (prod)', candidates)).toMatchObject({ kind: 'tunnel', tunnel: { id: 't-2' } });
    expect(resolveName('orders-prod', candidates)).toMatchObject({ kind: 'tunnel', tunnel: { id: 't-2' } });
    expect(resolveName(ordersDev.id, candidates)).toMatchObject({ kind: 'tunnel', tunnel: { id: 't-1' } });
    expect(resolveName(usersProdEu.id, candidates)).toEqual({ kind: 'target', target: usersProdEu });
  });

  it('fall back to any letter case', () => {
    expect(resolveName('ORDERS-DEV', candidates)).toMatchObject({ kind: 'tunnel', tunnel: { id: 't-1' } });
  });

  it('say in one line when a name means several, naming each by its id', () => {
    const ambiguous = error('users');
    expect(ambiguous.code).toBe('AMBIGUOUS_NAME');
    expect(ambiguous.line()).toBe(`"users" is ambiguous: users (${usersProd.id}), users (${usersProdEu.id}). Name it by its id.`);
  });

  it('list close matches for an unknown name, in one line', () => {
    const unknown = error('ordrs-dev');
    expect(unknown.code).toBe('UNKNOWN_NAME');
    expect(unknown.line()).toBe('No tunnel or database is named "ordrs-dev". Did you mean orders-dev?');
    expect(error('order').line()).toBe('No tunnel or database is named "order". Did you mean orders-dev, orders-prod, Orders (prod)?');
    expect(error('zzzzzz').line()).toBe('No tunnel or database is named "zzzzzz". See `porthole ls` for the names.');
  });
});

describe('close matches', () => {
  it('measure edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('keep names a few typos away or containing the input, nearest first', () => {
    expect(closeMatches('billing', ['billing-dev', 'biling', 'orders', 'Billing'])).toEqual(['Billing', 'biling', 'billing-dev']);
    expect(closeMatches('ab', ['xy', 'abc', 'a'])).toEqual(['a', 'abc']);
  });
});
