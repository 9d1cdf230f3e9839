import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import type { DaemonStatus } from '../../../shared/api';
import { prefetchInventory } from '../features/inventory/api/get-inventory';
import { statusKey } from '../features/status/api/get-status';
import { createQueryClient } from '../lib/query-client';
import { Dashboard } from './dashboard';
import { SignedOut } from './signed-out';

export function Root() {
  const [signedOut, setSignedOut] = useState(false);
  const [client] = useState(() => {
    const created = createQueryClient(() => setSignedOut(true));
    void prefetchInventory(created);
    return created;
  });
  // The last status this browser saw names the command that opens this daemon (its port and folder).
  if (signedOut) return <SignedOut openCommand={client.getQueryData<DaemonStatus>(statusKey)?.openCommand} />;
  return (
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>
  );
}
