import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from './api';

/**
 * Server state lives here. Nothing refetches on a timer or on focus: the event stream keeps tunnels and
 * status current and tells us when an inventory slice changed.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (err: unknown) => {
    if (isUnauthorized(err)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (count, err) => !isUnauthorized(err) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}
