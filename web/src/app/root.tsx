import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DaemonStatus, SharedHostsResponse } from '../../../shared/api';
import { prefetchInventory, seedFirstLook } from '../features/inventory/api/get-inventory';
import { statusKey } from '../features/status/api/get-status';
import { endMatchedRender } from '../lib/first-render';
import { createQueryClient } from '../lib/query-client';
import { Dashboard } from './dashboard';
import { SignedOut } from './signed-out';
import { useFirstLookGate } from './use-first-look-gate';

/** The longest the page waits for the first look before it renders without it. */
const FIRST_LOOK_WAIT_MS = 250;

/**
 * `firstLook`: the inventory the daemon rendered the page with (render-first-look.tsx); without it, the page asks
 * for it and renders once it is in.
 */
export function Root({ firstLook }: { firstLook?: SharedHostsResponse }) {
  const [signedOut, setSignedOut] = useState(false);
  const [start] = useState(() => {
    const client = createQueryClient(() => setSignedOut(true));
    if (firstLook) seedFirstLook(client, firstLook);
    return { client, settled: firstLook ? undefined : prefetchInventory(client) };
  });
  const client = start.client;
  const ready = useFirstLookGate(start.settled, FIRST_LOOK_WAIT_MS);
  useEffect(endMatchedRender, []);
  // The last status this browser saw names the command that opens this daemon (its port and folder).
  if (signedOut) return <SignedOut openCommand={client.getQueryData<DaemonStatus>(statusKey)?.openCommand} />;
  if (!ready) return null;
  return (
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>
  );
}
