// Test kit for component tests (imported by *.test.tsx only): render inside the providers the app gives.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { Tunnel } from '../../../shared/api';
import type { StreamStatus } from '../lib/events';
import { LinkContext } from '../lib/link';

afterEach(cleanup);

// jsdom has no matchMedia: every media query is false here (a wide window, no reduced motion).
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

export function renderWith(ui: ReactElement, { link = 'live' as StreamStatus } = {}): RenderResult & { client: QueryClient } {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const result = render(
    <QueryClientProvider client={client}>
      <LinkContext.Provider value={link}>{ui}</LinkContext.Provider>
    </QueryClientProvider>,
  );
  return { ...result, client };
}

export function tunnel(patch: Partial<Tunnel> = {}): Tunnel {
  return {
    id: 't-1',
    name: 'orders-dev',
    profile: 'acme-dev',
    region: 'us-east-1',
    target: {
      id: 'acme-dev:us-east-1:instance:orders-dev',
      host: 'orders-dev.abc.us-east-1.rds.amazonaws.com',
      port: 5432,
      name: 'orders-dev',
      engine: 'postgres',
    },
    jumpHostId: 'i-00000000000000001',
    localPort: 5432,
    lazy: true,
    autoStart: true,
    state: 'healthy',
    since: new Date(Date.now() - 60_000).toISOString(),
    openedAt: new Date(Date.now() - 60_000).toISOString(),
    reason: 'the database answered the health probe',
    stats: { activeConnections: 0, totalConnections: 2, bytesIn: 1024, bytesOut: 512, restarts: 1, destinationFailures: 0 },
    health: { status: 'healthy', layers: [] },
    ...patch,
  };
}
