import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Toaster } from 'sonner';
import { createQueryClient } from '../lib/query-client';
import { Dashboard } from './dashboard';
import { SignedOut } from './signed-out';

export function Root() {
  const [signedOut, setSignedOut] = useState(false);
  const [client] = useState(() => createQueryClient(() => setSignedOut(true)));
  if (signedOut) return <SignedOut />;
  return (
    <QueryClientProvider client={client}>
      <Dashboard />
      <Toaster position="bottom-right" theme="system" richColors closeButton />
    </QueryClientProvider>
  );
}
