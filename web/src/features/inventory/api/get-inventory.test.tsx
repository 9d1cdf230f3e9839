// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SharedHostsSlice } from '../../../../../shared/api';
import { stubApi } from '../../../test/fetch-stub';
import { inventoryKey, prefetchInventory, useFirstLookRefs, useInventory } from './get-inventory';

afterEach(cleanup);

// As the daemon sends them (`?eligibility=shared`): each target's eligible hosts by index into `hostSets`.
const slice = (profile: string, region: string, names: string[]): SharedHostsSlice =>
  ({
    profile,
    region,
    targets: names.map((name, i) => ({ id: `${profile}:${region}:${name}`, name, eligibleHostSet: i % 2 })),
    hostSets: [['i-1', 'i-2'], []],
    hosts: [],
    errors: [],
  }) as unknown as SharedHostsSlice;

const refs = [
  { profile: 'dev', region: 'us-east-1' },
  { profile: 'dev', region: 'eu-west-1' },
];

function mount(client: QueryClient, list = refs) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return renderHook(() => useInventory(list), { wrapper });
}

const names = (result: { current: ReturnType<typeof useInventory> }) => result.current.map((r) => r.slice?.targets.map((t) => t.name));

describe('the first look at the inventory (issue 17)', () => {
  it('gives every slice from one request, even when the table mounts while it is under way', async () => {
    let answer: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const calls = stubApi({
      'GET /api/inventory?eligibility=shared': {
        body: { slices: [slice('dev', 'us-east-1', ['a']), slice('dev', 'eu-west-1', ['b'])] },
      },
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const fetchOriginal = globalThis.fetch;
    // The first answer waits until the table has mounted.
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      await held;
      return fetchOriginal(...args);
    }) as typeof fetch;
    const first = prefetchInventory(client);
    const { result } = mount(client);
    answer!();
    await first;
    await waitFor(() => expect(names(result)).toEqual([['a'], ['b']]));
    expect(result.current.map((r) => r.slice?.targets[0]?.eligibleHostIds)).toEqual([
      ['i-1', 'i-2'],
      ['i-1', 'i-2'],
    ]);
    expect(calls.map((call) => call.url)).toEqual(['/api/inventory?eligibility=shared']);
  });

  it('seeds the slices when it ends before the table mounts, and later fetches ask for one slice', async () => {
    const calls = stubApi({
      'GET /api/inventory?eligibility=shared': {
        body: { slices: [slice('dev', 'us-east-1', ['a']), slice('dev', 'eu-west-1', ['b'])] },
      },
      'GET /api/inventory?profile=dev&region=us-east-1&eligibility=shared': {
        body: { slices: [slice('dev', 'us-east-1', ['a', 'c'])] },
      },
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    await prefetchInventory(client);
    const { result } = mount(client);
    expect(names(result)).toEqual([['a'], ['b']]);
    await client.invalidateQueries({ queryKey: inventoryKey('dev', 'us-east-1') });
    await waitFor(() => expect(names(result)).toEqual([['a', 'c'], ['b']]));
    // The lists sent once are each target's eligibleHostIds again.
    expect(result.current[0]?.slice?.targets.map((t) => t.eligibleHostIds)).toEqual([['i-1', 'i-2'], []]);
    expect(calls.map((call) => call.url)).toEqual([
      '/api/inventory?eligibility=shared',
      '/api/inventory?profile=dev&region=us-east-1&eligibility=shared',
    ]);
  });

  it('asks for a slice on its own when the first look does not have it or failed', async () => {
    const calls = stubApi({
      'GET /api/inventory?eligibility=shared': { status: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } },
      'GET /api/inventory?profile=dev&region=us-east-1&eligibility=shared': { body: { slices: [slice('dev', 'us-east-1', ['a'])] } },
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const first = prefetchInventory(client);
    const { result } = mount(client, [refs[0]!]);
    await first;
    await waitFor(() => expect(names(result)).toEqual([['a']]));
    expect(calls.map((call) => call.url)).toEqual([
      '/api/inventory?eligibility=shared',
      '/api/inventory?profile=dev&region=us-east-1&eligibility=shared',
    ]);
  });

  it('names its slices for the table before the profiles answer', async () => {
    stubApi({
      'GET /api/inventory?eligibility=shared': {
        body: { slices: [slice('dev', 'us-east-1', ['a']), slice('ops', 'eu-west-1', ['b'])] },
      },
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useFirstLookRefs(), { wrapper });
    expect(result.current).toBeUndefined();
    await prefetchInventory(client);
    await waitFor(() =>
      expect(result.current).toEqual([
        { profile: 'dev', region: 'us-east-1' },
        { profile: 'ops', region: 'eu-west-1' },
      ]),
    );
  });
});
