import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import type { DaemonStatus } from '../../../shared/api';
import { prefetchInventory } from '../features/inventory/api/get-inventory';
import { statusKey } from '../features/status/api/get-status';
import { createQueryClient } from '../lib/query-client';
import { Dashboard } from './dashboard';
import { SignedOut } from './signed-out';
import { useFirstLookGate } from './use-first-look-gate';

/** The longest the page waits for the first look before it renders without it. */
const FIRST_LOOK_WAIT_MS = 250;

export function Root() {
  const [signedOut, setSignedOut] = useState(false);
  const [firstLook] = useState(() => {
    const client = createQueryClient(() => setSignedOut(true));
    return { client, settled: prefetchInventory(client) };
  });
  const client = firstLook.client;
  const ready = useFirstLookGate(firstLook.settled, FIRST_LOOK_WAIT_MS);
  // The last status this browser saw names the command that opens this daemon (its port and folder).
  if (signedOut) return <SignedOut openCommand={client.getQueryData<DaemonStatus>(statusKey)?.openCommand} />;
  if (!ready) return null;
  return (
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>
  );
}
